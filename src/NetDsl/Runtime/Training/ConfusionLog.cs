using System.Collections.Generic;
using System.IO;
using System.Text;

namespace NetDsl.Runtime.Training
{
    /// <summary>A confusion matrix as CSV: a header of predicted classes, then one row per true class.</summary>
    public static class ConfusionLog
    {
        public const string FileName = "confusion.csv";

        public static void Write(string path, ConfusionCounts confusion, IReadOnlyList<string> classNames)
        {
            string Name(int k) => k < classNames.Count ? classNames[k] : "class" + k;
            var csv = new StringBuilder("truth\\predicted");
            for (int k = 0; k < confusion.Classes; k++) csv.Append(',').Append(Name(k));
            csv.AppendLine();
            for (int t = 0; t < confusion.Classes; t++)
            {
                csv.Append(Name(t));
                for (int p = 0; p < confusion.Classes; p++) csv.Append(',').Append(confusion[t, p]);
                csv.AppendLine();
            }
            string temporary = path + ".tmp";
            File.WriteAllText(temporary, csv.ToString());
            File.Move(temporary, path, overwrite: true);
        }
    }
}
