using System;
using System.IO;
using System.Linq;
using NetDsl.Cli;
using NetDsl.Runtime.Comparison;
using NetDsl.Shapes;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>The sweep table round-trips through CSV, and <c>compare</c> draws it as a PNG with the same data as CSV.</summary>
    public sealed class CompareChartTests
    {
        static readonly ModelResult[] Rows =
        {
            Row("resnet18", 11_689_512, 37_000_000, 0.93, ModelTask.Classification, "accuracy"),
            Row("resnet50", 25_557_032, 85_000_000, 0.81, ModelTask.Classification, "accuracy"),
            Row("mobilenet_v3_small", 2_542_856, 3_200_000, 0.62, ModelTask.Classification, "accuracy"),
            Row("vgg16", 138_357_544, 410_000_000, 0.55, ModelTask.Classification, "accuracy"),
            Row("unet_padded", 1_942_679, 190_000_000, 0.48, ModelTask.Segmentation, "mIoU") with { Precision = "bf16-mixed" },
            Row("alexnet", 61_100_840, 58_000_000, double.NaN, ModelTask.Classification, "accuracy") with { Status = "failed: test" },
        };

        static ModelResult Row(string model, long parameters, long macs, double metric, ModelTask task, string metricName) => new ModelResult
        {
            Model = model, Task = task, Parameters = parameters, MultiplyAdds = macs, ActivationBytes = macs / 50, Input = new TensorShape(3, 32, 32),
            DesignedInput = new TensorShape(3, 224, 224), Epochs = 1, TrainImages = 2000, BatchSize = 32, Precision = "fp32", Seconds = 42.5, MetricName = metricName,
            Metric = metric, CardMetric = 0.5, FirstLoss = 2.1, LastLoss = 0.7,
        };

        [Fact]
        public void SweepTable_RoundTripsThroughCsv_AndWritesJsonAndMarkdown()
        {
            using var folder = new TempFolder();
            string prefix = Path.Combine(folder.Path, "sweep");
            ResultTable.WriteAll(prefix, Rows, "test sweep");
            var back = ResultTable.ReadCsv(prefix + ".csv");
            Assert.Equal(Rows.Select(r => r.Model), back.Select(r => r.Model));
            Assert.Equal(Rows[1].MultiplyAdds, back[1].MultiplyAdds);
            Assert.Equal(Rows[1].Metric, back[1].Metric);
            Assert.Equal(Rows[4].Task, back[4].Task);
            Assert.Equal(new[] { "fp32", "bf16-mixed" }, new[] { back[0].Precision, back[4].Precision });
            Assert.True(double.IsNaN(back[5].Metric));
            Assert.False(back[5].Reached);
            Assert.True(back[0].Reached);
            Assert.Contains("| resnet50 | classification | 25.56M |", File.ReadAllText(prefix + ".md"));
            Assert.Contains("| unet_padded | segmentation | 1.94M | 190.0M | 3x32x32 (3x224x224) | 1 × 2000 | 32 | bf16-mixed | 42 |", File.ReadAllText(prefix + ".md"));
            Assert.Contains("\"macs\": 85000000", File.ReadAllText(prefix + ".json"));
            Assert.Contains("\"precision\": \"bf16-mixed\"", File.ReadAllText(prefix + ".json"));
        }

        [Fact]
        public void SweepTable_WrittenBeforeThePrecisionColumn_StillReads()
        {
            using var folder = new TempFolder();
            string old = Path.Combine(folder.Path, "old.csv");
            File.WriteAllText(old, "model,task,params,macs,activation_bytes,input,designed_input,epochs,train_images,batch,seconds,metric_name,metric,card_metric,reached,first_loss,last_loss,status\n" +
                                   "resnet18,classification,11689512,37000000,1,3x32x32,3x224x224,1,2000,32,42.5,accuracy,0.93,0.5,yes,2.1,0.7,ok\n");
            var row = Assert.Single(ResultTable.ReadCsv(old));
            Assert.Equal("", row.Precision);
            Assert.Equal(0.93, row.Metric);
            Assert.Contains("| 32 | — | 42 |", ResultTable.ToMarkdown(new[] { row }, "old"));
        }

        [Fact]
        public void Compare_FromASweepTable_WritesAPngAndTheSameRowsAsCsv()
        {
            using var folder = new TempFolder();
            string sweep = Path.Combine(folder.Path, "sweep");
            ResultTable.WriteAll(sweep, Rows, "test sweep");
            string prefix = Path.Combine(folder.Path, "chart");
            var console = new CliConsole(new StringWriter(), new StringWriter(), interactive: false);
            int code = CliHost.Run(new[] { "compare", "--sweep", sweep + ".csv", "--out", prefix }, TestModels.Catalogue, console);
            Assert.Equal(0, code);

            byte[] png = File.ReadAllBytes(prefix + ".png");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4).ToArray());
            using var image = SkiaSharp.SKBitmap.Decode(png);
            Assert.Equal(1000, image.Width);
            Assert.Equal(2 * 650, image.Height);                // accuracy and mIoU panels
            Assert.True(png.Length > 30_000, $"the chart is only {png.Length} bytes");
            Assert.True(DistinctColours(image) > 20, "the chart has almost no content");

            var lines = File.ReadAllLines(prefix + ".csv");
            Assert.Equal(CompareChart.CsvHeader, lines[0]);
            Assert.Equal(Rows.Select(r => r.Model), lines.Skip(1).Select(l => l.Split(',')[0]));
            Assert.StartsWith("vgg16,classification,410000000,accuracy,0.55,138357544,527.79,", lines[4]);
        }

        [Fact]
        public void Compare_NeedsOneSource_AndNamesABadTable()
        {
            using var folder = new TempFolder();
            var console = new CliConsole(new StringWriter(), new StringWriter(), interactive: false);
            Assert.Equal(2, CliHost.Run(new[] { "compare", "--out", "x" }, TestModels.Catalogue, console));
            string bad = Path.Combine(folder.Path, "bad.csv");
            File.WriteAllText(bad, ResultTable.Header + "\nresnet18,classification,many,1,1,3x32x32,,1,1,1,fp32,1,accuracy,0.5,,yes,1,1,ok\n");
            var error = new StringWriter();
            Assert.Equal(1, CliHost.Run(new[] { "compare", "--sweep", bad, "--out", Path.Combine(folder.Path, "c") }, TestModels.Catalogue,
                new CliConsole(new StringWriter(), error, interactive: false)));
            Assert.Contains($"{bad} line 2: params 'many' is not a whole number", error.ToString());
        }

        static int DistinctColours(SkiaSharp.SKBitmap image)
        {
            var seen = new System.Collections.Generic.HashSet<uint>();
            for (int y = 0; y < image.Height; y += 7)
                for (int x = 0; x < image.Width; x += 7)
                    seen.Add((uint)image.GetPixel(x, y));
            return seen.Count;
        }
    }
}
