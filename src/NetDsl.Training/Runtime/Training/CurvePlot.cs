using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// Curves saved as <c>curves.png</c>: on top the loss of every step (thin) with the per-epoch train and test
    /// loss (left axis) and the task's metric (right axis), below the learning rate at every step. Both panels
    /// share the x axis in epochs (step s of epoch e at e − 1 + s/steps; an epoch's figures at its end, x = e) and
    /// the same fixed margins, so a step in one lines up with the other.
    /// </summary>
    internal static class CurvePlot
    {
        public const string FileName = "curves.png";

        /// <summary>Left and right margins (pixels) both panels use, so their data areas align.</summary>
        static readonly ScottPlot.PixelPadding Margins = new ScottPlot.PixelPadding(80, 80, 50, 40);

        public static void Save(string path, IReadOnlyList<EpochMetrics> history, string title, IReadOnlyList<StepRecord>? steps = null)
        {
            if (history.Count == 0) return;
            steps ??= System.Array.Empty<StepRecord>();
            double[] epochs = history.Select(m => (double)m.Epoch).ToArray();
            string metric = history[^1].MetricName;
            var plot = new ScottPlot.Plot();
            plot.Title(title);
            plot.XLabel("epoch");
            plot.Axes.Left.Label.Text = "loss";
            plot.Axes.Right.Label.Text = metric;

            if (steps.Count > 0)
            {
                var perStep = plot.Add.ScatterLine(steps.Select(s => s.EpochPosition).ToArray(), steps.Select(s => s.Loss).ToArray(), ScottPlot.Colors.LightSkyBlue);
                perStep.LegendText = "step loss";
                perStep.LineWidth = 1;
            }
            AddLine(plot, epochs, history.Select(m => m.TrainLoss), "train loss", ScottPlot.Colors.Blue, right: false);
            AddLine(plot, epochs, history.Select(m => m.TestLoss), history[^1].EvaluatedSplit + " loss", ScottPlot.Colors.Orange, right: false);
            if (history.Any(m => double.IsFinite(m.TrainMetric)))
                AddLine(plot, epochs, history.Select(m => m.TrainMetric), "train " + metric, ScottPlot.Colors.Green, right: true);
            AddLine(plot, epochs, history.Select(m => m.TestMetric), history[^1].EvaluatedSplit + " " + metric, ScottPlot.Colors.Red, right: true);
            double maxLoss = history.Max(m => Math.Max(m.TrainLoss, m.TestLoss));
            if (steps.Count > 0) maxLoss = Math.Max(maxLoss, Percentile99(steps.Select(s => s.Loss)));
            plot.Axes.SetLimitsY(0, double.IsFinite(maxLoss) && maxLoss > 0 ? maxLoss * 1.05 : 1, plot.Axes.Left);
            // Accuracy, mIoU and mAP are fractions; PSNR is in decibels.
            double maxMetric = history.Where(m => double.IsFinite(m.TestMetric)).Select(m => Math.Max(m.TestMetric, double.IsFinite(m.TrainMetric) ? m.TrainMetric : 0)).DefaultIfEmpty(1).Max();
            plot.Axes.SetLimitsY(0, metric == "PSNR" ? Math.Max(1, maxMetric * 1.05) : 1.05, plot.Axes.Right);
            plot.ShowLegend(ScottPlot.Edge.Bottom); // below the axes, so it never hides a point

            var rates = new ScottPlot.Plot();
            rates.XLabel("epoch");
            if (steps.Count > 0)
            {
                rates.YLabel("learning rate (per step)");
                var line = rates.Add.ScatterLine(steps.Select(s => s.EpochPosition).ToArray(), steps.Select(s => s.LearningRate).ToArray(), ScottPlot.Colors.Purple);
                line.LineWidth = 2;
            }
            else
            {
                rates.YLabel("learning rate (epoch end)");
                AddLine(rates, epochs, history.Select(m => m.LearningRate), "lr", ScottPlot.Colors.Purple, right: false);
            }
            double first = steps.Count > 0 ? Math.Min(0, steps[0].EpochPosition) : Math.Max(0, epochs[0] - 1);
            double last = Math.Max(epochs[^1], steps.Count > 0 ? steps[^1].EpochPosition : 0);
            foreach (var p in new[] { plot, rates })
            {
                p.Axes.SetLimitsX(first, last + (last - first) * 0.02);
                p.Layout.Fixed(Margins);
            }

            byte[] curves = plot.GetImageBytes(800, 500, ScottPlot.ImageFormat.Png), schedule = rates.GetImageBytes(800, 250, ScottPlot.ImageFormat.Png);
            NetDsl.Files.ReplacingWrite.To(path, file => SaveStacked(file, curves, schedule));
        }

        /// <summary>The 99th percentile, so one wild first step does not flatten the rest of the loss curve.</summary>
        static double Percentile99(IEnumerable<double> values)
        {
            var sorted = values.Where(double.IsFinite).OrderBy(v => v).ToArray();
            return sorted.Length == 0 ? 0 : sorted[(int)Math.Floor(0.99 * (sorted.Length - 1))];
        }

        /// <summary>Rendered plots one above the other in one PNG, written to <paramref name="file"/> (callers write through <see cref="NetDsl.Files.ReplacingWrite"/>).</summary>
        internal static void SaveStacked(Stream file, params byte[][] images)
        {
            var bitmaps = images.Select(SkiaSharp.SKBitmap.Decode).ToList();
            try
            {
                using var combined = new SkiaSharp.SKBitmap(bitmaps.Max(b => b.Width), bitmaps.Sum(b => b.Height));
                using (var canvas = new SkiaSharp.SKCanvas(combined))
                {
                    canvas.Clear(SkiaSharp.SKColors.White);
                    int top = 0;
                    foreach (var bitmap in bitmaps)
                    {
                        canvas.DrawBitmap(bitmap, 0, top);
                        top += bitmap.Height;
                    }
                }
                using var image = SkiaSharp.SKImage.FromBitmap(combined);
                using var encoded = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
                encoded.SaveTo(file);
            }
            finally
            {
                foreach (var bitmap in bitmaps) bitmap.Dispose();
            }
        }

        static void AddLine(ScottPlot.Plot plot, double[] xs, IEnumerable<double> values, string label, ScottPlot.Color colour, bool right)
        {
            var line = plot.Add.Scatter(xs, values.ToArray(), colour);
            line.LegendText = label;
            line.LineWidth = 2;
            if (right) line.Axes.YAxis = plot.Axes.Right;
        }
    }
}
