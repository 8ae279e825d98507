using System;

namespace NetDsl.Weights
{
    /// <summary>The first bytes of the files NetDsl writes, so a reader handed the wrong kind names it.</summary>
    public static class FileSignatures
    {
        /// <summary>A training checkpoint (<c>checkpoint.bin</c>, <c>best.bin</c>): read as a safetensors header length it is 5423262296796579150.</summary>
        public static ReadOnlySpan<byte> NetDslCheckpoint => "NETDSLCK"u8;
    }
}
