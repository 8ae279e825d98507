using NetDsl.Shapes;

namespace NetDsl.Runtime.Comparison
{
    /// <summary>
    /// One trained model as the zoo sweep and <c>compare</c> see it: its size and cost at the training input,
    /// the recipe's length, the time it took and the test metric it reached (against its card's stated floor).
    /// </summary>
    public sealed record ModelResult
    {
        /// <summary>The catalogue name.</summary>
        public string Model { get; init; } = "";
        /// <summary>The model's task.</summary>
        public ModelTask Task { get; init; }
        /// <summary>Trainable parameters.</summary>
        public long Parameters { get; init; }

        /// <summary>Multiply-adds of one forward pass at <see cref="Input"/>.</summary>
        public long MultiplyAdds { get; init; }

        /// <summary>Bytes of every layer output for one sample at <see cref="Input"/> (fp32): the activation memory of a forward pass.</summary>
        public long ActivationBytes { get; init; }

        /// <summary>The input it trained at.</summary>
        public TensorShape Input { get; init; }
        /// <summary>The input the model is declared for, when it trained at another.</summary>
        public TensorShape? DesignedInput { get; init; }
        /// <summary>Epochs trained.</summary>
        public int Epochs { get; init; }
        /// <summary>Training images per epoch.</summary>
        public int TrainImages { get; init; }
        /// <summary>Samples per batch.</summary>
        public int BatchSize { get; init; }
        /// <summary>What convolutions and linear layers computed in ("fp32", "bf16-mixed"); empty in tables written before it was recorded.</summary>
        public string Precision { get; init; } = "";
        /// <summary>Wall-clock training time.</summary>
        public double Seconds { get; init; }

        /// <summary>accuracy, mIoU, PSNR or mAP@0.5.</summary>
        public string MetricName { get; init; } = "accuracy";
        /// <summary>The test metric reached.</summary>
        public double Metric { get; init; } = double.NaN;

        /// <summary>The floor the model card states (null: none).</summary>
        public double? CardMetric { get; init; }

        /// <summary>Loss of the first training step and mean loss of the last quarter of the final epoch's steps.</summary>
        public double FirstLoss { get; init; } = double.NaN;
        /// <summary>The mean loss of the last quarter of the final epoch's steps.</summary>
        public double LastLoss { get; init; } = double.NaN;

        /// <summary>"ok", "time budget" (stopped early, then evaluated) or "failed: …".</summary>
        public string Status { get; init; } = "ok";

        /// <summary>Parameter memory in bytes (fp32).</summary>
        public long ParameterBytes => Parameters * 4;

        /// <summary>The card's floor is reached (true when the card states none and the run finished).</summary>
        public bool Reached => !Status.StartsWith(FailedPrefix, System.StringComparison.Ordinal) && double.IsFinite(Metric)
                               && (CardMetric is not double floor || Metric >= floor);

        /// <summary>How a failed run's status starts.</summary>
        public const string FailedPrefix = "failed";
    }
}
