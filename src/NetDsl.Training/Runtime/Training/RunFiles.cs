namespace NetDsl.Runtime.Training
{
    /// <summary>The names of the files a training run writes into its output folder.</summary>
    public static class RunFiles
    {
        /// <summary>The per-epoch metrics table (<c>metrics.csv</c>).</summary>
        public const string MetricsCsv = "metrics.csv";

        /// <summary>The same metrics as one JSON document (<c>metrics.json</c>).</summary>
        public const string MetricsJson = "metrics.json";

        /// <summary>A run with a validation split: the test split scored once, at the end (<c>test.json</c>).</summary>
        public const string FinalTest = "test.json";

        /// <summary>Every file a training run (trainer and CLI report) writes into its folder by a fixed name.</summary>
        public static System.Collections.Generic.IReadOnlyList<string> Written { get; } = new[]
        {
            Checkpoint.FileName, Checkpoint.BestFileName, MetricsCsv, MetricsJson, StepLog.FileName, CurvePlot.FileName,
            ConfusionLog.FileName, PerClassLog.FileName, ReconstructionGrid.FileName, FinalTest,
        };
    }
}
