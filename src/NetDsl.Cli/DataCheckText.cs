using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Data;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>data check</c>'s plain report: a line per split (samples, readable, sizes, formats), a line per class (images per split,
    /// or for masks the share of pixels, then void), then each problem as "PATH: message".
    /// </summary>
    internal static class DataCheckText
    {
        public static void Write(DataCheckReport report, int? maxProblems, TextWriter output)
        {
            output.WriteLine(F("{0}: {1} classes, {2}", report.Source, report.ClassNames.Count,
                report.Files == 0 ? "in memory (counted, not decoded)" : F("{0} files", report.Files)));
            var splits = new[] { report.Train, report.Test };
            Table(output, new[] { "split", "samples", "readable", "sizes (HxW)", "formats" },
                splits.Select(s => new[] { s.Name, F("{0}", s.Samples), F("{0}", s.Readable), Sizes(s), Formats(s) }));
            output.WriteLine();
            bool masks = report.HasMasks;
            if (masks || report.Train.PerClass.Count > 0)
            {
                var rows = report.ClassNames.Select((name, c) => new[] { name }
                    .Concat(splits.Select(s => masks ? Percent(s.MaskFraction(c)) : F("{0}", c < s.PerClass.Count ? s.PerClass[c] : 0))).ToArray()).ToList();
                if (masks) rows.Add(new[] { "void (255)" }.Concat(splits.Select(s => Percent(s.VoidFraction))).ToArray());
                Table(output, new[] { masks ? "class (pixels)" : "class" }.Concat(splits.Select(s => s.Name)).ToArray(), rows);
                output.WriteLine();
                if (report.ClassesWithoutTest is { Count: > 0 } unscored)
                {
                    string names = string.Join(", ", unscored.Select(c => "'" + c + "'"));
                    output.WriteLine($"warning: {(unscored.Count == 1 ? "class " + names + " has" : "classes " + names + " have")} no test images, so a test accuracy " +
                        "would not measure them; add images to their test/ folder (a split folder holds out about a fifth of each class of two or more images)");
                    output.WriteLine();
                }
            }
            if (report.IsClean) { output.WriteLine("no problems: every file can be used"); return; }
            output.WriteLine(F("problems ({0} in {1} files):", report.Problems.Count, report.BadFiles));
            foreach (var problem in report.Problems.Take(maxProblems ?? int.MaxValue))
                output.WriteLine(problem.Message.StartsWith(problem.Path + ":", System.StringComparison.Ordinal) ? problem.Message : problem.Path + ": " + problem.Message);
            int hidden = report.Problems.Count - (maxProblems ?? report.Problems.Count);
            if (hidden > 0) output.WriteLine(F("… and {0} more (--max-problems {1})", hidden, maxProblems));
        }

        /// <summary>
        /// One size, or the range of heights and of widths (each its own smallest and largest: the smallest height and the
        /// smallest width need not be one image's), and how many distinct HxW sizes.
        /// </summary>
        static string Sizes(DataSplitCheck split) =>
            split.MinSize is not { } min || split.MaxSize is not { } max ? "-"
            : min == max ? F("{0}x{1}", min.Height, min.Width)
            : F("heights {0}, widths {1} ({2} sizes)", Range(min.Height, max.Height), Range(min.Width, max.Width), split.DistinctSizes);

        static string Range(int low, int high) => low == high ? F("{0}", low) : F("{0}..{1}", low, high);

        static string Formats(DataSplitCheck split) =>
            split.Formats.Count == 0 ? "-" : string.Join(", ", split.Formats.Select(f => F("{0} {1}", f.Key, f.Value)));

        static string Percent(double fraction) => F("{0:0.0}%", 100 * fraction);

        /// <summary>Left-aligned first column, the rest right-aligned, two spaces apart; the last column left-aligned (free text).</summary>
        static void Table(TextWriter output, string[] header, IEnumerable<string[]> body)
        {
            var rows = new List<string[]> { header };
            rows.AddRange(body);
            var widths = Enumerable.Range(0, header.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
            bool freeLast = header[^1] == "formats";
            foreach (var row in rows)
                output.WriteLine(string.Join("  ", row.Select((cell, c) =>
                    c == 0 || (freeLast && c == row.Length - 1) ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
        }

        static string F(string format, params object?[] values) => string.Format(CultureInfo.InvariantCulture, format, values);
    }
}
