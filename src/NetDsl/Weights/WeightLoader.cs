using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace NetDsl.Weights
{
    /// <summary>What a load copied and what it left out.</summary>
    public sealed record WeightLoadReport(
        IReadOnlyList<string> Loaded,
        IReadOnlyList<string> Missing,
        IReadOnlyList<string> Unexpected,
        IReadOnlyList<ShapeMismatch> ShapeMismatches)
    {
        /// <summary>True when every model key was loaded and nothing in the file was left over.</summary>
        public bool Complete => Missing.Count == 0 && Unexpected.Count == 0 && ShapeMismatches.Count == 0;

        /// <summary>Every problem on one line, kinds separated by "; " (empty when <see cref="Complete"/>).</summary>
        public string Describe()
        {
            var parts = new List<string>();
            if (Missing.Count > 0) parts.Add($"missing keys ({Missing.Count}): " + string.Join(", ", Missing));
            if (Unexpected.Count > 0) parts.Add($"unexpected keys ({Unexpected.Count}): " + string.Join(", ", Unexpected));
            if (ShapeMismatches.Count > 0)
                parts.Add($"shape mismatches ({ShapeMismatches.Count}): " + string.Join(", ", ShapeMismatches.Select(m => m.ToString())));
            return string.Join("; ", parts);
        }
    }

    /// <summary>A key both sides have with different shapes.</summary>
    public sealed record ShapeMismatch(string Key, long[] FileShape, long[] ModelShape)
    {
        public override string ToString() => $"{Key} (file [{string.Join(", ", FileShape)}], model [{string.Join(", ", ModelShape)}])";
    }

    /// <summary>
    /// Weights in and out of a module by state-dict key (torchvision's keys for the zoo models), as
    /// safetensors. Loading is strict by default: every problem is collected first and reported in one
    /// <see cref="InvalidDataException"/>, and nothing is copied unless the load is allowed to proceed.
    /// </summary>
    public static class WeightLoader
    {
        /// <summary>
        /// Copies <paramref name="weights"/> into <paramref name="module"/>'s parameters and buffers (under
        /// no_grad; the model keeps its dtype and device). Strict: any missing key, unexpected key or shape
        /// mismatch throws, naming all of them, and the model is left as it was. Not strict: loads every key
        /// both sides have with equal shapes and reports the rest.
        /// </summary>
        public static WeightLoadReport Load(nn.Module module, IReadOnlyDictionary<string, Tensor> weights, bool strict = true, string source = "weights")
        {
            var target = StateDictOrder.Entries(module);
            var targetKeys = new HashSet<string>(target.Select(t => t.Key), StringComparer.Ordinal);
            var loaded = new List<string>();
            var missing = new List<string>();
            var mismatches = new List<ShapeMismatch>();
            var copies = new List<(Tensor Into, Tensor From)>();
            foreach (var (key, into) in target)
            {
                if (!weights.TryGetValue(key, out Tensor? from)) { missing.Add(key); continue; }
                if (!from.shape.AsSpan().SequenceEqual(into.shape)) { mismatches.Add(new ShapeMismatch(key, from.shape, into.shape)); continue; }
                copies.Add((into, from));
                loaded.Add(key);
            }
            var unexpected = weights.Keys.Where(k => !targetKeys.Contains(k)).ToList();
            var report = new WeightLoadReport(loaded, missing, unexpected, mismatches);
            if (strict && !report.Complete)
                throw new InvalidDataException($"{source}: does not fit {module.GetType().Name}: {report.Describe()}");

            using (no_grad())
                foreach (var (into, from) in copies)
                {
                    if (from.dtype == ScalarType.Bool && into.dtype != ScalarType.Bool || into.dtype == ScalarType.Bool && from.dtype != ScalarType.Bool)
                        throw new InvalidDataException($"{source}: cannot load {from.dtype} into a {into.dtype} tensor");
                    into.copy_(from);
                }
            return report;
        }

        /// <summary>Reads <paramref name="path"/> (safetensors or a PyTorch <c>.pth</c>, see <see cref="WeightFile"/>) and loads it into <paramref name="module"/>; see <see cref="Load(nn.Module, IReadOnlyDictionary{string, Tensor}, bool, string)"/>.</summary>
        public static WeightLoadReport Load(nn.Module module, string path, bool strict = true)
        {
            using var file = WeightFile.Read(path);
            return Load(module, file.Tensors, strict, path);
        }

        /// <summary>Writes <paramref name="module"/>'s state dict to <paramref name="path"/> as safetensors, keys in PyTorch's order.</summary>
        public static void Save(nn.Module module, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
            SafeTensors.Write(path, StateDictOrder.Entries(module), metadata);
    }
}
