using System.Collections.Generic;
using System.Reflection;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using TorchSharp;

namespace NetDsl
{
    /// <summary>
    /// Fit and evaluate a network from code (Keras' <c>model.fit</c>/<c>model.evaluate</c>): the defaults come from the
    /// declaration (<c>[Network(Task = …, Optimizer = …, LearningRate = …)]</c>) through <see cref="TrainingDefaults"/>,
    /// and a caller overrides any of them with <c>with { … }</c>.
    /// </summary>
    public static class NetworkTraining
    {
        /// <summary>
        /// Options as the declaration states them: its task, its optimizer (SGD unless it says "adamw") and its learning
        /// rate (which goes with the declared optimizer; otherwise 0.005 for SGD, 1e-3 for AdamW), the model name for
        /// checkpoints; everything else at <see cref="TrainerOptions"/>' defaults.
        /// </summary>
        public static TrainerOptions TrainingDefaults(this Network network)
        {
            var declared = network.GetType().GetCustomAttribute<NetworkAttribute>();
            var defaults = new TrainerOptions();
            bool adamW = string.Equals(declared?.Optimizer, "adamw", System.StringComparison.OrdinalIgnoreCase);
            return defaults with
            {
                ModelName = declared?.Name ?? network.GetType().Name.ToLowerInvariant(),
                Task = declared?.Task ?? ModelTask.Classification,
                Optimizer = adamW ? OptimizerKind.AdamW : OptimizerKind.Sgd,
                LearningRate = declared is { LearningRate: > 0 } ? declared.LearningRate : adamW ? 1e-3 : defaults.LearningRate,
            };
        }

        /// <summary>
        /// Trains on in-memory splits with <paramref name="options"/> (null: <see cref="TrainingDefaults"/>), telling every
        /// observer in <paramref name="callbacks"/> (progress, loggers, callbacks that stop or add metrics) as it goes.
        /// </summary>
        public static TrainingResult Fit(this Network network, DataSplits data, TrainerOptions? options = null, params ITrainingObserver[] callbacks)
        {
            options ??= network.TrainingDefaults();
            return network.Fit(TrainingData.From(data, options.BatchSize, options.Seed), options, callbacks);
        }

        /// <summary>Trains on batch sources (file-backed data: <see cref="TrainingData.From(FileBatches, NetDsl.Shapes.TensorShape)"/>); see the other overload.</summary>
        public static TrainingResult Fit(this Network network, TrainingData data, TrainerOptions? options = null, params ITrainingObserver[] callbacks)
        {
            var trainer = new Trainer(network, data, options ?? network.TrainingDefaults());
            return trainer.Run(callbacks.Length == 1 ? callbacks[0] : new ObserverList(callbacks));
        }

        /// <summary>Test loss and the task's metrics on <paramref name="data"/>'s test split, in eval mode.</summary>
        public static EvaluationResult Evaluate(this Network network, DataSplits data, TrainerOptions? options = null)
        {
            options ??= network.TrainingDefaults();
            return network.Evaluate(TrainingData.From(data, options.BatchSize, options.Seed), options);
        }

        /// <summary>Test loss and the task's metrics on <paramref name="data"/>'s test batches, in eval mode.</summary>
        public static EvaluationResult Evaluate(this Network network, TrainingData data, TrainerOptions? options = null)
        {
            options ??= network.TrainingDefaults();
            var device = options.ResolveDevice();
            network.to(device);
            return Evaluator.Evaluate(network, data.Test, options.CreateTask(data.ClassNames), device, $"{data.Name} test");
        }
    }
}
