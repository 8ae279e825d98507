using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    public sealed partial record TrainerOptions
    {
        /// <summary>
        /// Per-class weights of the training loss, one per output class, in the model's output order (Keras's <c>class_weight</c>,
        /// torch's <c>CrossEntropyLoss(weight=…)</c>): a rare class's mistakes can count as much as a common one's. Classification
        /// and segmentation; the test loss and metrics stay unweighted (as Keras). Null: unweighted, unless <see cref="BalanceClasses"/>.
        /// </summary>
        public IReadOnlyList<double>? ClassWeights { get; init; }

        /// <summary>
        /// Weights each class n / (K · n_k) from the training split's counts (scikit-learn's "balanced"; <see cref="ClassWeighting.Balanced"/>)
        /// when <see cref="ClassWeights"/> is not given: class folders and CIFAR-10 count their listing, in-memory sets their
        /// labels (or mask pixels), a mask folder its masks' pixels (void left out; every mask is decoded once).
        /// </summary>
        public bool BalanceClasses { get; init; }

        /// <summary>
        /// The weights training <paramref name="model"/> on <paramref name="data"/> uses: <see cref="ClassWeights"/>, else the
        /// balanced ones (one per output class of a network whose head is wider than the data's classes: the classes no sample
        /// has get 0), else null. Balancing data that does not give its class counts is an error naming the option to use instead.
        /// </summary>
        public double[]? ClassWeightsFor(TrainingData data, nn.Module? model = null)
        {
            if (ClassWeights != null) return ClassWeights.ToArray();
            if (!BalanceClasses) return null;
            if (data.TrainClassCounts is not { } counts)
                throw new ArgumentException($"TrainerOptions.BalanceClasses counts the training split's classes, and {data.Name} cannot tell them without " +
                                            "decoding every file (masks) or gives none; set TrainerOptions.ClassWeights to the weights to use", "options");
            int outputs = (model as Network)?.OutputShape.C ?? 0;
            return ClassWeighting.Balanced(outputs > counts.Count ? counts.Concat(new long[outputs - counts.Count]).ToArray() : counts);
        }

        /// <summary>The weights' rule for <see cref="Check"/>: finite, 0 or more, one above 0, and only for tasks with classes.</summary>
        void CheckClassWeights()
        {
            if (ClassWeights == null && !BalanceClasses) return;
            string option = ClassWeights != null ? nameof(ClassWeights) : nameof(BalanceClasses);
            if (Task is not (ModelTask.Classification or ModelTask.Segmentation))
                throw new ArgumentException($"TrainerOptions.{option} weighs a classification or segmentation loss; this is a {Task.ToString().ToLowerInvariant()} task", "options");
            if (Loss != null)
                throw new ArgumentException($"TrainerOptions.{option} weighs the task's cross-entropy; TrainerOptions.Loss replaces it: weigh classes in your loss instead", "options");
            if (ClassWeights is { } weights && (weights.Count == 0 || weights.Any(w => !double.IsFinite(w) || w < 0) || !weights.Any(w => w > 0)))
                throw new ArgumentOutOfRangeException("options", ClassWeighting.Describe(weights),
                    $"TrainerOptions.ClassWeights is [{ClassWeighting.Describe(weights)}]; it needs one finite weight of 0 or more per class, at least one above 0");
        }
    }
}
