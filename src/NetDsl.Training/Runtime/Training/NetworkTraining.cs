using System.Collections.Generic;
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
        /// Options as the model card states them (<see cref="Network.Card"/>: a <c>[ModelCard]</c>, else the
        /// <c>[Network(Task, Optimizer, LearningRate)]</c> declaration) through <see cref="TrainerOptions.WithCard"/>, with
        /// the card's model name for checkpoints; override any of them with <c>with { … }</c>. Explicit options always win:
        /// the <see cref="Trainer"/> fills only what they leave unset from the same card.
        /// </summary>
        public static TrainerOptions TrainingDefaults(this Network network) =>
            new TrainerOptions { ModelName = TrainerOptions.NameOf(network) }.WithCard(network.Card);

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
            DisposedModule.ThrowIf(network, "Evaluate");
            var device = options.ResolveDevice();
            network.to(device);
            return Evaluator.Evaluate(network, data.Test, options.CreateTask(data.ClassNames), device, $"{data.Name} test");
        }
    }
}
