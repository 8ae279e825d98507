using System.Linq;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// <c>train</c> to a log (not a terminal) prints step lines within an epoch every <c>--progress-every</c> seconds (before:
    /// nothing between the epoch lines, so a long epoch looked dead).
    /// </summary>
    public sealed class PlainProgressTests
    {
        [Fact]
        public void Train_NotOnATerminal_PrintsStepLinesWithThroughputAndEta()
        {
            using var dir = new TempFolder();
            var (code, output, error) = CliCapture.Run("train", "tinycnn", "--epochs", "1", "--train-images", "64", "--test-images", "16", "--batch", "8",
                "--progress-every", "0", "--out", dir.File("run"));
            Assert.True(code == 0, output + error);
            var steps = output.Split('\n').Where(l => l.StartsWith("epoch 1/1 step ", System.StringComparison.Ordinal)).ToList();
            Assert.Equal(7, steps.Count);   // steps 1..7 of 8: the epoch's own line follows the last
            Assert.StartsWith("epoch 1/1 step 1/8 loss ", steps[0]);
            Assert.All(steps, l => Assert.Matches(@" \d+ img/s lr \S+ elapsed \d+:\d\d eta \d+:\d\d$", l));

            (code, output, error) = CliCapture.Run("train", "tinycnn", "--epochs", "1", "--train-images", "64", "--test-images", "16", "--batch", "8", "--out", dir.File("quiet"));
            Assert.True(code == 0, output + error);
            Assert.DoesNotContain("step 1/8", output);   // the default: a line every 30 s, none in a run this short
            Assert.Equal(2, CliCapture.Run("train", "tinycnn", "--progress-every", "-1").code);
        }
    }
}
