using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Comparison;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;

namespace NetDsl.Cli
{
    /// <summary>
    /// A <c>train</c> run folder as a <see cref="ModelResult"/>: the model and input its checkpoint records, its best
    /// epoch's test metric and the run's seconds; parameters, multiply-adds and activations from the model built as the run
    /// built it (that input, the class count and constructor arguments its checkpoint records).
    /// </summary>
    public static class RunResults
    {
        /// <summary>The run in <paramref name="directory"/> (its <c>checkpoint.bin</c>), its model looked up in <paramref name="models"/>.</summary>
        public static ModelResult Read(string directory, IReadOnlyList<ModelEntry> models)
        {
            if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"{directory}: run folder not found");
            string checkpoint = Path.Combine(directory, Checkpoint.FileName);
            if (!File.Exists(checkpoint)) throw new FileNotFoundException($"{checkpoint}: not a run folder (no {Checkpoint.FileName}; train MODEL --out {directory} writes one)", checkpoint);
            var info = Checkpoint.ReadInfo(checkpoint);
            var entry = models.FirstOrDefault(m => m.Name == info.ModelName)
                        ?? throw new InvalidDataException($"{checkpoint}: model '{info.ModelName}' is not in this catalogue");
            if (!TensorShape.TryParse(info.Input, out var input)) throw new InvalidDataException($"{checkpoint}: input '{info.Input}' is not CxHxW");
            if (info.History.Count == 0) throw new InvalidDataException($"{checkpoint}: the run has no finished epoch to compare");
            // Built as the run built it: the head it sized to its data and its constructor arguments count in the parameters.
            using var network = ModelBuild.Create(entry, input, info.Settings?.Classes, ModelArguments.Parse(info.Settings?.Arguments));
            var best = info.History.Last(m => m.TestMetric == info.History.Max(h => h.TestMetric));
            return new ModelResult
            {
                Model = entry.Name,
                Task = entry.Task,
                Parameters = network.ParameterTotal,
                MultiplyAdds = network.MultiplyAddTotal,
                ActivationBytes = ZooSweep.ActivationBytes(network),
                Input = input,
                DesignedInput = entry.DeclaredInput,
                Epochs = info.History.Count,
                Precision = info.Settings?.Precision ?? "",
                Seconds = info.History.Sum(m => m.Seconds),
                MetricName = best.MetricName,
                Metric = best.TestMetric,
                CardMetric = entry.Card.Metric,
                Status = $"run {directory}, best epoch {best.Epoch}",
            };
        }
    }
}
