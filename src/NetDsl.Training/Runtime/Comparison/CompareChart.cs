using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using NetDsl.Runtime.Training;

namespace NetDsl.Runtime.Comparison
{
    /// <summary>What a circle's area stands for.</summary>
    public enum CircleSize
    {
        /// <summary>Circle area is the parameter count.</summary>
        Parameters,
        /// <summary>Circle area is the activation memory of one forward pass.</summary>
        Activations,
    }

    /// <summary>
    /// The seed literature's comparison chart (Canziani et al., 2016): multiply-adds on a log axis against the test
    /// metric, one labelled circle per model whose area is its parameter memory (or activation memory for one sample
    /// at its training input). Models are grouped by metric (accuracy, mIoU, PSNR, mAP@0.5), one panel each, stacked
    /// in one PNG; <c>PREFIX.csv</c> holds the plotted numbers.
    /// </summary>
    public static class CompareChart
    {
        /// <summary>The header line of the chart's CSV.</summary>
        public const string CsvHeader = "model,task,macs,metric_name,metric,params,param_mb,activation_mb,circle_mb,seconds";

        /// <summary>Writes <c>PREFIX.png</c> and <c>PREFIX.csv</c>; returns their paths. Rows without a metric are listed in the CSV only.</summary>
        public static (string Png, string Csv) Write(IReadOnlyList<ModelResult> rows, string prefix, CircleSize size = CircleSize.Parameters, string? title = null)
        {
            if (rows.Count == 0) throw new ArgumentException("nothing to compare: no models in the table or run folders", nameof(rows));
            string png = prefix + ".png", csv = prefix + ".csv";
            string? folder = Path.GetDirectoryName(Path.GetFullPath(prefix));
            if (folder != null) Directory.CreateDirectory(folder);
            MetricsLog.WriteAtomically(csv, ToCsv(rows, size));

            var panels = rows.Where(r => double.IsFinite(r.Metric) && r.MultiplyAdds > 0)
                .GroupBy(r => r.MetricName)
                .OrderBy(g => g.Key == "accuracy" ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => Panel(g.ToList(), size, title ?? "multiply-adds vs test metric"))
                .ToArray();
            if (panels.Length == 0) throw new ArgumentException("nothing to draw: no model has both a metric and multiply-adds", nameof(rows));
            NetDsl.Files.ReplacingWrite.To(png, file => CurvePlot.SaveStacked(file, panels));
            return (png, csv);
        }

        /// <summary>The chart's data as CSV: one row per model.</summary>
        public static string ToCsv(IReadOnlyList<ModelResult> rows, CircleSize size)
        {
            var text = new StringBuilder().AppendLine(CsvHeader);
            foreach (var r in rows)
                text.AppendLine(string.Join(",", r.Model, r.Task.ToString().ToLowerInvariant(), r.MultiplyAdds.ToString(CultureInfo.InvariantCulture),
                    r.MetricName, MetricsLog.Number(r.Metric), r.Parameters.ToString(CultureInfo.InvariantCulture),
                    Mb(r.ParameterBytes), Mb(r.ActivationBytes), Mb(Circle(r, size)), MetricsLog.Number(r.Seconds)));
            return text.ToString();
        }

        static long Circle(ModelResult r, CircleSize size) => size == CircleSize.Activations ? r.ActivationBytes : r.ParameterBytes;

        static string Mb(long bytes) => (bytes / 1048576.0).ToString("F2", CultureInfo.InvariantCulture);

        static byte[] Panel(IReadOnlyList<ModelResult> rows, CircleSize size, string title)
        {
            string metric = rows[0].MetricName;
            var plot = new ScottPlot.Plot();
            plot.Title($"{title}: {metric} ({rows.Count} models)");
            plot.XLabel("multiply-adds per image at the training input (log scale)");
            plot.YLabel(metric == "PSNR" ? "test PSNR (dB)" : "test " + metric);

            // Circle area ∝ memory: the largest circle is 60 px across, none smaller than 6 px.
            double largest = rows.Max(r => (double)Circle(r, size));
            var families = rows.Select(r => Family(r.Model)).Distinct().ToList();
            var palette = new ScottPlot.Palettes.Category10();
            foreach (var r in rows)
            {
                double x = Math.Log10(r.MultiplyAdds);
                var colour = palette.GetColor(families.IndexOf(Family(r.Model)));
                float diameter = (float)Math.Max(6, 60 * Math.Sqrt(Circle(r, size) / Math.Max(1, largest)));
                var circle = plot.Add.Marker(x, r.Metric, ScottPlot.MarkerShape.FilledCircle, diameter, colour.WithAlpha(0.45));
                circle.MarkerLineColor = colour;
                circle.MarkerLineWidth = 1;
                var label = plot.Add.Text(r.Model, x, r.Metric);
                label.LabelFontSize = 10;
                label.OffsetY = -diameter / 2 - 2;
                label.Alignment = ScottPlot.Alignment.LowerCenter;
            }
            var ticks = new ScottPlot.TickGenerators.NumericAutomatic
            {
                IntegerTicksOnly = true,
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                LabelFormatter = Powers,
            };
            plot.Axes.Bottom.TickGenerator = ticks;
            double minX = rows.Min(r => Math.Log10(r.MultiplyAdds)), maxX = rows.Max(r => Math.Log10(r.MultiplyAdds));
            plot.Axes.SetLimitsX(Math.Floor(minX - 0.15), Math.Ceiling(maxX + 0.15));
            double minY = rows.Min(r => r.Metric), maxY = rows.Max(r => r.Metric), pad = Math.Max(0.05, (maxY - minY) * 0.15);
            plot.Axes.SetLimitsY(metric == "PSNR" ? minY - pad * 4 : Math.Max(0, minY - pad), metric == "PSNR" ? maxY + pad * 4 : Math.Min(1.05, maxY + pad));
            string sizeNote = size == CircleSize.Activations ? "circle area: activation memory per image (fp32)" : "circle area: parameter memory (fp32)";
            var note = plot.Add.Annotation($"{sizeNote}; largest {Mb((long)largest)} MB", ScottPlot.Alignment.LowerRight);
            note.LabelStyle.FontSize = 10;
            return plot.GetImageBytes(1000, 650, ScottPlot.ImageFormat.Png);
        }

        /// <summary>"1e9" style labels for log10 ticks: 10^6 → 1M, 10^9 → 1G.</summary>
        static string Powers(double log10)
        {
            double value = Math.Pow(10, log10);
            return value >= 1e9 ? (value / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + "G"
                : value >= 1e6 ? (value / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M"
                : value >= 1e3 ? (value / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k"
                : value.ToString("0.#", CultureInfo.InvariantCulture);
        }

        /// <summary>"resnet50" → "resnet", "efficientnet_b3" → "efficientnet", "vgg11_bn" → "vgg": one colour per family.</summary>
        static string Family(string model)
        {
            int end = 0;
            while (end < model.Length && char.IsLetter(model[end])) end++;
            return end == 0 ? model : model[..end];
        }
    }
}
