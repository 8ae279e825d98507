using System.Collections.Generic;
using System.IO;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using NetDsl.Weights;

namespace NetDsl.Cli
{
    /// <summary>
    /// Where <c>eval</c>, <c>export</c> and <c>infer</c> take a model's weights from: a NetDsl training
    /// checkpoint (<c>--checkpoint FILE</c>: <c>checkpoint.bin</c>, <c>best.bin</c>; it also brings the input
    /// size the run trained at) or a safetensors state dict (<c>--weights FILE</c>). Each reader names the
    /// other option when handed the other kind of file.
    /// </summary>
    internal sealed class WeightSource
    {
        /// <summary>The safetensors metadata key that records a head sized away from the declaration (written by <c>export</c> and train.py).</summary>
        public const string ClassesKey = NetDsl.Weights.WeightLoader.ClassesMetadataKey;

        /// <summary>The safetensors metadata key that records the constructor arguments the model was built with (written by <c>export</c> and train.py).</summary>
        public const string ArgumentsKey = NetDsl.Weights.WeightLoader.ArgumentsMetadataKey;

        /// <summary>The safetensors metadata key that records the input size the weights were built at (written by <c>export</c> and the PyTorch export's train.py).</summary>
        public const string InputKey = NetDsl.Weights.WeightLoader.InputMetadataKey;

        WeightSource(string path, CheckpointInfo? info, int? classes, ModelArguments arguments, InferenceSettings? inference, TensorShape? recordedInput = null)
        {
            Path = path;
            Info = info;
            recorded = recordedInput;
            Classes = classes;
            Arguments = arguments;
            Inference = inference;
        }

        /// <summary>
        /// The normalisation and class names the weights were trained with: a checkpoint's run's (<see cref="InferenceSettings.From(CheckpointInfo)"/>),
        /// a safetensors file's metadata (written by <c>export</c>); null when the file records none.
        /// </summary>
        public InferenceSettings? Inference { get; }

        public string Path { get; }

        /// <summary>The checkpoint's header; null for safetensors weights.</summary>
        public CheckpointInfo? Info { get; }

        readonly TensorShape? recorded;

        /// <summary>
        /// The input size the weights were trained at: the checkpoint's run's, or a safetensors file's <c>netdsl.input</c> metadata;
        /// null when the file records none (the declared input). An explicit <c>--input</c> wins where a command has one.
        /// </summary>
        public TensorShape? Input => Info != null ? (TensorShape.TryParse(Info.Input, out TensorShape input) ? input : null) : recorded;

        /// <summary>
        /// The class count to build the model with: <c>--classes</c>, else the one the checkpoint's run trained (a head
        /// sized to its data) or a safetensors file's <c>netdsl.classes</c> metadata; null: the declared head.
        /// </summary>
        public int? Classes { get; }

        /// <summary>
        /// The constructor arguments to build the model with: <c>--arg</c>, else the checkpoint's run's or a safetensors
        /// file's <c>netdsl.arguments</c> metadata; <see cref="ModelArguments.None"/>: the declaration's defaults.
        /// </summary>
        public ModelArguments Arguments { get; }

        public string Description => Info == null ? $"weights from {Path}{(recorded is TensorShape r ? $" (input {r})" : "")}" : $"checkpoint {Path} (epoch {Info.Epoch}, input {Info.Input})";

        /// <summary>The one of --checkpoint / --weights given (null when neither is and <paramref name="required"/> is false).</summary>
        public static WeightSource? From(CliArguments args, ModelEntry entry, bool required)
        {
            string? checkpoint = args.Value("checkpoint"), weights = args.Value("weights");
            if (checkpoint != null && weights != null)
                throw new CliUsageException($"'{args.Command}' takes one of --checkpoint FILE or --weights FILE, not both");
            if (checkpoint == null && weights == null)
                return required ? throw new CliUsageException($"'{args.Command}' needs --checkpoint FILE (a NetDsl checkpoint) or --weights FILE (safetensors)") : null;
            string path = (checkpoint ?? weights)!;
            if (!File.Exists(path) && !(checkpoint != null && Directory.Exists(path)))
                throw new FileNotFoundException($"{path}: {(checkpoint != null ? "checkpoint" : "weights file")} not found", path);
            // A run folder stands for its best.bin, else its checkpoint.bin, as Predictor.Load reads it; the path taken is what
            // the commands print (from: …).
            if (checkpoint != null) path = CheckpointPath.Resolve(path);
            int? classes = args.Value("classes") == null ? null : args.Int("classes", 1, 1);
            var given = ModelBuild.Arguments(args, entry);
            if (checkpoint == null)
            {
                var metadata = Metadata(path);
                return new WeightSource(path, null, classes ?? RecordedClasses(metadata), given ?? RecordedArguments(path, metadata),
                    InferenceSettings.FromMetadata(metadata, path), RecordedInput(path, metadata));
            }
            var info = Checkpoint.ReadInfo(path);
            if (info.ModelName != entry.Name)
                throw new InvalidDataException($"{path}: was written for {info.ModelName}, not {entry.Name}");
            return new WeightSource(path, info, classes ?? info.Settings?.Classes, given ?? ModelArguments.Parse(info.Settings?.Arguments),
                InferenceSettings.From(info) with { Origin = $"recorded in {path}" });
        }

        /// <summary>The normalisation a weights file records (<c>netdsl.normalize</c>); null when it records none (a PyTorch .pth, bare weights).</summary>
        public static NetDsl.Runtime.Data.Augmentations.Normalize? RecordedNormalization(string path) =>
            InferenceSettings.FromMetadata(Metadata(path), path)?.Normalization;

        /// <summary>A safetensors file's metadata; empty for other files (a PyTorch .pth).</summary>
        static IReadOnlyDictionary<string, string> Metadata(string path)
        {
            if (!path.EndsWith(".safetensors", System.StringComparison.OrdinalIgnoreCase)) return new Dictionary<string, string>();
            using var file = SafeTensors.Open(path);
            return SafeTensors.ReadIndex(path, file).Metadata;
        }

        /// <summary>The <c>netdsl.classes</c> metadata; null when absent.</summary>
        static int? RecordedClasses(IReadOnlyDictionary<string, string> metadata) =>
            metadata.TryGetValue(ClassesKey, out string? text)
            && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n > 0 ? n : null;

        /// <summary>The <c>netdsl.input</c> metadata (C×H×W, or C×L); null when absent; a malformed value names the file.</summary>
        static TensorShape? RecordedInput(string path, IReadOnlyDictionary<string, string> metadata)
        {
            if (!metadata.TryGetValue(InputKey, out string? text)) return null;
            return TensorShape.TryParse(text, out TensorShape input) ? input
                : throw new InvalidDataException($"{path}: metadata {InputKey} '{text}' is not an input size (CxHxW)");
        }

        /// <summary>The <c>netdsl.arguments</c> metadata; a malformed value names the file.</summary>
        static ModelArguments RecordedArguments(string path, IReadOnlyDictionary<string, string> metadata)
        {
            if (!metadata.TryGetValue(ArgumentsKey, out string? text)) return ModelArguments.None;
            try { return ModelArguments.Parse(text); }
            catch (System.FormatException e) { throw new InvalidDataException($"{path}: metadata {ArgumentsKey}: {e.Message}"); }
        }

        /// <summary>
        /// Loads strictly: any missing, unexpected or mis-shaped key is an error and the model is left as it was. The commands
        /// that load this way (eval, export, infer, predict) only run the model, so it is left in eval mode.
        /// </summary>
        public void LoadInto(Network network)
        {
            if (Info != null) Checkpoint.Load(Path, network, null);
            else WeightLoader.Load(network, Path, strict: true);
            network.eval();
        }
    }
}
