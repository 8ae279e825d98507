using System.Linq;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// <c>--workers N</c> sets file data's decoding threads (<c>PrefetchOptions.Workers</c>) from the command line (before: only from C#);
    /// batches come in order whatever the count, so a run is the same with 0 or 2 workers.
    /// </summary>
    public sealed class WorkersOptionTests
    {
        [Fact]
        public void Train_AndEval_TakeWorkers_WithTheSameResultForAnyCount_AndRefuseANegativeOne()
        {
            using var dir = new TempFolder();
            string data = "folder:" + DataSubsetTests.WriteFolder(dir);
            string Result(string workers, string run)
            {
                var (code, output, error) = CliCapture.Run("train", "tinycnn", "--data", data, "--input", "3x8x8", "--epochs", "1", "--batch", "5",
                    "--workers", workers, "--out", dir.File(run));
                Assert.True(code == 0, output + error);
                return output.Split('\n').Single(l => l.StartsWith("test accuracy: ", System.StringComparison.Ordinal));
            }
            Assert.Equal(Result("0", "inline"), Result("2", "two"));
            var (evalCode, evalOutput, evalError) = CliCapture.Run("eval", "tinycnn", "--checkpoint", dir.File("two/checkpoint.bin"), "--workers", "3");
            Assert.True(evalCode == 0, evalOutput + evalError);

            var (refused, _, message) = CliCapture.Run("train", "tinycnn", "--workers", "-1", "--out", dir.File("bad"));
            Assert.Equal(2, refused);
            Assert.Contains("--workers must be an integer ≥ 0, got '-1'", message);
            Assert.Contains("--workers N", CliCapture.Run("train", "--help").output);
        }
    }
}
