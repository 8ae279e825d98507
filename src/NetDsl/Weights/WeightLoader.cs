using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
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
        /// <summary>
        /// File keys of auxiliary heads the model instance does not build (<c>[Aux(Enabled = …)]</c> false: torchvision's
        /// <c>aux_logits=False</c>), left unread as torchvision's builders drop them; not a problem, so not in <see cref="Describe"/>.
        /// </summary>
        public IReadOnlyList<string> Skipped { get; init; } = Array.Empty<string>();

        /// <summary>True when every model key was loaded and nothing in the file was left over.</summary>
        public bool Complete => Missing.Count == 0 && Unexpected.Count == 0 && ShapeMismatches.Count == 0;

        /// <summary>"loaded 62 tensors", then <see cref="Describe"/>'s problems where there are any.</summary>
        public override string ToString() => $"loaded {Loaded.Count} tensors" + (Complete ? "" : "; " + Describe());

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
        /// <summary>"fc.weight (file [1000, 512], model [10, 512])".</summary>
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
        public static WeightLoadReport Load(nn.Module module, IReadOnlyDictionary<string, Tensor> weights, bool strict = true, string source = "weights") =>
            LoadTensors(module, weights, strict, source, fileModel: null);

        /// <summary>
        /// Loads a file already read whole, as <see cref="Load(nn.Module, string, bool)"/> loads its path: a safetensors file whose
        /// <see cref="ModelMetadataKey"/> names another zoo model is refused as such.
        /// </summary>
        internal static WeightLoadReport Load(nn.Module module, WeightFile file, bool strict = true) =>
            LoadTensors(module, file.Tensors, strict, file.Path, (file.Tensors as SafeTensorsFile)?.Metadata.GetValueOrDefault(ModelMetadataKey));

        static WeightLoadReport LoadTensors(nn.Module module, IReadOnlyDictionary<string, Tensor> weights, bool strict, string source, string? fileModel)
        {
            var (report, copies) = Plan(module, weights.ToDictionary(w => w.Key, w => (w.Value.shape, w.Value.dtype), StringComparer.Ordinal), strict, source, fileModel);
            using (no_grad())
                foreach (var (into, key) in copies) into.copy_(weights[key]);
            return report;
        }

        /// <summary>
        /// Reads <paramref name="path"/> (safetensors, or a PyTorch <c>.pth</c>/<c>.pt</c> state dict) and loads it into <paramref name="module"/>; see
        /// <see cref="Load(nn.Module, IReadOnlyDictionary{string, Tensor}, bool, string)"/>. The header is checked
        /// against the model's keys, shapes and dtypes before any tensor data is read, and the data is then read
        /// one tensor at a time, so a file that does not fit is refused at once and memory stays bounded by the
        /// largest tensor the model holds.
        /// </summary>
        public static WeightLoadReport Load(nn.Module module, string path, bool strict = true)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: weights file not found", path);
            // A PyTorch .pth/.pt (zip + pickle) is read whole, by the restricted unpickler (WeightFile).
            if (PyTorch.PyTorchStateDict.ReadsAsPyTorch(path))
            {
                using var pth = WeightFile.Read(path);
                return Load(module, pth, strict);
            }
            using var file = SafeTensors.Open(path);
            var index = SafeTensors.ReadIndex(path, file);
            var entries = index.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
            index.Metadata.TryGetValue(ModelMetadataKey, out string? fileModel);
            var (report, copies) = Plan(module, entries.ToDictionary(e => e.Key, e => (e.Value.Shape, e.Value.Type), StringComparer.Ordinal), strict, path, fileModel);
            using (no_grad())
                foreach (var (into, key) in copies)
                {
                    using var tensor = SafeTensors.ReadTensor(file, index, entries[key]);
                    into.copy_(tensor);
                }
            return report;
        }

        /// <summary>
        /// Matches the file's keys, shapes and dtypes with the model's state dict: the report, and the copies to
        /// make (model tensor, file key). Throws before anything is copied when strict and incomplete, or when a
        /// bool tensor meets a numeric one (copy_ would convert it silently).
        /// </summary>
        static (WeightLoadReport, List<(Tensor Into, string Key)>) Plan(nn.Module module, IReadOnlyDictionary<string, (long[] Shape, ScalarType Type)> file, bool strict, string source,
            string? fileModel = null)
        {
            var target = StateDictOrder.Entries(module);
            var targetKeys = new HashSet<string>(target.Select(t => t.Key), StringComparer.Ordinal);
            // A state dict saved from DataParallel / DistributedDataParallel names every key "module.…": read through it, as timm does.
            string wrapper = WrapperPrefix(file.Keys, targetKeys);
            if (wrapper.Length > 0)
                file = file.ToDictionary(e => e.Key[wrapper.Length..], e => e.Value, StringComparer.Ordinal);
            var loaded = new List<string>();
            var missing = new List<string>();
            var mismatches = new List<ShapeMismatch>();
            var copies = new List<(Tensor Into, string Key)>();
            foreach (var (key, into) in target)
            {
                if (!file.TryGetValue(key, out var from)) { missing.Add(key); continue; }
                if (!from.Shape.AsSpan().SequenceEqual(into.shape)) { mismatches.Add(new ShapeMismatch(key, from.Shape, into.shape)); continue; }
                copies.Add((into, key));
                loaded.Add(key);
            }
            var skipped = new List<string>();
            var unexpected = new List<string>();
            foreach (var key in file.Keys)
                if (!targetKeys.Contains(key)) (SkippedHead(module, key) ? skipped : unexpected).Add(key);
            var report = new WeightLoadReport(loaded, missing, unexpected, mismatches) { Skipped = skipped };
            if (strict && !report.Complete)
            {
                OtherModel(module, source, fileModel, report, target.Count);
                string problem = $"{source}: does not fit {module.GetType().Name}: {report.Describe()}";
                if (HeadOutputs(module, target, mismatches) is not long outputs) throw Mismatch(problem);
                throw Mismatch($"{problem}; the file's head has {outputs} outputs: build the model with {outputs} classes, " +
                               "or, to fine-tune with a head of your own class count, load it with FineTuning.LoadBackbone(model, path) (the head is re-initialised)")
                    .WithCommandLine($"{problem}; the file's head has {outputs} outputs: pass --classes {outputs} " +
                                     "(to fine-tune with a new head instead: train MODEL --weights FILE --classes N)");
            }
            foreach (var (into, key) in copies)
                if ((file[key].Type == ScalarType.Bool) != (into.dtype == ScalarType.Bool))
                    throw new InvalidDataException($"{source}: '{key}' is {file[key].Type}; cannot load it into a {into.dtype} tensor");
            // The copies name the file's own keys.
            return (report, wrapper.Length == 0 ? copies : copies.Select(c => (c.Into, wrapper + c.Key)).ToList());
        }

        /// <summary>
        /// Weights that are whole but do not fit the model (missing, unexpected or mis-shaped keys, another model's file), marked as
        /// such: not a damaged file, so a caller offering a damaged file's way out (an older checkpoint) leaves it out (<see cref="IsMismatch"/>).
        /// </summary>
        static InvalidDataException Mismatch(string message)
        {
            var e = new InvalidDataException(message);
            e.Data[MismatchMark] = true;
            return e;
        }

        const string MismatchMark = "NetDsl.WeightMismatch";

        /// <summary>Whether <paramref name="e"/> says weights do not fit a model (as opposed to a damaged file).</summary>
        internal static bool IsMismatch(Exception e) => e.Data[MismatchMark] is true;

        /// <summary>"module." when every key of the file has that prefix and none of the model's does (a DataParallel state dict); else "".</summary>
        internal static string WrapperPrefix(IEnumerable<string> fileKeys, IReadOnlyCollection<string> modelKeys)
        {
            const string prefix = "module.";
            bool any = false;
            foreach (string key in fileKeys)
            {
                if (!key.StartsWith(prefix, StringComparison.Ordinal)) return "";
                any = true;
            }
            return any && !modelKeys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal)) ? prefix : "";
        }

        /// <summary>The safetensors metadata key NetDsl's exports name their model with (<c>netdsl export</c>, <c>--format pt</c>).</summary>
        public const string ModelMetadataKey = "netdsl.model";

        /// <summary>The safetensors metadata key NetDsl's exports record the input size the weights were built at with (C×H×W, or C×L).</summary>
        public const string InputMetadataKey = "netdsl.input";

        /// <summary>The safetensors metadata key NetDsl's exports record a head sized away from the declaration with (its class count).</summary>
        public const string ClassesMetadataKey = "netdsl.classes";

        /// <summary>The safetensors metadata key NetDsl's exports record the constructor arguments the model was built with.</summary>
        public const string ArgumentsMetadataKey = "netdsl.arguments";

        /// <summary>The metadata key NetDsl's exports (safetensors and ONNX) record the model's task with (<c>classification</c>, <c>segmentation</c>, …).</summary>
        public const string TaskMetadataKey = "netdsl.task";

        /// <summary>
        /// What any export of <paramref name="network"/> records on its own (ONNX's <c>metadata_props</c> by default): the model's
        /// name (its catalogue or card name, <c>network.Card.Model</c>, as the CLI's <c>export</c> writes it; else its type's) under
        /// <see cref="ModelMetadataKey"/>, the input it is built for under <see cref="InputMetadataKey"/> and its task under <see cref="TaskMetadataKey"/>.
        /// </summary>
        public static Dictionary<string, string> ExportMetadata(Network network) => ExportMetadata(network, null);

        /// <summary>
        /// <see cref="ExportMetadata(Network)"/> and then <paramref name="settings"/> (a run's normalisation and class names,
        /// <c>InferenceSettings.ToMetadata()</c>; a head size, constructor arguments), the normalisation written with one mean and
        /// one std per input channel: the metadata every NetDsl export writes (the CLI's <c>export</c>, <see cref="SaveExport"/>,
        /// <c>PyTorchExport.Write</c>, <c>OnnxExport</c>), so <c>eval</c>/<c>predict --weights</c> and a third-party consumer read
        /// the same keys whichever path wrote them.
        /// </summary>
        public static Dictionary<string, string> ExportMetadata(Network network, IEnumerable<KeyValuePair<string, string>>? settings)
        {
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [ModelMetadataKey] = network.Card?.Model ?? network.CatalogName ?? network.GetType().Name,
                [InputMetadataKey] = network.InputShape.ToString(),
            };
            var task = network.Card?.Task ?? network.GetType().GetCustomAttribute<NetDsl.NetworkAttribute>()?.Task;
            if (task != null) metadata[TaskMetadataKey] = task.Value.ToString().ToLowerInvariant();
            foreach (var (key, value) in settings ?? Array.Empty<KeyValuePair<string, string>>()) metadata[key] = value;
            NormalizeMetadata.PerChannel(metadata, network.InputShape.C);
            return metadata;
        }

        /// <summary>
        /// Saves <paramref name="network"/>'s weights as NetDsl's <c>export --format safetensors</c> does: with
        /// <see cref="ExportMetadata(Network, IEnumerable{KeyValuePair{string, string}})"/> (model, input, task, and the
        /// normalisation and class names of <paramref name="settings"/>: pass <c>InferenceSettings.ToMetadata()</c> of the run),
        /// so <c>eval</c>, <c>predict --weights</c>, <c>Predictor.Load</c>, train.py's <c>--weights</c> and a fine-tuning run prepare
        /// images alike and match classes by name. <see cref="Save"/> writes the bare state dict.
        /// </summary>
        public static void SaveExport(Network network, string path, IEnumerable<KeyValuePair<string, string>>? settings = null)
        {
            var metadata = ExportMetadata(network, settings);
            metadata["format"] = "pt";
            Save(network, path, metadata);
        }

        /// <summary>
        /// Throws, naming both models, when the file records another zoo model (<paramref name="fileModel"/>, its metadata) than
        /// <paramref name="module"/> and most of the model's keys did not load: a list of every key would only hide that.
        /// </summary>
        static void OtherModel(nn.Module module, string source, string? fileModel, WeightLoadReport report, int modelKeys)
        {
            string? model = (module as Network)?.Card?.Model;
            if (fileModel == null || model == null || string.Equals(fileModel, model, StringComparison.OrdinalIgnoreCase) || report.Loaded.Count * 2 > modelKeys) return;
            string what = $"{source}: holds weights of {fileModel} (its {ModelMetadataKey} metadata), not of {model}: {report.Loaded.Count} of {model}'s {modelKeys} tensors " +
                $"fit ({report.Missing.Count} missing, {report.Unexpected.Count} left over, {report.ShapeMismatches.Count} of another shape)";
            throw Mismatch($"{what}; load it into {fileModel}").WithCommandLine($"{what}; use it with {fileModel} as the model");
        }

        /// <summary>
        /// The file's output count when every shape mismatch is only in dim 0 of the model's last layer (its output head: the module of
        /// the state dict's last key, weight and bias) or of another class layer (<see cref="ClassHead.Keys"/>: an auxiliary head's) and all agree on it: the file was trained with another class count. Null otherwise,
        /// and for networks whose output is not one channel per class (reconstruction, detection).
        /// </summary>
        static long? HeadOutputs(nn.Module module, IReadOnlyList<(string Key, Tensor Value)> target, IReadOnlyList<ShapeMismatch> mismatches)
        {
            if (mismatches.Count == 0 || target.Count == 0) return null;
            var task = module.GetType().GetCustomAttribute<NetDsl.NetworkAttribute>()?.Task;
            if (task is not (null or NetDsl.ModelTask.Classification or NetDsl.ModelTask.Segmentation)) return null;
            string last = target[^1].Key;
            string head = last.Contains('.') ? last.Substring(0, last.LastIndexOf('.') + 1) : "";
            // A network's class layers include its auxiliary heads' (GoogLeNet's aux1.fc2, aux2.fc2 beside fc): they follow the class count too.
            var classKeys = module is Network network ? new HashSet<string>(ClassHead.Keys(network), StringComparer.Ordinal) : null;
            long? outputs = null;
            foreach (var m in mismatches)
            {
                bool lastLayer = m.Key.StartsWith(head, StringComparison.Ordinal) && m.Key.IndexOf('.', head.Length) < 0;
                if (!lastLayer && classKeys?.Contains(m.Key) != true) return null;
                if (m.FileShape.Length != m.ModelShape.Length || m.FileShape.Length == 0 || !m.FileShape.AsSpan(1).SequenceEqual(m.ModelShape.AsSpan(1))) return null;
                if (outputs != null && outputs != m.FileShape[0]) return null;
                outputs = m.FileShape[0];
            }
            return outputs;
        }

        /// <summary>Whether <paramref name="key"/> belongs to an auxiliary head <paramref name="module"/> (a network) does not build.</summary>
        internal static bool SkippedHead(nn.Module module, string key) => module is Network network && network.Graph.InSkippedAuxiliaryHead(key);

        /// <summary>Writes <paramref name="module"/>'s state dict to <paramref name="path"/> as safetensors, keys in PyTorch's order.</summary>
        public static void Save(nn.Module module, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
            SafeTensors.Write(path, StateDictOrder.Entries(module), metadata);
    }
}
