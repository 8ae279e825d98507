using System;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Data.Export;
using NetDsl.Shapes;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// <c>predict DIR</c> streams: each batch's CSV rows reach the temporary beside <c>--out</c> and its lines the console as the
    /// batch finishes (before: every result held until the last image, so a killed run kept nothing), and the CSV is still
    /// renamed into place only when complete.
    /// </summary>
    public sealed class PredictStreamingTests
    {
        /// <summary>A console writer that calls back on every line written.</summary>
        sealed class LineWatcher(Action<string> onLine) : StringWriter
        {
            public override void WriteLine(string? value)
            {
                base.WriteLine(value);
                onLine(value ?? "");
            }
        }

        [Fact]
        public void Predict_WritesAndPrintsEachBatchBeforeReadingTheNext()
        {
            using var dir = new TempFolder();
            Assert.Equal(0, CliCapture.Run("export", "tinycnn", "--format", "safetensors", "--out", dir.File("w.safetensors")).code);
            ShapesFolder.Write(dir.File("pngs"), new TensorShape(3, 32, 32), trainCount: 6, testCount: 12, seed: 0, masks: false);
            string folder = dir.File("pngs/test");
            string last = ImageInputs.Expand(new[] { folder }).Last().Path;
            Directory.CreateDirectory(dir.File("out"));
            string[]? rowsAtFirstLine = null;
            var output = new LineWatcher(line =>
            {
                if (rowsAtFirstLine != null || !line.Contains(".png: ", StringComparison.Ordinal)) return;
                // The first answer printed: the last image is still to be read, and the CSV's temporary holds the first batch.
                File.Delete(last);
                string temporary = Directory.GetFiles(dir.File("out"), ".p.csv.*.tmp").Single();
                using var reader = new StreamReader(new FileStream(temporary, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
                rowsAtFirstLine = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            });
            var error = new StringWriter();
            int code = NetDsl.Cli.CliHost.Run(new[] { "predict", "tinycnn", "--weights", dir.File("w.safetensors"), folder, "--top", "1", "--batch", "4", "--out", dir.File("out/p.csv") },
                TestModels.Catalogue, new NetDsl.Cli.CliConsole(output, error, interactive: false));

            Assert.True(code == 1, output + error.ToString());
            Assert.Contains($"error: {last}: ", error.ToString());
            Assert.Equal(5, rowsAtFirstLine!.Length);   // the header and the first batch of 4
            Assert.Equal("image,rank,index,label,probability", rowsAtFirstLine[0]);
            Assert.Equal(12, File.ReadAllLines(dir.File("out/p.csv")).Length);   // the header and the 11 images still there
            Assert.Empty(Directory.GetFiles(dir.File("out"), "*.tmp"));
        }
    }
}
