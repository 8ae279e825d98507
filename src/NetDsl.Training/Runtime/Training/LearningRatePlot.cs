using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// The learning-rate finder's chart: each step's loss (thin) and the smoothed loss against the rate on a log axis,
    /// the suggestion (fastai's valley) marked with a vertical line and a point, fastai's minimum/10 dashed.
    /// </summary>
    internal static class LearningRatePlot
    {
        public static void Save(string path, LearningRateFinderResult result, string title)
        {
            var points = result.Points.Where(p => double.IsFinite(p.Loss)).ToList();
            var plot = new ScottPlot.Plot();
            plot.Title(title);
            plot.XLabel("learning rate (log scale)");
            plot.YLabel("loss");
            if (points.Count > 0)
            {
                double[] xs = points.Select(p => Math.Log10(p.LearningRate)).ToArray();
                var raw = plot.Add.ScatterLine(xs, points.Select(p => p.Loss).ToArray(), ScottPlot.Colors.LightSkyBlue);
                raw.LegendText = "loss";
                raw.LineWidth = 1;
                var smooth = plot.Add.ScatterLine(xs, points.Select(p => p.SmoothedLoss).ToArray(), ScottPlot.Colors.Blue);
                smooth.LegendText = "smoothed loss";
                smooth.LineWidth = 2;
                // The first steps (near the initial loss) and the smoothed curve set the y range; the diverging tail is cut.
                double top = Math.Max(points.Take(Math.Max(1, points.Count / 10)).Max(p => p.Loss), points.Max(p => p.SmoothedLoss));
                double bottom = points.Min(p => Math.Min(p.Loss, p.SmoothedLoss));
                top = Math.Min(top, points[0].SmoothedLoss * 4);
                if (!(top > bottom)) top = bottom + 1;
                plot.Axes.SetLimitsY(Math.Max(0, bottom - (top - bottom) * 0.05), top + (top - bottom) * 0.05);
                plot.Axes.SetLimitsX(Math.Log10(result.Options.MinLearningRate) - 0.1, Math.Log10(result.Options.MaxLearningRate) + 0.1);
            }
            if (result.Suggestion is double lr && result.SuggestionStep is int step)
            {
                var line = plot.Add.VerticalLine(Math.Log10(lr), 2, ScottPlot.Colors.Red);
                line.LegendText = "suggested " + LearningRateFinder.Format(lr) + " (valley)";
                plot.Add.Marker(Math.Log10(lr), result.Points[step].SmoothedLoss, ScottPlot.MarkerShape.FilledCircle, 10, ScottPlot.Colors.Red);
            }
            if (result.MinimumLossSuggestion is double low)
            {
                var line = plot.Add.VerticalLine(Math.Log10(low), 1, ScottPlot.Colors.Green);
                line.LinePattern = ScottPlot.LinePattern.Dashed;
                line.LegendText = "min loss / 10: " + LearningRateFinder.Format(low);
            }
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                IntegerTicksOnly = true,
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                LabelFormatter = log10 => Math.Pow(10, log10).ToString("0.#######", CultureInfo.InvariantCulture) is { Length: <= 6 } plain ? plain : "1e" + log10.ToString("0", CultureInfo.InvariantCulture),
            };
            plot.ShowLegend(ScottPlot.Edge.Bottom);
            NetDsl.Files.ReplacingWrite.Bytes(path, plot.GetImageBytes(900, 560, ScottPlot.ImageFormat.Png));
        }
    }
}
