using System.Text;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// A <see cref="ClassificationReport"/> as CSV, laid out as sklearn's classification_report: <c>class,precision,recall,f1,support</c>,
    /// one row per class, then <c>macro avg</c> and <c>weighted avg</c>, <c>accuracy</c> (in the f1 column, as sklearn prints it)
    /// and <c>balanced accuracy</c> (in the recall column: it is the mean recall over the classes present).
    /// </summary>
    public static class PerClassLog
    {
        /// <summary>The file name under the run folder (per-class.csv), next to confusion.csv.</summary>
        public const string FileName = "per-class.csv";

        /// <summary>Writes <paramref name="report"/> to <paramref name="path"/>.</summary>
        public static void Write(string path, ClassificationReport report)
        {
            var csv = new StringBuilder("class,precision,recall,f1,support").AppendLine();
            void Row(string name, string precision, string recall, string f1, long support) =>
                csv.Append(NetDsl.Files.CsvText.Field(name)).Append(',').Append(precision).Append(',').Append(recall).Append(',').Append(f1)
                   .Append(',').Append(support.ToString(System.Globalization.CultureInfo.InvariantCulture)).AppendLine();
            void Scores(ClassScores s) => Row(s.Class, MetricsLog.Number(s.Precision), MetricsLog.Number(s.Recall), MetricsLog.Number(s.F1), s.Support);
            foreach (var scores in report.Classes) Scores(scores);
            Scores(report.MacroAverage);
            Scores(report.WeightedAverage);
            Row("accuracy", "", "", MetricsLog.Number(report.Accuracy), report.Total);
            Row("balanced accuracy", "", MetricsLog.Number(report.BalancedAccuracy), "", report.Total);
            NetDsl.Files.ReplacingWrite.Text(path, csv.ToString());
        }
    }
}
