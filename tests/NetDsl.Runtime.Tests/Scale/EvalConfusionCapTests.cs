using System.Linq;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// <c>eval</c> prints the confusion table only for a few classes (before: 1000 classes cost 14 s and 300 MB to render a lone
    /// "…" glued to the <c>test accuracy</c> line); beyond that one line says where the whole matrix is.
    /// </summary>
    public sealed class EvalConfusionCapTests
    {
        static readonly ModelEntry[] Wide = { TestModels.Entry("tinycnn-25", () => new TinyCnn(3, 32, 25)), TestModels.Entry("tinycnn-3", () => new TinyCnn(3, 32, 3)) };

        /// <summary>A folder: data of <paramref name="classes"/> class folders named by <paramref name="name"/>, two training images and one test image each.</summary>
        static string WriteFolder(TempFolder dir, int classes, System.Func<int, string> name)
        {
            for (int c = 0; c < classes; c++)
                foreach (var (split, count) in new[] { ("train", 2), ("test", 1) })
                    for (int i = 0; i < count; i++)
                        DataTestFiles.WriteImage(dir.File($"data/{split}/{name(c)}/{i}.png"), 8, 8, seed: c * 10 + i);
            return "folder:" + dir.File("data");
        }

        static (int Code, string Output, string Error) Run(params string[] args)
        {
            var output = new System.IO.StringWriter();
            var error = new System.IO.StringWriter();
            int code = NetDsl.Cli.CliHost.Run(args, Wide, new NetDsl.Cli.CliConsole(output, error, interactive: false));
            return (code, output.ToString(), error.ToString());
        }

        [Fact]
        public void Eval_OfManyClasses_PrintsANoteInsteadOfTheTable_AndTheResultLineStartsItsLine()
        {
            using var dir = new TempFolder();
            string data = WriteFolder(dir, 25, c => $"class {c:00}");
            var (code, output, error) = Run("train", "tinycnn-25", "--data", data, "--input", "3x8x8", "--epochs", "1", "--batch", "10",
                "--out", dir.File("run"));
            Assert.True(code == 0, output + error);

            (code, output, error) = Run("eval", "tinycnn-25", "--checkpoint", dir.File("run/checkpoint.bin"));
            Assert.True(code == 0, output + error);
            Assert.Contains("confusion: not printed for 25 classes (at most 20 are)", output);
            Assert.DoesNotContain("…", output);
            Assert.Contains(output.Split('\n'), line => line.StartsWith("test accuracy: ", System.StringComparison.Ordinal));
        }

        [Fact]
        public void Eval_OfAFewClassesTooWideForTheConsole_PrintsANote_NotALoneEllipsis()
        {
            using var dir = new TempFolder();
            string data = WriteFolder(dir, 3, c => new string((char)('a' + c), 70));   // three one-word names of 70 characters: wider than 160 columns
            var (code, output, error) = Run("train", "tinycnn-3", "--data", data, "--input", "3x8x8", "--epochs", "1", "--batch", "3", "--out", dir.File("run"));
            Assert.True(code == 0, output + error);
            (code, output, error) = Run("eval", "tinycnn-3", "--checkpoint", dir.File("run/checkpoint.bin"));
            Assert.True(code == 0, output + error);
            Assert.Contains("confusion: not printed, 3 classes do not fit 160 columns", output);
            Assert.DoesNotContain("…", output);
            Assert.Contains(output.Split('\n'), line => line.StartsWith("test accuracy: ", System.StringComparison.Ordinal));
        }

        [Fact]
        public void Eval_OfAFewClasses_StillPrintsTheTable()
        {
            using var dir = new TempFolder();
            Assert.Equal(0, CliCapture.Run("export", "tinycnn", "--format", "safetensors", "--out", dir.File("w.safetensors")).code);
            var (code, output, error) = CliCapture.Run("eval", "tinycnn", "--weights", dir.File("w.safetensors"), "--test-images", "30");
            Assert.True(code == 0, output + error);
            Assert.Contains("confusion (rows: truth, columns: predicted)", output);
        }
    }
}
