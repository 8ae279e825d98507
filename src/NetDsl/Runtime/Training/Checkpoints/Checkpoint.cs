using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>Everything about a checkpoint except the tensors: enough to continue a run exactly.</summary>
    public sealed record CheckpointInfo(string ModelName, string Input, int Epoch, long Step, int Seed, IReadOnlyList<EpochMetrics> History);

    /// <summary>
    /// The training checkpoint: a header (<see cref="CheckpointInfo"/>), every state-dict tensor of the
    /// model (parameters and buffers, by key), and the optimizer's momentum buffers (by parameter name). Writes go to
    /// a temporary file in the same folder that replaces the old checkpoint only once complete, so a
    /// crash never leaves a half-written checkpoint behind.
    /// </summary>
    public static class Checkpoint
    {
        public const string FileName = "checkpoint.bin";
        static readonly byte[] Magic = Encoding.ASCII.GetBytes("NETDSLCK");
        const int FormatVersion = 1;
        const string Trailer = "END";

        public static void Save(string path, CheckpointInfo info, nn.Module model, MomentumSgd? optimizer)
        {
            string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            Directory.CreateDirectory(directory);
            string temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
                {
                    using (var writer = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true)) Write(writer, info, model, optimizer);
                    file.Flush(flushToDisk: true);
                }
                File.Move(temporary, path, overwrite: true);
            }
            catch
            {
                if (File.Exists(temporary)) File.Delete(temporary);
                throw;
            }
        }

        /// <summary>Reads the header only, e.g. to check a resume matches the model.</summary>
        public static CheckpointInfo ReadInfo(string path) => Read(path, reader => ReadHeader(path, reader));

        /// <summary>Restores <paramref name="model"/> (and <paramref name="optimizer"/>) and returns the header.</summary>
        public static CheckpointInfo Load(string path, nn.Module model, MomentumSgd? optimizer) => Read(path, reader =>
        {
            var info = ReadHeader(path, reader);
            ReadModelState(path, reader, model);
            ReadMomentum(path, reader, optimizer);
            if (reader.ReadString() != Trailer) throw new InvalidDataException($"{path}: corrupt checkpoint: missing end marker");
            return info;
        });

        static void Write(BinaryWriter writer, CheckpointInfo info, nn.Module model, MomentumSgd? optimizer)
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(info.ModelName);
            writer.Write(info.Input);
            writer.Write(info.Epoch);
            writer.Write(info.Step);
            writer.Write(info.Seed);
            writer.Write(JsonSerializer.Serialize(info.History));

            WriteTensors(writer, model.state_dict());
            WriteTensors(writer, optimizer?.MomentumBuffers ?? new Dictionary<string, Tensor>());
            writer.Write(Trailer);
        }

        static CheckpointInfo ReadHeader(string path, BinaryReader reader)
        {
            byte[] magic = reader.ReadBytes(Magic.Length);
            if (!magic.AsSpan().SequenceEqual(Magic)) throw new InvalidDataException($"{path}: not a NetDsl checkpoint (bad header)");
            int version = reader.ReadInt32();
            if (version != FormatVersion)
                throw new InvalidDataException($"{path}: checkpoint format {version} is not supported (expected {FormatVersion})");
            string model = reader.ReadString(), input = reader.ReadString();
            int epoch = reader.ReadInt32();
            long step = reader.ReadInt64();
            int seed = reader.ReadInt32();
            var history = JsonSerializer.Deserialize<List<EpochMetrics>>(reader.ReadString()) ?? new List<EpochMetrics>();
            return new CheckpointInfo(model, input, epoch, step, seed, history);
        }

        static void WriteTensors(BinaryWriter writer, IReadOnlyDictionary<string, Tensor> tensors)
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
        static List<(string key, Tensor value)> ReadTensors(BinaryReader reader)
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

        static void Dispose(List<(string key, Tensor value)> tensors)
        {
            foreach (var (_, tensor) in tensors) tensor.Dispose();
        }

        /// <summary>Checks every entry against the model before copying any, so a bad checkpoint leaves the model as it was.</summary>
        static void ReadModelState(string path, BinaryReader reader, nn.Module model)
        {
            var target = model.state_dict();
            var loaded = ReadTensors(reader);
            try
            {
                var seen = new HashSet<string>();
                foreach (var (key, value) in loaded)
                {
                    if (!target.TryGetValue(key, out Tensor? into))
                        throw new InvalidDataException($"{path}: checkpoint holds '{key}', which the model does not have");
                    if (!into.shape.AsSpan().SequenceEqual(value.shape))
                        throw new InvalidDataException($"{path}: '{key}' has shape [{string.Join(", ", value.shape)}] but the model expects [{string.Join(", ", into.shape)}]");
                    seen.Add(key);
                }
                foreach (string key in target.Keys)
                    if (!seen.Contains(key)) throw new InvalidDataException($"{path}: checkpoint lacks '{key}'");
                using (no_grad())
                    foreach (var (key, value) in loaded) target[key].copy_(value);
            }
            finally
            {
                Dispose(loaded);
            }
        }

        static void ReadMomentum(string path, BinaryReader reader, MomentumSgd? optimizer)
        {
            var loaded = ReadTensors(reader);
            try
            {
                foreach (var (key, value) in loaded) optimizer?.SetMomentumBuffer(key, value);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"{path}: {e.Message}", e);
            }
            finally
            {
                Dispose(loaded);
            }
        }

        static T Read<T>(string path, Func<BinaryReader, T> read)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: checkpoint not found", path);
            try
            {
                using var file = File.OpenRead(path);
                using var reader = new BinaryReader(file, Encoding.UTF8);
                return read(reader);
            }
            catch (Exception e) when (e is EndOfStreamException or JsonException or FormatException or DecoderFallbackException
                                          or System.Runtime.InteropServices.ExternalException)
            {
                throw new InvalidDataException($"{path}: truncated or corrupt checkpoint ({e.Message})", e);
            }
        }
    }
}
