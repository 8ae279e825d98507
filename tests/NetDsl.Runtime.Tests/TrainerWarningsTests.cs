using System;
using System.Linq;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// <c>train</c> prints the trainer's warnings (<c>TrainingContext.Warnings</c>; before: dropped) on stderr, each distinct one once:
    /// its own early bf16 check and the trainer's are not doubled. (A resume's warning: <see cref="ResumeMonitorTests"/>.)
    /// </summary>
    public sealed class TrainerWarningsTests
    {
        static int Count(string text, string part) => text.Split('\n').Count(l => l.Contains(part, StringComparison.Ordinal));

        /// <summary>A resume with nothing left to train: the trainer's warning, once.</summary>
        [Fact]
        public void AResumesWarning_IsPrintedOnce()
        {
            using var dir = new TempFolder();
            string[] run = { "train", "tinycnn", "--input", "3x8x8", "--epochs", "1", "--batch", "16", "--train-images", "16", "--test-images", "16",
                "--device", "cpu", "--out", dir.File("run") };
            var (code, output, error) = CliCapture.Run(run);
            Assert.True(code == 0, output + error);
            (code, output, error) = CliCapture.Run(run.Append("--resume").ToArray());
            Assert.True(code == 0, output + error);
            Assert.Equal(1, Count(error, $"warning: nothing to train: {dir.File("run")} already holds 1 epochs"));
        }

        /// <summary>The CLI's own bf16 check and the trainer's find the same warning: it is printed once (where this CPU warns at all).</summary>
        [Fact]
        public void TheBf16Warning_IsNotDoubled()
        {
            using var dir = new TempFolder();
            var (code, output, error) = CliCapture.Run("train", "tinycnn", "--input", "3x8x8", "--epochs", "1", "--batch", "16", "--train-images", "16",
                "--test-images", "16", "--precision", "bf16-mixed", "--device", "cpu", "--out", dir.File("run"));
            Assert.True(code == 0, output + error);
            string? expected = PrecisionSupport.Require(Precision.Bf16Mixed, TorchSharp.torch.CPU);
            Assert.Equal(expected == null ? 0 : 1, Count(error, "warning: "));
            var console = new NetDsl.Cli.CliConsole(new System.IO.StringWriter(), new System.IO.StringWriter(), interactive: false);
            console.Warn("slow");
            console.Warn("slow");
            console.Warn("other");
            Assert.Equal("warning: slow\nwarning: other\n", console.Error.ToString()!.Replace("\r\n", "\n"));
        }
    }
}
