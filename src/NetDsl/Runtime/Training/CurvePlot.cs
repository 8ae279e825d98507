using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace NetDsl.Runtime.Training
{
    /// <summary>Loss (left axis) and accuracy (right axis) per epoch, saved as <c>curves.png</c>.</summary>
    public static class CurvePlot
    {
        public const string FileName = "curves.png";

        public static void Save(string path, IReadOnlyList<EpochMetrics> history, string title)
        {
            if (history.Count == 0) return;
            double[] epochs = history.Select(m => (double)m.Epoch).ToArray();
            var plot = new ScottPlot.Plot();
            plot.Title(title);
            plot.XLabel("epoch");
            plot.Axes.Left.Label.Text = "loss";
            plot.Axes.Right.Label.Text = "accuracy";

            AddLine(plot, epochs, history.Select(m => m.TrainLoss), "train loss", ScottPlot.Colors.Blue, right: false);
            AddLine(plot, epochs, history.Select(m => m.TestLoss), "test loss", ScottPlot.Colors.Orange, right: false);
            AddLine(plot, epochs, history.Select(m => m.TrainAccuracy), "train accuracy", ScottPlot.Colors.Green, right: true);
            AddLine(plot, epochs, history.Select(m => m.TestAccuracy), "test accuracy", ScottPlot.Colors.Red, right: true);
            double maxLoss = history.Max(m => Math.Max(m.TrainLoss, m.TestLoss));
            plot.Axes.SetLimitsY(0, double.IsFinite(maxLoss) && maxLoss > 0 ? maxLoss * 1.05 : 1, plot.Axes.Left);
            plot.Axes.SetLimitsY(0, 1.05, plot.Axes.Right);
            plot.ShowLegend(ScottPlot.Edge.Bottom); // below the axes, so it never hides a point

            string temporary = path + ".tmp.png";
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            plot.SavePng(temporary, 800, 500);
            File.Move(temporary, path, overwrite: true);
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
