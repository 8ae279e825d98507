using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetDsl.Weights;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>train</c>'s fine-tuning options: <c>--classes N</c> builds the model with an N-way head, and then
    /// <c>--weights FILE</c> (a PyTorch <c>.pth</c>/<c>.pt</c> or safetensors) loads the backbone and leaves the
    /// head keys whose shape differs at their fresh initialisation, naming them; <c>--freeze</c> also stops
    /// gradients to every loaded parameter and keeps the backbone's BatchNorm statistics (unless <c>--freeze-bn false</c>:
    /// they then follow the new data while the frozen weights stay fixed). Without <c>--classes</c>,
    /// the head follows the data: weights whose head has another width than the data's class count get a fresh head of
    /// the data's width, as <c>--classes</c> would give (<see cref="TrainingInput.ForWeights"/>); weights whose head fits
    /// load strictly.
    /// </summary>
    internal sealed record FineTuneArguments(int? Classes, bool Freeze, bool FreezeBatchNorm = true)
    {
        /// <summary>Reads and checks the options (<c>--freeze</c> needs <c>--weights</c>, <c>--freeze-bn</c> needs <c>--freeze</c>).</summary>
        public static FineTuneArguments Parse(CliArguments args)
        {
            int? classes = args.Value("classes") == null ? null : args.Int("classes", 1, 1);
            bool freeze = args.Flag("freeze");
            if (freeze && args.Value("weights") == null) throw new CliUsageException("--freeze needs --weights: it freezes the loaded backbone");
            bool? freezeBatchNorm = args.Value("freeze-bn") == null ? null : args.Choice("freeze-bn", "true", "true", "false") == "true";
            if (freezeBatchNorm != null && !freeze)
                throw new CliUsageException("--freeze-bn needs --freeze: it says whether the frozen backbone's BatchNorm statistics stay fixed");
            return new FineTuneArguments(classes, freeze, freezeBatchNorm ?? true);
        }

        /// <summary>Loads <paramref name="weights"/> into <paramref name="network"/> and writes what happened to <paramref name="output"/>.</summary>
        /// <remarks>
        /// <paramref name="newHead"/>: the head was sized to the data, not the weights' (<see cref="TrainingInput.WeightsClasses"/>).
        /// <paramref name="read"/>: the file already read (for <see cref="HeadWidth"/>), loaded from memory rather than read again.
        /// <paramref name="dataClasses"/>: the data's class names (a classifier or segmenter): weights that name their classes have
        /// their head rows matched to them by name (<see cref="ClassHead"/>), as <c>eval</c> matches outputs, with a line saying so.
        /// </remarks>
        public void Load(Network network, string weights, TextWriter output, bool newHead = false, WeightFile? read = null, IReadOnlyList<string>? dataClasses = null)
        {
            using var owned = read == null ? WeightFile.Read(weights) : null;
            var file = read ?? owned!;
            var named = ClassHead.ClassNames(file.Metadata);
            long[]? rows = dataClasses != null ? ClassHead.Rows(named, dataClasses) : null;
            using var aligned = rows != null ? ClassHead.Align(network, file.Tensors, rows) : null;
            if (aligned != null && !ClassHead.InOrder(named!, rows!))
                output.WriteLine($"classes: {weights}: {ClassHead.Describe(named!, dataClasses!, rows!)}");
            else if (aligned == null && dataClasses != null && named != null)
                output.WriteLine($"note: {weights} names its classes ({string.Join(", ", named.Take(8))}), none of them the data's: head rows kept in the file's order");
            else if (aligned == null && dataClasses != null && file.Format == "safetensors")
                output.WriteLine($"note: {weights} records no class names: its head rows are taken in order (output i = the data's class i)");
            var tensors = aligned?.Tensors ?? file.Tensors;
            if (Classes == null && !Freeze && !newHead)
            {
                var loaded = aligned != null ? WeightLoader.Load(network, tensors, strict: true, weights) : WeightLoader.Load(network, file, strict: true);
                output.WriteLine($"weights: {loaded.Loaded.Count} tensors from {weights}");
                return;
            }
            var report = FineTuning.LoadBackbone(network, tensors, Freeze, weights, FreezeBatchNorm);
            output.WriteLine($"weights: {weights}: {report.Describe()}");
        }

        /// <summary>
        /// Freezes again what a resumed run had frozen (<see cref="NetDsl.Runtime.Training.RunSettings.Frozen"/>, its BatchNorm layers),
        /// before the trainer builds its optimizer; the line saying so, or null when the run froze nothing.
        /// </summary>
        public static string? Refreeze(Network network, NetDsl.Runtime.Training.RunSettings? settings)
        {
            if (settings?.Frozen is not { Count: > 0 } && settings?.FrozenBatchNorms is not { Count: > 0 }) return null;
            var parameters = new HashSet<string>(settings.Frozen ?? Array.Empty<string>(), StringComparer.Ordinal);
            var norms = new HashSet<string>(settings.FrozenBatchNorms ?? Array.Empty<string>(), StringComparer.Ordinal);
            int frozen = 0, frozenNorms = 0;
            foreach (var (name, parameter) in network.named_parameters())
                if (parameters.Contains(name)) { parameter.requires_grad = false; frozen++; }
            foreach (var (name, module) in network.named_modules())
                if (norms.Contains(name)) { FrozenBatchNorm.Freeze(module); frozenNorms++; }
            string line = $"frozen as the run was (--freeze): {frozen} backbone parameters";
            return frozenNorms > 0 ? line + $" and the statistics of {frozenNorms} BatchNorm layers" : line;
        }

        /// <summary>
        /// The width of the head <paramref name="file"/> holds, read against <paramref name="network"/>: its output width when
        /// every tensor the file shares with it has its shape, else the first dimension of the last tensor whose shape differs
        /// (<c>fc.bias [1000]</c>: 1000); null when nothing differs in a way that names a width.
        /// </summary>
        public static int? HeadWidth(Network network, WeightFile file)
        {
            var entries = StateDictOrder.Entries(network);
            string wrapper = WeightLoader.WrapperPrefix(file.Tensors.Keys, entries.Select(e => e.Key).ToHashSet());
            long[]? last = null;
            foreach (var (key, value) in entries)
                if (file.Tensors.TryGetValue(wrapper + key, out var tensor) && !tensor.shape.AsSpan().SequenceEqual(value.shape))
                    last = tensor.shape;
            if (last == null) return network.OutputShape.C;
            return last.Length > 0 && last[0] is > 0 and <= int.MaxValue ? (int)last[0] : null;
        }
    }
}
