using System;
using System.IO;
using System.Linq;
using NetDsl.Cli;
using NetDsl.Runtime.Training;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>Runs are never lost: an existing run is refused without --resume, --out is checked first, --resume compares settings.</summary>
    public class RunGuardTests
    {
        /// <summary>A train command line; <paramref name="more"/>'s options replace the defaults (epochs 1, batch 32, lr 0.05).</summary>
        static string[] Train(string outDir, params string[] more)
        {
            var defaults = new[] { ("--epochs", "1"), ("--batch", "32"), ("--lr", "0.05") }.Where(d => !more.Contains(d.Item1));
            return new[] { "train", "tinycnn", "--input", "3x8x8", "--out", outDir }
                .Concat(defaults.SelectMany(d => new[] { d.Item1, d.Item2 })).Concat(more).ToArray();
        }

        [Fact]
        public void Training_into_a_folder_that_holds_a_run_without_resume_is_refused_and_changes_nothing()
        {
            using var dir = new TempFolder();
            string run = dir.File("run");
            Assert.Equal(0, RobustFiles.Cli(Train(run)).Code);
            var before = RobustFiles.Fingerprint(run);

            var (code, output, error) = RobustFiles.Cli(Train(run, "--seed", "5"));

            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains($"{run}: already holds a run (checkpoint.bin, best.bin, metrics.csv); nothing was changed. Add --resume to continue it, or train into another folder (--out {run}-2)", error);
            Assert.DoesNotContain("epoch 1/1", output);
            Assert.Equal(before, RobustFiles.Fingerprint(run));
        }

        /// <summary>An --out that is a file is named as one, and the file is left as it was (before: "The file … already exists").</summary>
        [Fact]
        public void An_out_path_that_is_a_file_is_named_as_a_file_and_left_alone()
        {
            using var dir = new TempFolder();
            string taken = dir.File("taken");
            File.WriteAllText(taken, "a file, not a folder");
            var (code, output, error) = RobustFiles.Cli(Train(taken));
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Equal($"error: {taken}: is a file, not a folder; choose another --out (nothing was changed)", error.Trim());
            Assert.Equal("a file, not a folder", File.ReadAllText(taken));
            Assert.DoesNotContain("epoch", output);
        }

        /// <summary>
        /// --resume with a truncated, bit-rotted or missing checkpoint.bin names it and, since best.bin still reads, the way on
        /// from there; nothing in the run is changed, and nothing falls back to best.bin silently.
        /// </summary>
        [Fact]
        public void Resume_from_a_damaged_checkpoint_names_it_and_the_best_checkpoint_to_go_on_from()
        {
            using var dir = new TempFolder();
            string run = dir.File("run"), last = Path.Combine(run, Checkpoint.FileName), best = Path.Combine(run, Checkpoint.BestFileName);
            Assert.Equal(0, RobustFiles.Cli(Train(run)).Code);
            byte[] whole = File.ReadAllBytes(last);
            string way = $"; {best} (after epoch 1) still reads: copy it to {last} to resume from epoch 1, or train into another --out";

            File.WriteAllBytes(last, whole.AsSpan(0, whole.Length / 2).ToArray());
            var before = RobustFiles.Fingerprint(run);
            var (code, _, error) = RobustFiles.Cli(Train(run, "--epochs", "2", "--resume"));
            Assert.Equal(ExitCodes.Failure, code);
            Assert.StartsWith($"error: {last}: truncated checkpoint: ", error);
            Assert.EndsWith(way, error.Trim());
            Assert.Equal(before, RobustFiles.Fingerprint(run));

            byte[] rotted = (byte[])whole.Clone();
            rotted[rotted.Length / 2] ^= 0x40;
            File.WriteAllBytes(last, rotted);
            (code, _, error) = RobustFiles.Cli(Train(run, "--epochs", "2", "--resume"));
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains($"{last}: corrupt checkpoint: the payload's CRC-32 is ", error);
            Assert.EndsWith(way, error.Trim());

            File.Delete(last);
            (code, _, error) = RobustFiles.Cli(Train(run, "--epochs", "2", "--resume"));
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Equal($"error: {last}: no checkpoint to resume from{way}", error.Trim());
        }

        [Fact]
        public void An_out_folder_that_cannot_be_created_is_named_before_any_step()
        {
            using var dir = new TempFolder();
            File.WriteAllText(dir.File("taken"), "a file, not a folder");
            string run = Path.Combine(dir.File("taken"), "run");
            var (code, output, error) = RobustFiles.Cli(Train(run));
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains($"{run}: cannot write to the output folder", error);
            Assert.DoesNotContain("epoch", output);
        }

        [Fact]
        public void Resume_refuses_another_data_source_and_names_what_it_overrides()
        {
            using var dir = new TempFolder();
            string data = dir.File("data"), run = dir.File("run");
            DataTestFiles.WriteClassFolders(Path.Combine(data, "train"), new[] { "a", "b" }, perClass: 4);
            DataTestFiles.WriteClassFolders(Path.Combine(data, "test"), new[] { "a", "b" }, perClass: 2);
            Assert.Equal(0, RobustFiles.Cli(Train(run, "--data", "folder:" + data)).Code);
            var before = RobustFiles.Fingerprint(run);

            var (code, _, error) = RobustFiles.Cli(Train(run, "--resume", "--epochs", "2"));
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains($"{Path.Combine(run, Checkpoint.FileName)}: the run was trained on folder:{data}, not shapes; resume it with --data folder:{data}", error);
            Assert.Equal(before, RobustFiles.Fingerprint(run));

            (code, var output, error) = RobustFiles.Cli(Train(run, "--data", "folder:" + data, "--resume", "--epochs", "2", "--lr", "0.02", "--precision", "bf16-mixed"));
            Assert.True(code == 0, error);
            Assert.Contains("resume overrides --lr: the run had 0.05, now 0.02", output);
            Assert.Contains("resume overrides --epochs: the run had 1, now 2", output);
            Assert.Contains("resume overrides --precision: the run had fp32, now bf16-mixed", output);
            Assert.Equal("bf16-mixed", Checkpoint.ReadInfo(Path.Combine(run, Checkpoint.FileName)).Settings!.Precision);
            Assert.Equal(2, Checkpoint.ReadInfo(Path.Combine(run, Checkpoint.FileName)).Epoch);
        }

        [Fact]
        public void Resume_refuses_another_model()
        {
            using var dir = new TempFolder();
            string run = dir.File("run");
            Assert.Equal(0, RobustFiles.Cli(Train(run)).Code);
            var (code, _, error) = RobustFiles.Cli("train", "tinycnn-10", "--input", "3x8x8", "--out", run, "--resume", "--epochs", "2");
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains("was written for tinycnn at input 3x8x8, not tinycnn-10", error);
        }
    }
}
