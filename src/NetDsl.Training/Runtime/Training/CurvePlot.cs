using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// Per-epoch curves saved as <c>curves.png</c>: loss (left axis) and the task's metric (right axis) on
    /// top, the learning rate below.
    /// </summary>
    public static class CurvePlot
    {
        public const string FileName = "curves.png";

        public static void Save(string path, IReadOnlyList<EpochMetrics> history, string title)
        {
            if (history.Count == 0) return;
            double[] epochs = history.Select(m => (double)m.Epoch).ToArray();
            string metric = history[^1].Metric;
            var plot = new ScottPlot.Plot();
            plot.Title(title);
            plot.XLabel("epoch");
            plot.Axes.Left.Label.Text = "loss";
            plot.Axes.Right.Label.Text = metric;

            AddLine(plot, epochs, history.Select(m => m.TrainLoss), "train loss", ScottPlot.Colors.Blue, right: false);
            AddLine(plot, epochs, history.Select(m => m.TestLoss), "test loss", ScottPlot.Colors.Orange, right: false);
            if (history.Any(m => double.IsFinite(m.TrainAccuracy)))
                AddLine(plot, epochs, history.Select(m => m.TrainAccuracy), "train " + metric, ScottPlot.Colors.Green, right: true);
            AddLine(plot, epochs, history.Select(m => m.TestAccuracy), "test " + metric, ScottPlot.Colors.Red, right: true);
            double maxLoss = history.Max(m => Math.Max(m.TrainLoss, m.TestLoss));
            plot.Axes.SetLimitsY(0, double.IsFinite(maxLoss) && maxLoss > 0 ? maxLoss * 1.05 : 1, plot.Axes.Left);
            // Accuracy, mIoU and mAP are fractions; PSNR is in decibels.
            double maxMetric = history.Where(m => double.IsFinite(m.TestAccuracy)).Select(m => Math.Max(m.TestAccuracy, double.IsFinite(m.TrainAccuracy) ? m.TrainAccuracy : 0)).DefaultIfEmpty(1).Max();
            plot.Axes.SetLimitsY(0, metric == "PSNR" ? Math.Max(1, maxMetric * 1.05) : 1.05, plot.Axes.Right);
            plot.ShowLegend(ScottPlot.Edge.Bottom); // below the axes, so it never hides a point

            var rates = new ScottPlot.Plot();
            rates.XLabel("epoch");
            rates.YLabel("learning rate (epoch end)");
            AddLine(rates, epochs, history.Select(m => m.LearningRate), "lr", ScottPlot.Colors.Purple, right: false);

            string temporary = path + ".tmp.png";
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            SaveStacked(temporary, plot.GetImageBytes(800, 500, ScottPlot.ImageFormat.Png), rates.GetImageBytes(800, 250, ScottPlot.ImageFormat.Png));
            File.Move(temporary, path, overwrite: true);
        }

        /// <summary>Rendered plots one above the other in one PNG (written where asked: callers pass a temporary path).</summary>
        internal static void SaveStacked(string path, params byte[][] images)
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
                using var file = File.Create(path);
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
