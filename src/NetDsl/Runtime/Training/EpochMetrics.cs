using System.Collections.Generic;

namespace NetDsl.Runtime.Training
{
    /// <summary>What one epoch achieved: training loss/accuracy over its batches, then test loss/accuracy.</summary>
    public sealed record EpochMetrics(
        int Epoch,
        long Step,
        double LearningRate,
        double TrainLoss,
        double TrainAccuracy,
        double TestLoss,
        double TestAccuracy,
        double Seconds);

    /// <summary>The outcome of <see cref="Trainer.Run"/>: every epoch so far (resumed ones included).</summary>
    public sealed record TrainingResult(IReadOnlyList<EpochMetrics> History, int ResumedFromEpoch, EvaluationResult Test)
    {
        public double TestAccuracy => Test.Accuracy;
    }
}
