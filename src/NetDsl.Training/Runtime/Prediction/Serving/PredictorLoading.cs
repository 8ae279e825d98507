using System;
using System.Collections.Generic;
using System.IO;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using TorchSharp;

namespace NetDsl
{
    public sealed partial class Predictor
    {
        /// <summary>
        /// A predictor for a training run's checkpoint in one call: <paramref name="runFolderOrCheckpoint"/> is a run folder (its
        /// <c>best.bin</c>, else its <c>checkpoint.bin</c>) or a checkpoint file. Its header gives the model's name, input size, head and
        /// arguments (built from <paramref name="models"/>: <c>Models.All</c> for the zoo), its normalisation and class names (the run's own,
        /// not ImageNet's, unless <see cref="PredictorOptions.Settings"/> says otherwise); the weights load strictly, onto
        /// <see cref="PredictorOptions.Device"/>, and the model is prepared for inference in <see cref="PredictorOptions.Precision"/>.
        /// The predictor owns the model: disposing it frees both.
        /// </summary>
        public static Predictor Load(string runFolderOrCheckpoint, IEnumerable<ModelEntry> models, PredictorOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(models);
            var entries = new List<ModelEntry>(models);
            // Safetensors weights recording no input were exported at the declared one (the CLI's export leaves it unsaid).
            return Load(runFolderOrCheckpoint, model => model.Create(entries), options,
                name => entries.Find(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))?.DeclaredInput);
        }

        /// <summary>
        /// As <see cref="Load(string, IEnumerable{ModelEntry}, PredictorOptions?)"/>, with the model built by <paramref name="createModel"/>
        /// from what the checkpoint records (<see cref="CheckpointModel"/>), for a network no catalogue holds.
        /// </summary>
        public static Predictor Load(string runFolderOrCheckpoint, Func<CheckpointModel, Network> createModel, PredictorOptions? options = null) =>
            Load(runFolderOrCheckpoint, createModel, options, _ => null);

        static Predictor Load(string runFolderOrCheckpoint, Func<CheckpointModel, Network> createModel, PredictorOptions? options, Func<string, TensorShape?> declaredInput)
        {
            ArgumentNullException.ThrowIfNull(createModel);
            options ??= new PredictorOptions();
            options.Check();
            string path = CheckpointPath(runFolderOrCheckpoint);
            if (IsSafeTensors(path)) return LoadWeights(path, createModel, options, declaredInput);
            var info = Checkpoint.ReadInfo(path);
            if (!TensorShape.TryParse(info.Input, out TensorShape input))
                throw new InvalidDataException($"{path}: records the input '{info.Input}', which is not an input size (CxHxW)");
            var recorded = InferenceSettings.From(info) with { Origin = $"recorded in {path}" };
            var model = new CheckpointModel(info.ModelName, input, info.Settings?.Classes, ModelArguments.Parse(info.Settings?.Arguments), path)
                { ClassNames = recorded.ClassNames };
            var settings = options.Settings ?? recorded;
            var network = createModel(model) ?? throw new InvalidOperationException($"{path}: the model factory returned no network for {info.ModelName}");
            try
            {
                Checkpoint.Load(path, network, null);
                if (options.Device != null) network.to(options.Device);
                return new Predictor(network, settings, options, ownsNetwork: true, $"{info.ModelName} from {path}");
            }
            catch
            {
                network.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Safetensors weights that record their model (<c>netdsl.model</c>, <c>netdsl.input</c>, <c>netdsl.classes</c>, <c>netdsl.arguments</c>:
        /// NetDsl's export, <c>WeightLoader.SaveExport</c>, train.py's <c>RUN/weights.safetensors</c>), as <c>predict --weights</c> reads them:
        /// the model built from that record, the normalisation and class names from the metadata (ImageNet's and output indices where none).
        /// </summary>
        static Predictor LoadWeights(string path, Func<CheckpointModel, Network> createModel, PredictorOptions options, Func<string, TensorShape?> declaredInput)
        {
            IReadOnlyDictionary<string, string> metadata;
            using (var file = NetDsl.Weights.SafeTensors.Open(path)) metadata = NetDsl.Weights.SafeTensors.ReadIndex(path, file).Metadata;
            if (!metadata.TryGetValue(NetDsl.Weights.WeightLoader.ModelMetadataKey, out string? name))
                throw new InvalidDataException($"{path}: safetensors weights that record no model ({NetDsl.Weights.WeightLoader.ModelMetadataKey}); build the model, " +
                    $"WeightLoader.Load(model, \"{path}\"), then new Predictor(model, InferenceSettings.FromMetadata(metadata, path) ?? InferenceSettings.ImageNet)");
            TensorShape input;
            if (metadata.TryGetValue(NetDsl.Weights.WeightLoader.InputMetadataKey, out string? text))
            {
                if (!TensorShape.TryParse(text, out input)) throw new InvalidDataException($"{path}: metadata {NetDsl.Weights.WeightLoader.InputMetadataKey} '{text}' is not an input size (CxHxW)");
            }
            else input = declaredInput(name) ?? throw new InvalidDataException($"{path}: records no input ({NetDsl.Weights.WeightLoader.InputMetadataKey}); load it with the catalogue overload, or build the model yourself");
            int? classes = metadata.TryGetValue(NetDsl.Weights.WeightLoader.ClassesMetadataKey, out string? c) && int.TryParse(c, out int n) && n > 0 ? n : null;
            var arguments = metadata.TryGetValue(NetDsl.Weights.WeightLoader.ArgumentsMetadataKey, out string? a) ? ModelArguments.Parse(a) : ModelArguments.None;
            var recorded = InferenceSettings.FromMetadata(metadata, path);
            var model = new CheckpointModel(name, input, classes, arguments, path) { ClassNames = recorded?.ClassNames };
            var settings = options.Settings ?? recorded ?? InferenceSettings.ImageNet;
            var network = createModel(model) ?? throw new InvalidOperationException($"{path}: the model factory returned no network for {name}");
            try
            {
                NetDsl.Weights.WeightLoader.Load(network, path, strict: true);
                if (options.Device != null) network.to(options.Device);
                return new Predictor(network, settings, options, ownsNetwork: true, $"{name} from {path}");
            }
            catch
            {
                network.Dispose();
                throw;
            }
        }

        /// <summary>Whether <paramref name="path"/> starts as safetensors does: an 8-byte header length, then a JSON object.</summary>
        static bool IsSafeTensors(string path)
        {
            using var stream = File.OpenRead(path);
            Span<byte> head = stackalloc byte[9];
            return stream.Read(head) == 9 && head[8] == (byte)'{';
        }

        /// <summary>A checkpoint file as given, or a run folder's best.bin, else its checkpoint.bin (<see cref="NetDsl.Runtime.Training.CheckpointPath.Resolve"/>).</summary>
        static string CheckpointPath(string runFolderOrCheckpoint) => NetDsl.Runtime.Training.CheckpointPath.Resolve(runFolderOrCheckpoint);
    }
}
