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
            if (count < 0) throw new InvalidDataException($"negative tensor count {count}");
            var tensors = new List<(string, Tensor)>();
            try
            {
                for (int i = 0; i < count; i++)
                {
                    string key = reader.ReadString();
                    var dtype = (ScalarType)reader.ReadInt32();
                    int rank = reader.ReadInt32();
                    if (rank < 0 || rank > 16) throw new EndOfStreamException($"tensor {key} has an impossible rank {rank}");
                    var dims = new long[rank];
                    for (int d = 0; d < dims.Length; d++) dims[d] = reader.ReadInt64();
                    int length = reader.ReadInt32();
                    if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
                        throw new EndOfStreamException($"tensor {key} cut short");
                    byte[] bytes = reader.ReadBytes(length);
                    Tensor loaded = empty(dims, dtype);
                    tensors.Add((key, loaded));
                    if (loaded.numel() * loaded.element_size() != length) throw new EndOfStreamException($"tensor {key} has {length} bytes for shape [{string.Join(", ", dims)}]");
                    loaded.bytes = bytes;
                }
                return tensors;
            }
            catch
            {
                Dispose(tensors);
                throw;
            }
        }

        public static void Dispose(List<(string key, Tensor value)> tensors)
        {
            foreach (var (_, tensor) in tensors) tensor.Dispose();
        }
    }
}
