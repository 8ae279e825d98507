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

        /// <summary>
        /// Whether <paramref name="head"/> starts as an ONNX model does: a protobuf <c>ModelProto</c> whose first field is
        /// <c>ir_version</c> (tag 0x08, a one-byte version) followed by another of its fields (producer_name, producer_version,
        /// domain, model_version, doc_string, graph or opset_import).
        /// </summary>
        public static bool IsOnnx(ReadOnlySpan<byte> head) =>
            head.Length >= 3 && head[0] == 0x08 && head[1] is >= 1 and <= 0x7f && head[2] is 0x12 or 0x1a or 0x22 or 0x28 or 0x32 or 0x3a or 0x42;
    }
}
