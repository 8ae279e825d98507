using System.Collections.Generic;
using System.IO;
using System.Text;

namespace NetDsl.Runtime.Training
{
    /// <summary>A confusion matrix as CSV: a header of predicted classes, then one row per true class.</summary>
    public static class ConfusionLog
    {
        public const string FileName = "confusion.csv";

        /// <summary>
        /// Rows and columns for the data's classes; a classifier with more outputs (ImageNet's 1000 on the shapes
        /// set's 6) gets one more column, "other", counting predictions of classes the data does not have.
        /// </summary>
        public static void Write(string path, ConfusionCounts confusion, IReadOnlyList<string> classNames)
        {
            int shown = classNames.Count > 0 ? System.Math.Min(classNames.Count, confusion.Classes) : confusion.Classes;
            bool other = shown < confusion.Classes;
            string Name(int k) => k < classNames.Count ? classNames[k] : "class" + k;
            var csv = new StringBuilder("truth\\predicted");
            for (int k = 0; k < shown; k++) csv.Append(',').Append(Name(k));
            if (other) csv.Append(",other");
            csv.AppendLine();
            for (int t = 0; t < shown; t++)
            {
                csv.Append(Name(t));
                long rest = 0;
                for (int p = 0; p < confusion.Classes; p++)
                    if (p < shown) csv.Append(',').Append(confusion[t, p]); else rest += confusion[t, p];
                if (other) csv.Append(',').Append(rest);
                csv.AppendLine();
            }
            string temporary = path + ".tmp";
            File.WriteAllText(temporary, csv.ToString());
            File.Move(temporary, path, overwrite: true);
        }
    }
}
