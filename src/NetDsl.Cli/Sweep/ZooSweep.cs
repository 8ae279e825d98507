using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using NetDsl.Runtime.Comparison;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;

namespace NetDsl.Cli
{
    /// <summary>What the sweep overrides on every card (null: the card's value), and the time each model gets.</summary>
    public sealed record SweepSettings
    {
        /// <summary>Epochs per model (null: the card's).</summary>
        public int? Epochs { get; init; }
        /// <summary>Training images of the built-in data (null: the card's, else the data's default).</summary>
        public int? TrainImages { get; init; }
        /// <summary>Test images of the built-in data (null: the card's, else the data's default).</summary>
        public int? TestImages { get; init; }
        /// <summary>The input every model trains at (null: each card's).</summary>
        public TensorShape? Input { get; init; }
        /// <summary>Batch size (null: the card's).</summary>
        public int? BatchSize { get; init; }

        /// <summary>The share of each model's training split held out to judge its epochs by (<see cref="TrainerOptions.ValidationFraction"/>); null: none.</summary>
        public double? ValidationFraction { get; init; }

        /// <summary>Training batches that re-estimate BatchNorm statistics before each test pass (the card's PreciseBatchNorm); 0: none.</summary>
        public int? RecalibrateBatchNorm { get; init; }

        /// <summary>Training stops when a model has run this long; what it learnt by then is evaluated and the row says so.</summary>
        public double BudgetSeconds { get; init; } = 600;

        /// <summary>The seed of the weights, the data and its order.</summary>
        public int Seed { get; init; }
    }

    /// <summary>
    /// Trains zoo models one after another with their model cards on the built-in shapes data (labels, masks, the
    /// images themselves or boxes, as the task says) and measures each: parameters, multiply-adds and activation
    /// memory at the training input, seconds, the test metric, the first and last training losses.
    /// </summary>
    public static class ZooSweep
    {
        /// <summary>Trains <paramref name="models"/> one after another (<see cref="TrainOne"/>), calling <paramref name="finished"/> with each row.</summary>
        public static IReadOnlyList<ModelResult> Run(IEnumerable<ModelEntry> models, SweepSettings settings, Action<ModelResult>? finished = null)
        {
            var rows = new List<ModelResult>();
            foreach (var entry in models)
            {
                var row = TrainOne(entry, settings);
                rows.Add(row);
                finished?.Invoke(row);
                GC.Collect();   // a big model's tensors go before the next one is built
                GC.WaitForPendingFinalizers();
            }
            return rows;
        }

        /// <summary>One model with its card; a failure becomes a row whose status names it, so the sweep goes on.</summary>
        public static ModelResult TrainOne(ModelEntry entry, SweepSettings settings)
        {
            var card = entry.Card;
            var clock = Stopwatch.StartNew();
            var row = new ModelResult { Model = entry.Name, Task = entry.Task, MetricName = card.MetricName, CardMetric = card.Metric, DesignedInput = entry.DeclaredInput };
            try
            {
                var options = new TrainerOptions { ModelName = entry.Name, Seed = settings.Seed, ValidationFraction = settings.ValidationFraction };
                if (settings.Epochs is int epochs) options = options with { Epochs = epochs };
                if (settings.BatchSize is int batch) options = options with { BatchSize = batch };
                if (settings.RecalibrateBatchNorm is int recalibrate) options = options with { RecalibrateBatchNorm = recalibrate };
                options = options.WithCard(card);
                int trainImages = settings.TrainImages ?? card.TrainImages ?? ShapesDataset.DefaultTrainCount;

                var chosen = TrainingInputChooser.Choose(entry, DataSource.Shapes, settings.Input, settings.Seed, arguments: card.Arguments);
                // As train does: the head the data needs.
                (chosen, var data) = chosen.OpenData(entry, sizeHead: true, settings.Seed,
                    built => RunData.Open(entry, built, DataSource.Shapes, chosen.Input, settings.Seed, options.BatchSize, trainImages,
                        settings.TestImages ?? card.TestImages ?? ShapesDataset.DefaultTestCount, validationFraction: settings.ValidationFraction));
                using var network = chosen.Network;
                using var ownedData = data;
                options = options with { Classes = chosen.Classes, Arguments = card.Arguments.IsEmpty ? null : card.Arguments.ToString() };
                row = row with
                {
                    Parameters = network.ParameterTotal,
                    MultiplyAdds = network.MultiplyAddTotal,
                    ActivationBytes = ActivationBytes(network),
                    Input = chosen.Input,
                    Epochs = options.Epochs,
                    TrainImages = trainImages,
                    BatchSize = options.BatchSize,
                    Precision = options.Precision.Name(),   // the card's where it is fast here, else fp32
                };
                TaskData.CheckOutput(entry, network, data.Name, data.ClassNames, chosen.Input, data.ClassOrigin);
                if (entry.Task == ModelTask.Detection) options = options with { BoxesPerCell = TaskData.BoxesPerCell(entry, network, data.ClassCount) };

                var losses = new LossTrace(settings.BudgetSeconds);
                EvaluationResult test;
                string status = "ok";
                try
                {
                    test = new Trainer(network, data.Batches, options).Run(losses).Test;
                }
                catch (TimeBudgetExceeded stop)
                {
                    status = $"time budget: stopped at epoch {stop.Epoch} step {stop.Step}/{stop.Steps}";
                    test = Evaluator.Evaluate(network, data.Batches.Test, options.CreateTask(data.ClassNames), options.ResolveDevice(), "shapes test");
                }
                return row with
                {
                    Seconds = clock.Elapsed.TotalSeconds,
                    Metric = test.Metric,
                    FirstLoss = losses.First,
                    LastLoss = losses.LastQuarterMean,
                    Status = status,
                };
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return row with { Seconds = clock.Elapsed.TotalSeconds, Status = $"{ModelResult.FailedPrefix}: {e.GetType().Name}: {e.Message}" };
            }
        }

        /// <summary>fp32 bytes of every layer output for one sample: what a forward pass keeps for backward.</summary>
        public static long ActivationBytes(Network network) => network.LayerRows.Sum(row => row.Output.Elements) * sizeof(float);

        /// <summary>Per-step losses of the run (from the epoch's running mean) and the time budget.</summary>
        sealed class LossTrace : ITrainingObserver
        {
            readonly double budget;
            readonly Stopwatch clock = Stopwatch.StartNew();
            readonly List<double> epochLosses = new();
            double previousMean;

            public LossTrace(double budget) { this.budget = budget; }

            public double First { get; private set; } = double.NaN;

            public double LastQuarterMean => epochLosses.Count == 0 ? double.NaN : epochLosses.Skip(epochLosses.Count * 3 / 4).Average();

            public void EpochStarting(int epoch, int epochs, int steps, int skipped)
            {
                epochLosses.Clear();
                previousMean = 0;
            }

            public void StepFinished(StepProgress p)
            {
                // MeanLoss is the epoch's running mean over p.Step steps.
                double loss = p.MeanLoss * p.Step - previousMean * (p.Step - 1);
                previousMean = p.MeanLoss;
                if (double.IsNaN(First)) First = loss;
                epochLosses.Add(loss);
                if (clock.Elapsed.TotalSeconds > budget && p.Step < p.Steps) throw new TimeBudgetExceeded(p.Epoch, p.Step, p.Steps);
            }

            public void EpochFinished(EpochMetrics metrics, int epochs)
            {
                if (clock.Elapsed.TotalSeconds > budget && metrics.Epoch < epochs) throw new TimeBudgetExceeded(metrics.Epoch + 1, 0, 0);
            }
        }

        sealed class TimeBudgetExceeded : Exception
        {
            public TimeBudgetExceeded(int epoch, int step, int steps) : base("time budget") { Epoch = epoch; Step = step; Steps = steps; }
            public int Epoch { get; }
            public int Step { get; }
            public int Steps { get; }
        }
    }
}
