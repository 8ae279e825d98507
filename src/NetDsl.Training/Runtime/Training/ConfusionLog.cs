using System.Collections.Generic;
using System.IO;
using System.Text;

namespace NetDsl.Runtime.Training
{
    /// <summary>A confusion matrix as CSV: a header of predicted classes, then one row per true class.</summary>
    public static class ConfusionLog
    {
        /// <summary>The file name under the run folder (confusion.csv).</summary>
        public const string FileName = "confusion.csv";

        /// <summary>The data's classes as rows and columns (plus "other" for a wider head: <see cref="ConfusionCounts.Table"/>).</summary>
        public static void Write(string path, ConfusionCounts confusion, IReadOnlyList<string> classNames)
        {
            var (columns, rows) = confusion.Table(classNames);
            var csv = new StringBuilder("truth\\predicted");
            foreach (string column in columns) csv.Append(',').Append(NetDsl.Files.CsvText.Field(column));
            csv.AppendLine();
            foreach (var (truth, counts) in rows)
            {
                csv.Append(NetDsl.Files.CsvText.Field(truth));
                foreach (long count in counts) csv.Append(',').Append(count);
                csv.AppendLine();
            }
            NetDsl.Files.ReplacingWrite.Text(path, csv.ToString());
        }
    }
}
