using System.IO;
using System.Linq;
using NetDsl.Weights;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>A command's output path is checked against the files it reads and against existing checkpoints before anything runs.</summary>
    public class CliOutputPathTests
    {
        static (int Code, string Output, string Error) Run(params string[] args) => CliCapture.Run(args);

        /// <summary>A file that starts as a NetDsl checkpoint does (the check reads only its first bytes).</summary>
        static byte[] FakeCheckpoint(string path)
        {
            var bytes = FileSignatures.NetDslCheckpoint.ToArray().Concat(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }).ToArray();
            File.WriteAllBytes(path, bytes);
            return bytes;
        }

        /// <summary>
        /// An --out where no file can be created (here /proc, which refuses new files even to root) is refused before the work,
        /// naming the option and the path (before: predict printed every answer, then failed naming a hidden .p.csv.GUID.tmp).
        /// </summary>
        [Fact]
        public void An_unwritable_out_is_refused_before_the_work_naming_the_option()
        {
            if (!System.OperatingSystem.IsLinux()) return;
            using var dir = new TempFolder();
            string weights = dir.File("w.safetensors"), image = dir.File("a.png");
            Assert.Equal(0, Run("export", "tinycnn", "--format", "safetensors", "--out", weights).Code);
            DataTestFiles.WriteImage(image, 32, 32, seed: 1);
            var (code, output, error) = Run("predict", "tinycnn", "--weights", weights, image, "--out", "/proc/netdsl-p.csv");
            Assert.Equal(1, code);
            Assert.StartsWith("error: --out /proc/netdsl-p.csv: cannot write to /proc", error.Trim());
            Assert.DoesNotContain(".tmp", error);
            Assert.DoesNotContain("a.png", output);
            (code, _, error) = Run("export", "tinycnn", "--format", "pytorch", "--out", "/proc/netdsl-py");
            Assert.Equal(1, code);
            Assert.Contains("--out /proc/netdsl-py: cannot write to /proc", error);
        }

        /// <summary>A failed write names the file asked for, never the hidden temporary it goes through, and leaves none behind.</summary>
        [Fact]
        public void A_failed_replacing_write_names_the_target_not_the_temporary()
        {
            using var dir = new TempFolder();
            string target = dir.File("p.csv");
            File.WriteAllText(target, "old");
            NetDsl.Files.ReplacingWrite.Writing.Value = _ => throw new IOException("No space left on device : '/somewhere/.p.csv.0123.tmp'");
            try
            {
                var e = Assert.Throws<IOException>(() => NetDsl.Files.ReplacingWrite.Text(target, "new"));
                Assert.Equal($"{target}: cannot be written (No space left on device); an earlier p.csv there is left as it was", e.Message);
            }
            finally { NetDsl.Files.ReplacingWrite.Writing.Value = null; }
            Assert.Equal("old", File.ReadAllText(target));
            Assert.Equal(new[] { target }, Directory.GetFiles(dir.Path));
        }

        [Fact]
        public void An_output_that_is_an_input_it_reads_is_refused_naming_both_and_the_file_kept()
        {
            using var dir = new TempFolder();
            string best = dir.File("best.bin");
            var kept = FakeCheckpoint(best);
            var (code, _, error) = Run("infer", "tinycnn", "--checkpoint", best, "--input", dir.File("x.safetensors"), "--output", best);
            Assert.Equal((1, $"error: --output {best} is the --checkpoint it reads; write elsewhere"), (code, error.Trim()));
            (code, _, error) = Run("export", "tinycnn", "--format", "safetensors", "--checkpoint", best, "--out", best);
            Assert.Equal((1, $"error: --out {best} is the --checkpoint it reads; write elsewhere"), (code, error.Trim()));
            Assert.Equal(kept, File.ReadAllBytes(best));

            string weights = dir.File("w.safetensors");
            Assert.Equal(0, Run("export", "tinycnn", "--format", "safetensors", "--out", weights).Code);
            var exported = File.ReadAllBytes(weights);
            (code, _, error) = Run("infer", "tinycnn", "--weights", weights, "--input", weights, "--output", weights);
            Assert.Equal((1, $"error: --output {weights} is the --weights it reads; write elsewhere"), (code, error.Trim()));
            // The same file by another spelling (a relative path through "..") and through a symbolic link.
            string other = Path.Combine(dir.Path, "sub", "..", "w.safetensors");
            (code, _, error) = Run("export", "tinycnn", "--format", "safetensors", "--weights", weights, "--out", other);
            Assert.Equal((1, $"error: --out {other} is the --weights it reads; write elsewhere"), (code, error.Trim()));
            string link = dir.File("link.safetensors");
            File.CreateSymbolicLink(link, weights);
            (code, _, error) = Run("export", "tinycnn", "--format", "safetensors", "--weights", weights, "--out", link);
            Assert.Equal((1, $"error: --out {link} is the --weights it reads; write elsewhere"), (code, error.Trim()));
            Assert.Equal(exported, File.ReadAllBytes(weights));

            string image = dir.File("a.png");
            DataTestFiles.WriteImage(image, 32, 32, seed: 1);
            var png = File.ReadAllBytes(image);
            (code, _, error) = Run("predict", "tinycnn", "--weights", weights, image, "--out", image);
            Assert.Equal((1, $"error: --out {image} is an image it reads; write elsewhere"), (code, error.Trim()));
            Assert.Equal(png, File.ReadAllBytes(image));
        }

        [Fact]
        public void An_output_over_an_existing_checkpoint_is_refused_and_the_checkpoint_kept()
        {
            using var dir = new TempFolder();
            string weights = dir.File("w.safetensors");
            Assert.Equal(0, Run("export", "tinycnn", "--format", "safetensors", "--out", weights).Code);
            string checkpoint = dir.File("ck.bin");
            var kept = FakeCheckpoint(checkpoint);
            var (code, _, error) = Run("export", "tinycnn", "--format", "safetensors", "--out", checkpoint);
            Assert.Equal((1, $"error: --out {checkpoint} is a NetDsl training checkpoint; write elsewhere (delete it first to replace it)"), (code, error.Trim()));
            string image = dir.File("a.png");
            DataTestFiles.WriteImage(image, 32, 32, seed: 1);
            (code, _, error) = Run("predict", "tinycnn", "--weights", weights, image, "--out", checkpoint);
            Assert.Equal((1, $"error: --out {checkpoint} is a NetDsl training checkpoint; write elsewhere (delete it first to replace it)"), (code, error.Trim()));
            Assert.Equal(kept, File.ReadAllBytes(checkpoint));
            // Any other existing file is still replaced as before.
            (code, _, error) = Run("predict", "tinycnn", "--weights", weights, image, "--out", dir.File("p.csv"));
            Assert.True(code == 0, error);
            (code, _, error) = Run("predict", "tinycnn", "--weights", weights, image, "--out", dir.File("p.csv"));
            Assert.True(code == 0, error);
        }
        /// <summary><c>predict --out</c> under folders that do not exist creates them (before: "Could not find a part of the path" after every prediction ran).</summary>
        [Fact]
        public void Predict_out_under_missing_folders_creates_them()
        {
            using var dir = new TempFolder();
            string weights = dir.File("w.safetensors");
            Assert.Equal(0, Run("export", "tinycnn", "--format", "safetensors", "--out", weights).Code);
            string image = dir.File("a.png");
            DataTestFiles.WriteImage(image, 32, 32, seed: 1);
            string csv = Path.Combine(dir.Path, "new", "deeper", "p.csv");
            var (code, output, error) = Run("predict", "tinycnn", "--weights", weights, image, "--top", "2", "--out", csv);
            Assert.True(code == 0, error);
            Assert.Contains($"wrote {csv}", output);
            var lines = File.ReadAllLines(csv);
            Assert.Equal(new[] { "image,rank,index,label,probability" }, lines.Take(1));
            Assert.Equal(3, lines.Length);
            Assert.Equal(new[] { "p.csv" }, Directory.GetFiles(Path.GetDirectoryName(csv)!).Select(Path.GetFileName));
        }

        /// <summary>An image found by walking a folder argument is an input too: <c>--out</c> over it is refused and the image kept (before: overwritten by the CSV).</summary>
        [Fact]
        public void Predict_out_over_an_image_inside_a_folder_argument_is_refused_and_the_image_kept()
        {
            using var dir = new TempFolder();
            string weights = dir.File("w.safetensors");
            Assert.Equal(0, Run("export", "tinycnn", "--format", "safetensors", "--out", weights).Code);
            string folder = dir.File("images");
            Directory.CreateDirectory(Path.Combine(folder, "sub"));
            string image = Path.Combine(folder, "sub", "x.png");
            DataTestFiles.WriteImage(image, 32, 32, seed: 1);
            DataTestFiles.WriteImage(Path.Combine(folder, "y.png"), 32, 32, seed: 2);
            var png = File.ReadAllBytes(image);
            var (code, _, error) = Run("predict", "tinycnn", "--weights", weights, folder, "--out", image);
            Assert.Equal((1, $"error: --out {image} is an image it reads; write elsewhere"), (code, error.Trim()));
            Assert.Equal(png, File.ReadAllBytes(image));
        }

        /// <summary>An output file named with a trailing '/' (a folder, existing or not) is a usage error before anything runs; no folder is created.</summary>
        [Fact]
        public void An_out_ending_in_a_separator_is_refused_before_anything_runs()
        {
            using var dir = new TempFolder();
            string weights = dir.File("w.safetensors");
            Assert.Equal(0, Run("export", "tinycnn", "--format", "safetensors", "--out", weights).Code);
            string image = dir.File("a.png");
            DataTestFiles.WriteImage(image, 32, 32, seed: 1);
            string folder = Path.Combine(dir.Path, "new") + "/";
            var (code, _, error) = Run("predict", "tinycnn", "--weights", weights, image, "--out", folder);
            Assert.Equal((2, $"error: --out {folder}: ends in a folder separator; --out names the file to write, not a folder"), (code, error.Trim()));
            (code, _, error) = Run("export", "tinycnn", "--format", "safetensors", "--out", folder);
            Assert.Equal((2, $"error: --out {folder}: ends in a folder separator; --out names the file to write, not a folder"), (code, error.Trim()));
            (code, _, error) = Run("infer", "tinycnn", "--weights", weights, "--input", weights, "--output", folder);
            Assert.Equal((2, $"error: --output {folder}: ends in a folder separator; --output names the file to write, not a folder"), (code, error.Trim()));
            // An existing folder spelled with its separator is the same usage error (not exit 1 "is a folder").
            string existing = dir.Path + "/";
            foreach (var format in new[] { "onnx", "safetensors" })
            {
                (code, _, error) = Run("export", "tinycnn", "--format", format, "--out", existing);
                Assert.Equal((2, $"error: --out {existing}: ends in a folder separator; --out names the file to write, not a folder"), (code, error.Trim()));
            }
            (code, _, error) = Run("infer", "tinycnn", "--weights", weights, "--input", weights, "--output", existing);
            Assert.Equal((2, $"error: --output {existing}: ends in a folder separator; --output names the file to write, not a folder"), (code, error.Trim()));
            (code, _, error) = Run("export", "tinycnn", "--format", "onnx", "--out", dir.Path);   // without the separator: the folder is named, exit 1
            Assert.Equal((1, $"error: {dir.Path}: is a folder; --out names the file to write"), (code, error.Trim()));
            (code, _, error) = Run("lr-find", "tinycnn", "--out", folder);
            Assert.Equal(2, code);
            Assert.Contains($"--out {folder}: names a folder; --out names the files' prefix (writes PREFIX.csv and PREFIX.png), not a folder", error);
            Assert.False(Directory.Exists(folder));
            (code, _, error) = Run("lr-find", "tinycnn", "--out", dir.Path);   // an existing folder: hidden .csv/.png inside it
            Assert.Equal(2, code);
            Assert.Contains("names a folder", error);
            // export --format pytorch writes a folder: a trailing '/' is its natural spelling.
            (code, _, error) = Run("export", "tinycnn", "--format", "pytorch", "--out", folder);
            Assert.True(code == 0, error);
        }

        /// <summary>An output that would replace a file a run wrote in its folder (one holding a NetDsl checkpoint) is refused: compare's and lr-find's PREFIX included.</summary>
        [Fact]
        public void An_output_replacing_a_run_folders_file_is_refused_and_the_file_kept()
        {
            using var dir = new TempFolder();
            string run = dir.File("run");
            Directory.CreateDirectory(run);
            FakeCheckpoint(Path.Combine(run, "checkpoint.bin"));
            string metrics = Path.Combine(run, "metrics.csv"), steps = Path.Combine(run, "steps.csv");
            File.WriteAllText(metrics, "epoch,loss\n1,0.5\n");
            File.WriteAllText(steps, "step,loss\n1,0.5\n");
            string sweep = dir.File("sweep.csv");
            var (code, _, error) = Run("compare", "--sweep", sweep, "--out", Path.Combine(run, "metrics"));
            Assert.Equal((1, $"error: --out {metrics} would replace a file of the run folder {run} (it holds a NetDsl checkpoint); write elsewhere"), (code, error.Trim()));
            (code, _, error) = Run("lr-find", "tinycnn", "--out", Path.Combine(run, "steps"));
            Assert.Equal((1, $"error: --out {steps} would replace a file of the run folder {run} (it holds a NetDsl checkpoint); write elsewhere"), (code, error.Trim()));
            Assert.Equal("epoch,loss\n1,0.5\n", File.ReadAllText(metrics));
            Assert.Equal("step,loss\n1,0.5\n", File.ReadAllText(steps));
            // A new file in a run folder is written as before.
            string weights = dir.File("w.safetensors");
            Assert.Equal(0, Run("export", "tinycnn", "--format", "safetensors", "--out", weights).Code);
            (code, _, error) = Run("export", "tinycnn", "--format", "safetensors", "--weights", weights, "--out", Path.Combine(run, "w.safetensors"));
            Assert.True(code == 0, error);
            // And so is a file of the user's own there again (an export re-written into its run's folder): only the run's files are kept.
            (code, _, error) = Run("export", "tinycnn", "--format", "safetensors", "--weights", weights, "--out", Path.Combine(run, "w.safetensors"));
            Assert.True(code == 0, error);
        }
    }
}
