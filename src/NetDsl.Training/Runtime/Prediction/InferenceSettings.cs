using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Globalization;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Augmentations;
using NetDsl.Runtime.Training;

namespace NetDsl
{
    /// <summary>
    /// What a trained model needs besides its weights to be used on image files: the normalisation its training data had
    /// (an image prepared otherwise is, to the model, another image) and the names of its outputs' classes. A checkpoint
    /// records both (<see cref="From(CheckpointInfo)"/>); Keras's <c>preprocess_input</c> and <c>decode_predictions</c>.
    /// </summary>
    public sealed record InferenceSettings(Normalize Normalization, IReadOnlyList<string>? ClassNames = null)
    {
        /// <summary>ImageNet's normalisation and no class names: torchvision's pretrained weights, and NetDsl's <c>folder:</c> data.</summary>
        public static InferenceSettings ImageNet { get; } = new(Normalize.ImageNet) { Origin = "ImageNet's statistics (default)" };

        /// <summary>Where these settings came from, for reports (e.g. "recorded in best.bin").</summary>
        public string Origin { get; init; } = "given";

        /// <summary>The normalisation <paramref name="data"/> is trained with (<see cref="DataSource.Normalization"/>) and <paramref name="classNames"/>.</summary>
        public static InferenceSettings For(DataSource data, IReadOnlyList<string>? classNames = null) =>
            new(data.Normalization, classNames) { Origin = $"the {data.KindName} data's statistics" };

        /// <summary>
        /// The settings a training run recorded in its checkpoint. A checkpoint written before they were recorded gives the
        /// normalisation of the data kind it trained on and no class names; one without settings (format 1 and 2), ImageNet's.
        /// A run on your own in-memory data that stated no normalisation (<see cref="DataSplits.Normalization"/> null) keeps its
        /// class names and reads pixels in [0, 1] as decoded (<see cref="Normalize.Identity"/>), as the tensors it trained on
        /// most likely were; its <see cref="Origin"/> says so (set <c>DataSplits.Normalization</c> when training to record yours).
        /// </summary>
        public static InferenceSettings From(CheckpointInfo info)
        {
            var settings = info.Settings;
            if (settings?.Normalization is Normalize recorded)
                return new InferenceSettings(recorded, settings.ClassNames) { Origin = "recorded in the checkpoint" };
            if (settings != null && DataSource.TryParse(settings.Data, out var data))
                return For(data, settings.ClassNames) with { Origin = $"the {data.KindName} data's statistics (the checkpoint predates recorded normalisation)" };
            if (settings != null)
                return new InferenceSettings(Normalize.Identity, settings.ClassNames)
                {
                    Origin = $"pixels in [0, 1] unchanged: the run on {settings.Data} recorded no normalisation (set DataSplits.Normalization when training, or pass InferenceSettings)",
                };
            return ImageNet with { Origin = "ImageNet's statistics (the checkpoint records no data)" };
        }

        /// <summary>The settings recorded in the checkpoint at <paramref name="path"/> (its header only is read); see <see cref="From(CheckpointInfo)"/>.</summary>
        public static InferenceSettings FromCheckpoint(string path) => From(Checkpoint.ReadInfo(path));

        /// <summary>The safetensors metadata key holding the class names (a JSON array), as <c>export</c> writes them.</summary>
        public const string ClassNamesKey = "netdsl.class_names";

        /// <summary>The safetensors metadata key holding the normalisation (JSON <c>{"Mean":[…],"Std":[…]}</c>), as <c>export</c> writes it.</summary>
        public const string NormalizationKey = "netdsl.normalize";

        /// <summary>These settings as safetensors metadata entries (<see cref="ClassNamesKey"/>, <see cref="NormalizationKey"/>), so exported weights carry them.</summary>
        public IEnumerable<KeyValuePair<string, string>> ToMetadata()
        {
            yield return new(NormalizationKey, JsonSerializer.Serialize(Normalization, TrainingJson.Default.Normalize));
            if (ClassNames != null) yield return new(ClassNamesKey, JsonSerializer.Serialize(ClassNames, TrainingJson.Default.IReadOnlyListString));
        }

        /// <summary>
        /// The settings in a safetensors file's <paramref name="metadata"/> (<see cref="ToMetadata"/>); null when it holds no
        /// normalisation. A malformed entry is an error naming <paramref name="path"/> and the key.
        /// </summary>
        public static InferenceSettings? FromMetadata(IReadOnlyDictionary<string, string> metadata, string path)
        {
            if (!metadata.TryGetValue(NormalizationKey, out string? normalization)) return null;
            try
            {
                var normalize = JsonSerializer.Deserialize(normalization, TrainingJson.Default.Normalize) ?? throw new JsonException("null");
                var names = metadata.TryGetValue(ClassNamesKey, out string? text) ? JsonSerializer.Deserialize(text, TrainingJson.Default.ListString) : null;
                return new InferenceSettings(normalize, names) { Origin = "recorded in the weights file" };
            }
            catch (Exception e) when (e is JsonException or ArgumentException)
            {
                throw new System.IO.InvalidDataException($"{path}: metadata {NormalizationKey} / {ClassNamesKey} cannot be read ({e.Message})", e);
            }
        }

        /// <summary>Output <paramref name="index"/>'s class name, or the index itself where none is known (a head wider than the names).</summary>
        public string Label(int index) =>
            ClassNames != null && index >= 0 && index < ClassNames.Count ? ClassNames[index] : index.ToString(CultureInfo.InvariantCulture);
    }
}
