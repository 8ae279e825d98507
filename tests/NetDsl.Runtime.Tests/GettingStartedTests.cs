using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// docs/getting-started.md cannot rot: every C# block in it is found (line by line, indentation aside) in
    /// GettingStarted/*.cs, and that code runs here end to end.
    /// </summary>
    public sealed class GettingStartedTests : IDisposable
    {
        readonly TempFolder dir = new TempFolder();
        readonly string previous = Directory.GetCurrentDirectory();

        public void Dispose()
        {
            Directory.SetCurrentDirectory(previous);
            dir.Dispose();
        }

        static string Guide => Path.Combine(AppContext.BaseDirectory, "getting-started", "getting-started.md");

        static string[] Lines(string text) =>
            text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();

        [Fact]
        public void EveryCSharpBlockOfTheGuide_IsInTheTestedCode()
        {
            string code = string.Join("\n", Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "getting-started"), "*.cs")
                .OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllText));
            string tested = "\n" + string.Join("\n", Lines(code)) + "\n";
            var blocks = Regex.Matches(File.ReadAllText(Guide), "```csharp\n(.*?)```", RegexOptions.Singleline);
            Assert.True(blocks.Count >= 8, $"the guide has {blocks.Count} C# blocks");
            foreach (Match block in blocks)
            {
                string wanted = "\n" + string.Join("\n", Lines(block.Groups[1].Value)) + "\n";
                Assert.True(tested.Contains(wanted, StringComparison.Ordinal), "not in tests/NetDsl.Runtime.Tests/GettingStarted:\n" + block.Groups[1].Value);
            }
        }

        /// <summary>The sample <c>Summary()</c> output in section 3 is the real one: every line shown (the "…" aside) is a line it prints.</summary>
        [Fact]
        public void TheGuidesSummarySampleIsWhatSummaryPrints()
        {
            string guide = File.ReadAllText(Guide).Replace("\r", "");
            string section = guide.Substring(guide.IndexOf("## 3. `Summary()`", StringComparison.Ordinal));
            var sample = Regex.Matches(section, "```(\\w*)\n(.*?)```", RegexOptions.Singleline).First(m => m.Groups[1].Value == "").Groups[2].Value;
            using var net = new ShapesNet(classes: 6);
            string printed = net.Summary(batchSize: 32).ToString()!.Replace("\r", "");
            var lines = printed.Split('\n').Select(l => l.TrimEnd()).ToHashSet(StringComparer.Ordinal);
            foreach (string line in sample.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0 && l != "…"))
                Assert.True(lines.Contains(line), $"the guide shows '{line}'; Summary() prints:\n{printed}");
        }

        [Fact]
        public void TheGuideRuns_DeclareSummaryFitEvaluatePredictSaveLoadFineTune()
        {
            DataTestFiles.WriteImage(dir.File("cat.png"), 40, 30, seed: 3);
            var console = new StringWriter();
            var previousOut = Console.Out;
            Console.SetOut(console);
            GuideOutcome outcome;
            try { outcome = GuideWalkthrough.Run(dir.Path); }
            finally { Console.SetOut(previousOut); }

            Assert.Contains("bn1/relu", outcome.Summary);
            Assert.Contains("Trainable params:", console.ToString());
            Assert.Equal(2, outcome.Result.History.Count + (outcome.Result.StopReason != null ? 1 : 0));
            Assert.True(File.Exists(dir.File("runs/shapesnet/best.bin")));
            Assert.True(File.Exists(dir.File("runs/shapesnet/steps.csv")));
            Assert.NotEmpty(Directory.GetFiles(dir.File("runs/shapesnet/tensorboard"), "events.out.tfevents.*"));
            Assert.Contains("test_error", File.ReadAllLines(dir.File("runs/shapesnet/metrics.csv"))[0]);
            Assert.Equal(new long[] { 1, 6 }, outcome.FilePredictionShape);
            // The checkpoint named the shapes set's classes: the answer is one of them, with three classes best first.
            Assert.Contains(outcome.Answer!.Best.Label, NetDsl.Runtime.Data.ShapeKinds.Names);
            Assert.Equal(3, outcome.Answer.Top.Count);
            Assert.True(outcome.Answer.Top[0].Probability >= outcome.Answer.Top[2].Probability);
            Assert.Contains("cat.png: " + outcome.Answer.Best.Label, console.ToString());
            Assert.Contains(outcome.Served!.Best.Label, NetDsl.Runtime.Data.ShapeKinds.Names);
            Assert.Contains("served: " + outcome.Served.Best.Label, console.ToString());
            // The exported weights carry the run's class names: the predictor built from the file alone answers with them.
            Assert.Contains(outcome.HandedOn!.Best.Label, NetDsl.Runtime.Data.ShapeKinds.Names);
            Assert.True(outcome.ReloadedSame);
            Assert.Equal(new[] { "fc.weight", "fc.bias" }, outcome.FineTune.Reinitialised.Select(m => m.Key));
            Assert.Contains("Non-trainable params: 23,696", console.ToString());
            Assert.Equal("loaded 18 tensors; re-initialised 2 whose shape differs: fc.weight [6, 64] → [3, 64], fc.bias [6] → [3]; froze 9 backbone parameters and the statistics of 3 BatchNorm layers", outcome.FineTune.Describe());
        }
    }
}
