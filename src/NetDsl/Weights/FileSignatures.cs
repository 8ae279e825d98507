using System;

namespace NetDsl.Weights
{
    /// <summary>The first bytes of the files NetDsl writes, so a reader handed the wrong kind names it.</summary>
    public static class FileSignatures
    {
        /// <summary>A training checkpoint (<c>checkpoint.bin</c>, <c>best.bin</c>): read as a safetensors header length it is 5423262296796579150.</summary>
        public static ReadOnlySpan<byte> NetDslCheckpoint => "NETDSLCK"u8;

        /// <summary>
        /// Whether <paramref name="head"/> starts as a Python pickle does (the PROTO opcode 0x80 and a protocol 2 to 5): PyTorch's legacy
        /// (pre-1.6, non-zip) <c>torch.save</c> files begin with a pickled magic number, <c>80 02 8a 0a 6c fc 9c 46 …</c>.
        /// </summary>
        public static bool IsPickle(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5;
    }
}
