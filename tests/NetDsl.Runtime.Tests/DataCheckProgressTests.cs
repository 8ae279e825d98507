using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Text.Json;
using NetDsl.Runtime.Data;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary><c>data check</c> tells how far it has come while reading (a 200,000-file folder was silent for ~23 s).</summary>
    public sealed class DataCheckProgressTests
    {
        sealed class Collect : IProgress<DataCheckProgress>
        {
            public ConcurrentQueue<DataCheckProgress> Reports { get; } = new();
            public void Report(DataCheckProgress value) => Reports.Enqueue(value);
        }

        static void WriteCifar(TempFolder dir)
        {
            DataTestFiles.WriteCifar(dir.File("data_batch_1.bin"), (0, 1), (1, 2), (2, 3), (3, 4), (4, 5));
            DataTestFiles.WriteCifar(dir.File("test_batch.bin"), (5, 6), (6, 7));
        }

        [Fact]
        public void Run_ReportsEverySampleOfEachSplit_AndTheReportIsTheSame()
        {
            using var dir = new TempFolder();
            WriteCifar(dir);
            var progress = new Collect();
            var report = DataCheck.Run(DataSource.Cifar10(dir.Path), null, progress);
            var reports = progress.Reports.ToList();
            Assert.Equal(Enumerable.Range(1, 5), reports.Where(r => r.Split == "train").Select(r => r.Checked).OrderBy(n => n));
            Assert.Equal(Enumerable.Range(1, 2), reports.Where(r => r.Split == "test").Select(r => r.Checked).OrderBy(n => n));
            Assert.All(reports, r => Assert.Equal(r.Split == "train" ? 5 : 2, r.Total));
            Assert.Equal(DataCheck.Run(DataSource.Cifar10(dir.Path)).ToJson(null), report.ToJson(null));
        }

        [Fact]
        public void TheCli_PrintsProgressLinesOnStderr_LeavingStdoutsJsonAlone()
        {
            using var dir = new TempFolder();
            WriteCifar(dir);
            var (code, output, error) = CliCapture.Run("data", "check", "cifar10:" + dir.Path, "--json", "--progress-every", "0");
            Assert.True(code == 0, output + error);
            Assert.Matches(@"data check: train 5/5 samples read, elapsed \d+:\d\d, eta 0:00", error);
            Assert.Contains("data check: test 2/2 samples read", error);
            using (JsonDocument.Parse(output)) { }   // stdout is still one JSON object

            // The default (every 10 s) prints nothing for a check this short; a negative interval is a usage error.
            (code, output, error) = CliCapture.Run("data", "check", "cifar10:" + dir.Path);
            Assert.Equal(0, code);
            Assert.DoesNotContain("samples read", output + error);
            Assert.Equal(2, CliCapture.Run("data", "check", "cifar10:" + dir.Path, "--progress-every", "-1").code);
            Assert.Equal(2, CliCapture.Run("data", "shapes", "--out", dir.File("s"), "--progress-every", "1").code);
        }
    }
}
