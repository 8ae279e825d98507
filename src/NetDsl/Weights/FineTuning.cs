using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace NetDsl.Weights
{
    /// <summary>What <c>FineTuning.LoadBackbone</c> did: the keys copied, the head keys left at their fresh initialisation, what it froze.</summary>
    public sealed record FineTuneReport(IReadOnlyList<string> Loaded, IReadOnlyList<ShapeMismatch> Reinitialised, IReadOnlyList<string> Frozen)
    {
        /// <summary>The BatchNorm layers of the frozen backbone kept in inference mode (<see cref="FrozenBatchNorm"/>): their statistics stay the file's.</summary>
        public IReadOnlyList<string> FrozenBatchNorms { get; init; } = Array.Empty<string>();

        /// <summary>
        /// What became of the class order the file records (<c>netdsl.class_names</c>) when loaded for data with named classes
        /// (<see cref="FineTuning.LoadBackbone(Network, WeightFile, IReadOnlyList{string}, bool, bool)"/>): its head rows put in the
        /// data's order, or why they could not be; null when nothing needed saying (the same classes in the same order).
        /// </summary>
        public string? Classes { get; init; }

        /// <summary>Keys of auxiliary heads the model does not build (<c>[Aux(Enabled = …)]</c> false), left unread.</summary>
        public IReadOnlyList<string> Skipped { get; init; } = Array.Empty<string>();

        /// <summary>One line for logs: "loaded 318 tensors; re-initialised fc.weight [1000, 2048] → [10, 2048], fc.bias …; froze 159 parameters".</summary>
        public string Describe()
        {
            string text = $"loaded {Loaded.Count} tensors";
            if (Reinitialised.Count > 0)
                text += $"; re-initialised {Reinitialised.Count} whose shape differs: " + string.Join(", ", Reinitialised.Select(m =>
                    $"{m.Key} [{string.Join(", ", m.FileShape)}] → [{string.Join(", ", m.ModelShape)}]"));
            if (Frozen.Count > 0) text += $"; froze {Frozen.Count} backbone parameters";
            if (FrozenBatchNorms.Count > 0) text += $" and the statistics of {FrozenBatchNorms.Count} BatchNorm layers";
            if (Skipped.Count > 0) text += $"; skipped {Skipped.Count} keys of auxiliary heads this model does not build";
            if (Classes != null) text += "; classes: " + Classes;
            return text;
        }
    }

    /// <summary>
    /// Starts a model from pretrained weights with a different head, as <c>timm.create_model(…, pretrained=True, num_classes=10)</c>
    /// does: every key must exist on both sides (a misspelt or missing key is an error naming it; keys of auxiliary heads
    /// the model does not build are skipped and reported), tensors whose
    /// shapes agree are copied (the backbone), and those whose shapes differ (the classifier head built for another
    /// class count) keep the model's fresh initialisation and are reported. With <c>freeze</c>, the copied
    /// parameters stop requiring gradients, so only the head trains, and the backbone's BatchNorm layers stay in inference
    /// mode (<see cref="FrozenBatchNorm"/>: running statistics and <c>num_batches_tracked</c> unchanged, normalising with the
    /// running statistics), as Keras's <c>trainable=False</c> and timm's frozen BatchNorm do; <c>freezeBatchNorm: false</c>
    /// lets their statistics adapt in training mode.
    /// </summary>
    public static class FineTuning
    {
        /// <summary>Reads <paramref name="path"/> (<c>.pth</c>/<c>.pt</c> or safetensors) and loads its backbone into <paramref name="model"/>.</summary>
        public static FineTuneReport LoadBackbone(nn.Module model, string path, bool freeze = false, bool freezeBatchNorm = true)
        {
            using var file = WeightFile.Read(path);
            return LoadBackbone(model, file.Tensors, freeze, path, freezeBatchNorm);
        }

        /// <summary>
        /// Reads <paramref name="path"/> and loads it for data whose classes are <paramref name="dataClasses"/> (in the data's order, as
        /// its labels index them): see <see cref="LoadBackbone(Network, WeightFile, IReadOnlyList{string}, bool, bool)"/>.
        /// </summary>
        public static FineTuneReport LoadBackbone(Network model, string path, IReadOnlyList<string> dataClasses, bool freeze = false, bool freezeBatchNorm = true)
        {
            using var file = WeightFile.Read(path);
            return LoadBackbone(model, file, dataClasses, freeze, freezeBatchNorm);
        }

        /// <summary>
        /// Loads <paramref name="file"/> for data whose classes are <paramref name="dataClasses"/>. Where the file names its classes
        /// (<c>netdsl.class_names</c>, written by NetDsl's exports and train.py), its head rows (main and auxiliary heads, weight and
        /// bias) are matched to the data's classes by name (<see cref="ClassHead"/>): the same classes in another order are permuted,
        /// a data class the file does not name keeps a fresh row and a file class the data lacks is dropped, so the model's output j
        /// predicts the data's class j. Where the file names none, or no name in common, rows keep the file's order and a head of
        /// another width is re-initialised (as <see cref="LoadBackbone(nn.Module, string, bool, bool)"/>); <see cref="FineTuneReport.Classes"/> says which.
        /// </summary>
        public static FineTuneReport LoadBackbone(Network model, WeightFile file, IReadOnlyList<string> dataClasses, bool freeze = false, bool freezeBatchNorm = true)
        {
            var named = ClassHead.ClassNames(file.Metadata);
            if (ClassHead.Rows(named, dataClasses) is long[] rows && ClassHead.Align(model, file.Tensors, rows) is { } aligned)
                using (aligned)
                {
                    return LoadBackbone(model, aligned.Tensors, freeze, file.Path, freezeBatchNorm) with { Classes = ClassHead.InOrder(named!, rows) ? null : ClassHead.Describe(named!, dataClasses, rows) };
                }
            var report = LoadBackbone(model, file.Tensors, freeze, file.Path, freezeBatchNorm);
            return report with
            {
                Classes = named == null ? "the file records no class names: head rows kept in its order (output i is the data's class i)"
                    : $"the file's class names ({string.Join(", ", named.Take(8))}) share none with the data's: head rows kept in its order",
            };
        }

        /// <summary>Loads the tensors of <paramref name="weights"/> whose shapes match; see the class remarks.</summary>
        public static FineTuneReport LoadBackbone(nn.Module model, IReadOnlyDictionary<string, Tensor> weights, bool freeze = false, string source = "weights",
            bool freezeBatchNorm = true)
        {
            var target = StateDictOrder.Entries(model);
            var targetKeys = new HashSet<string>(target.Select(t => t.Key), StringComparer.Ordinal);
            // A DataParallel state dict ("module.…" keys) is read through its prefix, as WeightLoader does.
            string wrapper = WeightLoader.WrapperPrefix(weights.Keys, targetKeys);
            if (wrapper.Length > 0) weights = weights.ToDictionary(w => w.Key[wrapper.Length..], w => w.Value, StringComparer.Ordinal);
            var missing = target.Where(t => !weights.ContainsKey(t.Key)).Select(t => t.Key).ToList();
            var unexpected = weights.Keys.Where(k => !targetKeys.Contains(k) && !WeightLoader.SkippedHead(model, k)).ToList();
            if (missing.Count > 0 || unexpected.Count > 0)
                throw new InvalidDataException($"{source}: keys do not match {model.GetType().Name}: " +
                    new WeightLoadReport(Array.Empty<string>(), missing, unexpected, Array.Empty<ShapeMismatch>()).Describe());

            var head = target.Where(t => !weights[t.Key].shape.AsSpan().SequenceEqual(t.Value.shape))
                             .Select(t => new ShapeMismatch(t.Key, weights[t.Key].shape, t.Value.shape)).ToList();
            if (head.Count == target.Count && target.Count > 0)
                throw new InvalidDataException($"{source}: no tensor has the shape {model.GetType().Name} expects (first: {head[0]}); these are weights for another architecture");
            var headKeys = new HashSet<string>(head.Select(h => h.Key), StringComparer.Ordinal);
            var backbone = weights.Where(w => !headKeys.Contains(w.Key)).ToDictionary(w => w.Key, w => w.Value, StringComparer.Ordinal);
            var report = WeightLoader.Load(model, backbone, strict: false, source);

            var frozen = new List<string>();
            // Weights whose head already has the model's size (10 classes to another 10) re-initialise nothing; the last layer
            // is still the head to train, or freezing would leave nothing trainable.
            string? lastLayer = headKeys.Count == 0 ? LastLayer(model) : null;
            if (freeze)
                foreach (var (name, parameter) in model.named_parameters())
                    if (!headKeys.Contains(name) && !(lastLayer != null && name.StartsWith(lastLayer, StringComparison.Ordinal)) && parameter.requires_grad)
                    {
                        parameter.requires_grad = false;
                        frozen.Add(name);
                    }
            var frozenNorms = new List<string>();
            if (freeze && freezeBatchNorm)
                foreach (var (name, module) in model.named_modules())
                    if (module is TorchSharp.Modules.BatchNorm && !InHead(name + "."))
                    {
                        FrozenBatchNorm.Freeze(module);
                        frozenNorms.Add(name);
                    }
            return new FineTuneReport(report.Loaded, head, frozen) { Skipped = report.Skipped, FrozenBatchNorms = frozenNorms };

            // A layer of the head: one whose keys were re-initialised, or the last layer when none was.
            bool InHead(string prefix) => headKeys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal)) ||
                                          (lastLayer != null && lastLayer.StartsWith(prefix, StringComparison.Ordinal)) ||
                                          (lastLayer != null && prefix.StartsWith(lastLayer, StringComparison.Ordinal));
        }

        /// <summary>"fc." for a model whose last parameter is <c>fc.bias</c>: the prefix of the layer holding it; null for a model without parameters.</summary>
        static string? LastLayer(nn.Module model)
        {
            string? last = null;
            foreach (var (name, _) in model.named_parameters()) last = name;
            if (last == null) return null;
            int dot = last.LastIndexOf('.');
            return dot < 0 ? last : last[..(dot + 1)];
        }
    }
}
