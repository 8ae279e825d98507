using System;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// The run cannot go on (the loss became NaN or infinite). Nothing was written after the failing step, so
    /// the output folder still holds the last good checkpoint, which the message names.
    /// </summary>
    public sealed class TrainingFailedException : Exception
    {
        /// <summary>A failure at <paramref name="epoch"/>, <paramref name="step"/>.</summary>
        public TrainingFailedException(string message, int epoch, int step) : base(message)
        {
            Epoch = epoch;
            Step = step;
        }

        /// <summary>The epoch the failure happened in.</summary>
        public int Epoch { get; }

        /// <summary>One-based step within <see cref="Epoch"/>.</summary>
        public int Step { get; }
    }
}
