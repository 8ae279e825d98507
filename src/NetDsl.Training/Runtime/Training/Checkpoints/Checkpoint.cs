using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// The training checkpoint: a header (<see cref="CheckpointInfo"/> with its <see cref="ResumePoint"/>), every
    /// state-dict tensor of the model (parameters and buffers, by key), and the optimizer's state tensors. Writes
    /// go to a temporary file in the same folder, flushed to disk, that replaces the old checkpoint only once
    /// complete, so a crash (even <c>kill -9</c>) never leaves a half-written checkpoint behind.
    /// </summary>
    public static class Checkpoint
    {
        /// <summary>The latest state of a run (epoch ends and mid-epoch saves).</summary>
        public const string FileName = "checkpoint.bin";

        /// <summary>The state after the epoch with the best test metric.</summary>
        public const string BestFileName = "best.bin";

        static readonly byte[] Magic = NetDsl.Weights.FileSignatures.NetDslCheckpoint.ToArray();

        /// <summary>3: a payload length and CRC-32 after the version, and the run's settings. 1 and 2 still load.</summary>
        public const int FormatVersion = 3;
        const string Trailer = "END";

        // The header's JSON goes through source-generated metadata (TrainingJson), so trimmed and AOT apps write it too.

        /// <summary>The run's settings as a checkpoint's header holds them.</summary>
        internal static string SettingsJson(RunSettings settings) => JsonSerializer.Serialize(settings, RunSettingsJson.Default.RunSettings);

        /// <summary>Writes the model's (and optimizer's) state with <paramref name="info"/> to <paramref name="path"/> atomically (a temporary file, then a rename).</summary>
        public static void Save(string path, CheckpointInfo info, nn.Module model, IOptimizer? optimizer)
        {
            NetDsl.Files.ReplacingWrite.To(path, file => CheckpointFraming.Write(file, Magic, FormatVersion, payload =>
            {
                using var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true);
                Write(writer, info, model, optimizer);
            }));
        }

        /// <summary>Reads the header only, e.g. to check a resume matches the model (the length is checked, not the checksum).</summary>
        public static CheckpointInfo ReadInfo(string path) => Read(path, verifyChecksum: false, (reader, version) => ReadHeader(path, reader, version));

        /// <summary>
        /// Why <paramref name="path"/> would not load (its framing, the payload's CRC-32 or its header, as <see cref="Load"/> checks
        /// them), without reading any tensor; null when it reads.
        /// </summary>
        internal static string? Damage(string path)
        {
            try
            {
                using var file = File.OpenRead(path);
                int version = CheckpointFraming.Open(path, file, Magic, FormatVersion, verifyChecksum: true);
                using var reader = new BinaryReader(file, Encoding.UTF8);
                ReadHeader(path, reader, version);
                return null;
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or JsonException or FormatException or DecoderFallbackException or IOException)
            {
                return e.Message.StartsWith(path, StringComparison.Ordinal) ? e.Message : $"{path}: {e.Message}";
            }
        }

        /// <summary>
        /// Reads the header of <paramref name="directory"/>'s <see cref="FileName"/> to resume that run. A missing, truncated or
        /// corrupt one is an error that also names <see cref="BestFileName"/> when that still reads, with its epoch, as the
        /// place the run can go on from (NetDsl never falls back to it silently: the epochs after it would be lost).
        /// </summary>
        public static CheckpointInfo ReadInfoToResume(string directory)
        {
            string path = Path.Combine(directory, FileName);
            try
            {
                if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no checkpoint to resume from", path);
                return ReadInfo(path);
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
            {
                throw PointToBest(directory, e);
            }
        }

        /// <summary>
        /// <paramref name="problem"/> with the way on from <see cref="BestFileName"/> added when it reads (<see cref="ReadInfoToResume"/>),
        /// else <paramref name="problem"/> itself.
        /// </summary>
        internal static Exception PointToBest(string directory, Exception problem)
        {
            string best = Path.Combine(directory, BestFileName), last = Path.Combine(directory, FileName);
            if (!File.Exists(best)) return problem;
            CheckpointInfo info;
            try { info = ReadInfo(best); }
            catch (InvalidDataException) { return problem; }
            string way = $"; {best} (after epoch {info.Epoch}) still reads: copy it to {last} to resume from epoch {info.Epoch}, or train into another ";
            return new InvalidDataException(problem.Message + way + "TrainerOptions.OutDir", problem)
                .WithCommandLine(CommandLineWording.For(problem) + way + "--out");
        }

        /// <summary>
        /// Restores <paramref name="model"/> (and <paramref name="optimizer"/>) and returns the header. The payload's
        /// checksum is verified first (format 3), so a truncated or bit-rotted file is named and never loaded. The model's
        /// train/eval mode is left as it was (a new model is in training mode, as a resumed run wants); to serve predictions,
        /// call <c>model.eval()</c> after loading, so calls from several threads run side by side (see <see cref="NetDsl.Prediction"/>).
        /// </summary>
        public static CheckpointInfo Load(string path, nn.Module model, IOptimizer? optimizer) => Read(path, verifyChecksum: true, (reader, version) =>
        {
            var info = ReadHeader(path, reader, version);
            ReadModelState(path, reader, model);
            ReadOptimizerState(path, reader, optimizer);
            if (reader.ReadString() != Trailer) throw new InvalidDataException($"{path}: corrupt checkpoint: missing end marker");
            if (optimizer != null && info.Position != null) optimizer.StepCount = info.Position.OptimizerSteps;
            else if (optimizer != null && version == 1) optimizer.StepCount = info.Step;
            return info;
        });

        static void Write(BinaryWriter writer, CheckpointInfo info, nn.Module model, IOptimizer? optimizer)
        {
            writer.Write(info.ModelName);
            writer.Write(info.Input);
            writer.Write(info.Epoch);
            writer.Write(info.Step);
            writer.Write(info.Seed);
            writer.Write(JsonSerializer.Serialize(info.History, TrainingJson.Default.IReadOnlyListEpochMetrics));
            writer.Write(JsonSerializer.Serialize(info.Position ?? ResumePoint.AtEpochEnd(optimizer?.Kind ?? "", optimizer?.StepCount ?? 0), TrainingJson.Default.ResumePoint));
            writer.Write(info.Settings == null ? "" : SettingsJson(info.Settings));
            TensorRecords.Write(writer, model.state_dict());
            TensorRecords.Write(writer, optimizer?.State ?? new Dictionary<string, Tensor>());
            writer.Write(Trailer);
        }

        static CheckpointInfo ReadHeader(string path, BinaryReader reader, int version)
        {
            string model = reader.ReadString(), input = reader.ReadString();
            int epoch = reader.ReadInt32();
            long step = reader.ReadInt64();
            int seed = reader.ReadInt32();
            var history = JsonSerializer.Deserialize(reader.ReadString(), TrainingJson.Default.ListEpochMetrics) ?? new List<EpochMetrics>();
            var position = version >= 2 ? JsonSerializer.Deserialize(reader.ReadString(), TrainingJson.Default.ResumePoint) : null;
            string settings = version >= 3 ? reader.ReadString() : "";
            var info = new CheckpointInfo(model, input, epoch, step, seed, history)
            {
                Position = position,
                Settings = settings.Length == 0 ? null : JsonSerializer.Deserialize(settings, TrainingJson.Default.RunSettings),
            };
            if (Invalid(info) is string field)
                throw new InvalidDataException($"{path}: corrupt checkpoint: its header holds {field}; nothing was loaded");
            return info;
        }

        /// <summary>
        /// The first header value no run can write (a negative count, a NaN sum, a loss scale that is not a positive finite
        /// number), as "Field = value"; null when every one is possible. The checksum does not cover a file written corrupt.
        /// </summary>
        static string? Invalid(CheckpointInfo info)
        {
            static string Show(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            if (info.Epoch < 0) return $"Epoch = {info.Epoch}";
            if (info.Step < 0) return $"Step = {info.Step}";
            if (info.Position is not { } p) return null;
            if (p.StepInEpoch < 0) return $"Position.StepInEpoch = {p.StepInEpoch}";
            if (p.Seen < 0) return $"Position.Seen = {p.Seen}";
            if (p.OptimizerSteps < 0) return $"Position.OptimizerSteps = {p.OptimizerSteps}";
            if (!double.IsFinite(p.LossSum)) return $"Position.LossSum = {Show(p.LossSum)}";
            if (p.TrainMetric == null || p.Optimizer == null || p.RandomState == null) return "a Position without its TrainMetric, Optimizer or RandomState";
            if (p.LossScale is { } s)
            {
                if (!(s.Scale > 0) || double.IsInfinity(s.Scale)) return $"LossScale.Scale = {Show(s.Scale)} (a loss scale is positive and finite)";
                if (s.GoodSteps < 0) return $"LossScale.GoodSteps = {s.GoodSteps}";
                if (s.SkippedSteps < 0) return $"LossScale.SkippedSteps = {s.SkippedSteps}";
            }
            return null;
        }

        /// <summary>
        /// Checks every entry against the model before copying any, so a bad checkpoint leaves the model as it was; every
        /// missing, unexpected and mis-shaped key is named at once, as <see cref="NetDsl.Weights.WeightLoader"/> names them.
        /// </summary>
        static void ReadModelState(string path, BinaryReader reader, nn.Module model)
        {
            var loaded = TensorRecords.Read(reader);
            try
            {
                var byKey = new Dictionary<string, Tensor>(StringComparer.Ordinal);
                foreach (var (key, value) in loaded) byKey[key] = value;
                NetDsl.Weights.WeightLoader.Load(model, byKey, strict: true, source: path + " (checkpoint)");
            }
            finally
            {
                TensorRecords.Dispose(loaded);
            }
        }

        static void ReadOptimizerState(string path, BinaryReader reader, IOptimizer? optimizer)
        {
            var loaded = TensorRecords.Read(reader);
            try
            {
                foreach (var (key, value) in loaded) optimizer?.SetState(key, value);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"{path}: {e.Message}", e);
            }
            finally
            {
                TensorRecords.Dispose(loaded);
            }
        }

        static T Read<T>(string path, bool verifyChecksum, Func<BinaryReader, int, T> read)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: checkpoint not found", path);
            try
            {
                using var file = File.OpenRead(path);
                int version = CheckpointFraming.Open(path, file, Magic, FormatVersion, verifyChecksum);
                using var reader = new BinaryReader(file, Encoding.UTF8);
                var result = read(reader, version);
                if (verifyChecksum && version >= 3 && file.Position != file.Length)
                    throw new InvalidDataException($"{path}: corrupt checkpoint: {file.Length - file.Position} bytes after the end marker");
                return result;
            }
            catch (Exception e) when (e is EndOfStreamException or JsonException or FormatException or DecoderFallbackException
                                          or NotSupportedException or System.Runtime.InteropServices.ExternalException
                                          or IOException and not FileNotFoundException)
            {
                throw new InvalidDataException($"{path}: truncated or corrupt checkpoint ({e.Message})", e);
            }
        }
    }
}
