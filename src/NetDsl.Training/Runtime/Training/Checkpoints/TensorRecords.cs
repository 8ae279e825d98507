using System.Collections.Generic;
using System.IO;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>A list of named tensors in a checkpoint: key, dtype, shape, raw bytes.</summary>
    static class TensorRecords
    {
        public static void Write(BinaryWriter writer, IReadOnlyDictionary<string, Tensor> tensors)
        {
            writer.Write(tensors.Count);
            foreach (var (key, tensor) in tensors)
            {
                using var scope = NewDisposeScope();
                Tensor cpu = tensor.detach().cpu().contiguous();
                writer.Write(key);
                writer.Write((int)cpu.dtype);
                writer.Write(cpu.shape.Length);
                foreach (long d in cpu.shape) writer.Write(d);
                byte[] bytes = cpu.bytes.ToArray();
                writer.Write(bytes.Length);
                writer.Write(bytes);
            }
        }

        /// <summary>Reads the next tensor list as CPU tensors the caller disposes.</summary>
        public static List<(string key, Tensor value)> Read(BinaryReader reader)
        {
            int count = reader.ReadInt32();
            if (count < 0) throw new EndOfStreamException($"negative tensor count {count}");
            var tensors = new List<(string, Tensor)>();
            try
            {
                for (int i = 0; i < count; i++)
                {
                    string key = reader.ReadString();
                    var dtype = (ScalarType)reader.ReadInt32();
                    int size = ElementSize(dtype);
                    if (size == 0) throw new EndOfStreamException($"tensor {key} has an unknown dtype {(int)dtype}");
                    int rank = reader.ReadInt32();
                    if (rank < 0 || rank > 16) throw new EndOfStreamException($"tensor {key} has an impossible rank {rank}");
                    var dims = new long[rank];
                    long bytesNeeded = size;
                    for (int d = 0; d < dims.Length; d++)
                    {
                        dims[d] = reader.ReadInt64();
                        if (dims[d] < 0 || dims[d] > int.MaxValue) throw new EndOfStreamException($"tensor {key} has an impossible dimension {dims[d]}");
                        bytesNeeded = dims[d] == 0 ? 0 : bytesNeeded > long.MaxValue / dims[d] ? long.MaxValue : bytesNeeded * dims[d];
                    }
                    int length = reader.ReadInt32();
                    // Checked against the shape and the bytes left in the file before anything is allocated.
                    if (length != bytesNeeded) throw new EndOfStreamException($"tensor {key} has {length} bytes for shape [{string.Join(", ", dims)}] of {dtype}");
                    if (length > reader.BaseStream.Length - reader.BaseStream.Position)
                        throw new EndOfStreamException($"tensor {key} cut short");
                    byte[] bytes = reader.ReadBytes(length);
                    Tensor loaded = empty(dims, dtype);
                    tensors.Add((key, loaded));
                    if (length > 0) loaded.bytes = bytes;
                }
                return tensors;
            }
            catch
            {
                Dispose(tensors);
                throw;
            }
        }

        /// <summary>Bytes per element of the dtypes a checkpoint holds; 0 for any other value.</summary>
        static int ElementSize(ScalarType type) => type switch
        {
            ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
            ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
            ScalarType.Int32 or ScalarType.Float32 => 4,
            ScalarType.Int64 or ScalarType.Float64 => 8,
            _ => 0,
        };

        public static void Dispose(List<(string key, Tensor value)> tensors)
        {
            foreach (var (_, tensor) in tensors) tensor.Dispose();
        }
    }
}
