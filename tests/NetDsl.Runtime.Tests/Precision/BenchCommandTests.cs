using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using NetDsl.Cli;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    public class BenchCommandTests
    {
        static readonly ModelEntry[] Catalogue = { TestModels.Entry("mixednet", () => new MixedNet()) };

        static (int code, string output, string error) Run(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            return (CliHost.Run(args, Catalogue, new CliConsole(output, error, interactive: false)), output.ToString(), error.ToString());
        }

        static string[] Names(JsonElement section) => section.EnumerateArray().Select(v => v.GetProperty("name").GetString()!).ToArray();

        [Fact]
        public void JsonHasTrainAndEvalFiguresForFp32AndBf16NextToTheEagerBaseline()
        {
            var (code, output, error) = Run("bench", "mixednet", "--batch", "4", "--rounds", "2", "--json");
            Assert.True(code == 0, error);
            using var json = JsonDocument.Parse(output);
            var root = json.RootElement;
            Assert.Equal("mixednet", root.GetProperty("model").GetString());
            Assert.Equal(new[] { 1, 16, 16 }, root.GetProperty("input").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal(4, root.GetProperty("batch").GetInt32());
            // Channels-last variants appear where that layout is used (not on a CPU whose kernels failed the probe).
            var train = new[] { "eager fp32", "fp32 channels-last", "bf16-mixed", "bf16-mixed channels-last" };
            var eval = new[] { "eager fp32", "inference fp32", "inference fp32 channels-last", "inference bf16-mixed", "inference bf16-mixed channels-last" };
            bool channelsLast = MemoryLayout.UsableOn(TorchSharp.DeviceType.CPU);
            Assert.Equal(train.Where(n => channelsLast || !n.EndsWith("channels-last")), Names(root.GetProperty("train")));
            Assert.Equal(eval.Where(n => channelsLast || !n.EndsWith("channels-last")), Names(root.GetProperty("eval")));
            foreach (var mode in new[] { "train", "eval" })
                foreach (var v in root.GetProperty(mode).EnumerateArray())
                {
                    double ms = v.GetProperty("medianMs").GetDouble();
                    Assert.True(ms > 0, $"{mode} {v.GetProperty("name")}: {ms} ms");
                    Assert.Equal(4 * 1000.0 / ms, v.GetProperty("imagesPerSecond").GetDouble(), 0.05 * 4000 / ms);
                    Assert.True(v.GetProperty("ratioToBaseline").GetDouble() > 0);
                }
            Assert.Equal(1.0, root.GetProperty("eval")[0].GetProperty("ratioToBaseline").GetDouble());
            Assert.Contains("not measured", root.GetProperty("onnx").GetString());
        }

        [Fact]
        public void ModeAndPrecisionNarrowWhatRunsAndBadValuesAreUsageErrors()
        {
            var (code, output, error) = Run("bench", "mixednet", "--batch", "2", "--rounds", "1", "--mode", "eval", "--precision", "fp32");
            Assert.True(code == 0, error);
            Assert.Contains("eval:", output);
            Assert.DoesNotContain("train:", output);
            Assert.Contains("inference fp32", output);
            Assert.DoesNotContain("bf16", output);

            (code, _, error) = Run("bench", "mixednet", "--mode", "fast");
            Assert.Equal(2, code);
            Assert.Contains("--mode", error);
        }
    }
}
