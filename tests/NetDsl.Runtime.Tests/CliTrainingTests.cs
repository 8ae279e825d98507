using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NetDsl.Cli;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using NetDsl.Weights;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    public class CliTrainingTests
    {
        static (int code, string[] lines, string error) Run(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            int code = CliHost.Run(args, TestModels.Catalogue, new CliConsole(output, error, interactive: false));
            return (code, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray(), error.ToString());
        }

        [Fact]
        public void EvalOfTheCheckpointOrItsWeightsReproducesTrainsTestAccuracy()
        {
            using var dir = new TempFolder();
            var (code, lines, error) = Run("train", "tinycnn-gray", "--input", "1x8x8", "--epochs", "1", "--batch", "64", "--lr", "0.05", "--seed", "3",
                "--optimizer", "sgd", "--nesterov", "--schedule", "onecycle", "--label-smoothing", "0.1", "--clip", "5", "--out", dir.Path);
            Assert.True(code == 0, error);
            string trained = lines[^1];
            Assert.Matches(new Regex(@"^test accuracy: 0\.\d{4}$"), trained);
            Assert.Contains(lines, l => l.Contains("best epoch 1: test accuracy", StringComparison.Ordinal));

            (code, lines, error) = Run("eval", "tinycnn-gray", "--checkpoint", dir.File(Checkpoint.FileName));
            Assert.True(code == 0, error);
            Assert.Equal(trained, lines[^1]);
            Assert.Contains(lines, l => l.StartsWith("  top5: ", StringComparison.Ordinal));

            // The same weights as safetensors, evaluated at the same input and seed.
            ExportWeights(dir.File(Checkpoint.FileName), dir.File("weights.safetensors"));
            (code, lines, error) = Run("eval", "tinycnn-gray", "--weights", dir.File("weights.safetensors"), "--input", "1x8x8", "--seed", "3");
            Assert.True(code == 0, error);
            Assert.Equal(trained, lines[^1]);
        }

        [Fact]
        public void TrainTakesTheCardsPrecisionWhereItIsFast_AndAnExplicitPrecisionWins()
        {
            bool fast = PrecisionSupport.IsFast(Precision.Bf16Mixed, TorchSharp.torch.CPU);
            using (var dir = new TempFolder())
            {
                var (code, lines, error) = Run("train", "bf16carded", "--epochs", "1", "--train-images", "100", "--device", "cpu", "--out", dir.Path);
                Assert.True(code == 0, error);
                Assert.Equal(fast, lines[0].Contains("precision: bf16-mixed", StringComparison.Ordinal));
                Assert.Contains(fast ? "bf16-mixed (card)" : "fp32 (the card's bf16-mixed is not fast on cpu)", lines[1]);
            }
            using (var dir = new TempFolder())
            {
                var (code, lines, error) = Run("train", "bf16carded", "--epochs", "1", "--train-images", "100", "--device", "cpu", "--precision", "fp32", "--out", dir.Path);
                Assert.True(code == 0, error);
                Assert.DoesNotContain("precision:", lines[0]);
                Assert.DoesNotContain("bf16", lines[1]);
            }
        }

        [Fact]
        public void TheRecipeLineMarksOnlyWhatTheCommandLineDidNotGiveAsTheCards_EvenWhereTheValuesAgree()
        {
            // bf16carded's card: adamw, lr 0.004, batch 50, epochs 3. Given equal values are the command line's, not the card's.
            using var dir = new TempFolder();
            var (code, lines, error) = Run("train", "bf16carded", "--epochs", "3", "--lr", "0.004", "--optimizer", "adamw", "--train-images", "60",
                "--device", "cpu", "--precision", "fp32", "--out", dir.Path);
            Assert.True(code == 0, error);
            string recipe = lines[1];
            Assert.Contains("adamw, lr 0.004,", recipe);
            Assert.Contains("epochs 3", recipe);
            Assert.DoesNotContain("epochs 3 (card)", recipe);
            Assert.Contains("batch 50 (card)", recipe);   // not given: the card's
        }

        static void ExportWeights(string checkpoint, string weights)
        {
            using (Network.BuildAt(new TensorShape(1, 8, 8)))
            using (var model = new TinyCnn(1, 28))
            {
                Checkpoint.Load(checkpoint, model, null);
                WeightLoader.Save(model, weights);
            }
        }

        /// <summary>
        /// A run folder given to --checkpoint stands for its best.bin, else its checkpoint.bin, as Predictor.Load reads it, and the
        /// file taken is printed (before: "RUN: checkpoint not found"); a folder with neither is named as such.
        /// </summary>
        [Fact]
        public void Checkpoint_ARunFolder_IsReadAsItsBestElseItsCheckpoint_AndTheFileTakenIsNamed()
        {
            using var dir = new TempFolder();
            string run = dir.File("run");
            Directory.CreateDirectory(run);
            var (code, _, error) = Run("export", "tinycnn", "--checkpoint", run, "--format", "safetensors", "--out", dir.File("a.safetensors"));
            Assert.Equal(1, code);
            Assert.Contains($"{run}: a folder with neither best.bin nor checkpoint.bin", error);

            using (var model = new TinyCnn())
                Checkpoint.Save(Path.Combine(run, Checkpoint.FileName), new CheckpointInfo("tinycnn", "3x32x32", 1, 1, 0, Array.Empty<EpochMetrics>()), model, null);
            (code, var lines, error) = Run("export", "tinycnn", "--checkpoint", run, "--format", "safetensors", "--out", dir.File("a.safetensors"));
            Assert.True(code == 0, error);
            Assert.Contains(Path.Combine(run, Checkpoint.FileName), lines[^1]);

            using (var model = new TinyCnn())
                Checkpoint.Save(Path.Combine(run, Checkpoint.BestFileName), new CheckpointInfo("tinycnn", "3x32x32", 1, 1, 0, Array.Empty<EpochMetrics>()), model, null);
            (code, lines, error) = Run("export", "tinycnn", "--checkpoint", run, "--format", "safetensors", "--out", dir.File("b.safetensors"));
            Assert.True(code == 0, error);
            Assert.Contains(Path.Combine(run, Checkpoint.BestFileName), lines[^1]);
        }

        /// <summary>
        /// --resume over a damaged best.bin warns at the start, and the end does not name the damaged file as the best model unless
        /// a later epoch rewrote it (before: no warning, and "best epoch 1: … (RUN/best.bin)" pointing at a file that does not load).
        /// </summary>
        [Fact]
        public void Resume_OverADamagedBest_WarnsAndNeverNamesTheDamagedFileAsTheBest()
        {
            using var dir = new TempFolder();
            string[] Train(string epochs, params string[] more) => new[] { "train", "tinycnn-gray", "--input", "1x8x8", "--epochs", epochs, "--batch", "64",
                "--lr", "0.000000001", "--seed", "3", "--train-images", "64", "--test-images", "32", "--device", "cpu", "--out", dir.Path }.Concat(more).ToArray();
            var (code, _, error) = Run(Train("1"));
            Assert.True(code == 0, error);
            string best = dir.File(Checkpoint.BestFileName);
            byte[] whole = File.ReadAllBytes(best);
            File.WriteAllBytes(best, whole[..(whole.Length / 2)]);

            (code, var lines, error) = Run(Train("2", "--resume"));
            Assert.True(code == 0, error);
            Assert.Contains($"warning: {best}: truncated checkpoint", error);
            Assert.Contains("best.bin is damaged", error);
            string summary = lines.Last(l => l.StartsWith("best epoch", StringComparison.Ordinal) || l.StartsWith("stopped", StringComparison.Ordinal));
            bool rewritten = Checkpoint.Damage(best) == null;
            if (rewritten) Assert.Contains(lines, l => l.StartsWith("best epoch 2", StringComparison.Ordinal));
            else Assert.Contains("its weights are lost", summary);
        }

        /// <summary>
        /// A disk that fills during training is named by the file, with the last complete checkpoint said to be intact and --resume
        /// to continue (before: only "No space left on device : '…/.checkpoint.bin.GUID.tmp'"); the resume then finishes the run.
        /// </summary>
        [Fact]
        public void Train_AFullDisk_SaysTheLastCheckpointIsIntact_AndResumeContinues()
        {
            using var dir = new TempFolder();
            string[] Train(params string[] more) => new[] { "train", "tinycnn-gray", "--input", "1x8x8", "--epochs", "2", "--batch", "64",
                "--seed", "3", "--train-images", "64", "--test-images", "32", "--device", "cpu", "--out", dir.Path }.Concat(more).ToArray();
            int saves = 0;
            NetDsl.Files.ReplacingWrite.Writing.Value = path =>
            {
                if (Path.GetFileName(path) == Checkpoint.FileName && ++saves == 2) throw new IOException("No space left on device");
            };
            int code;
            string error;
            try { (code, _, error) = Run(Train()); }
            finally { NetDsl.Files.ReplacingWrite.Writing.Value = null; }
            Assert.Equal(1, code);
            string last = dir.File(Checkpoint.FileName);
            Assert.Contains($"{last}: cannot be written (No space left on device)", error);
            Assert.Contains($"{last} (epoch 1) is intact: free space (or fix the folder) and rerun with --resume to continue", error);
            Assert.DoesNotContain(".tmp", error);

            (code, var lines, error) = Run(Train("--resume"));
            Assert.True(code == 0, error);
            Assert.Equal(2, Checkpoint.ReadInfo(last).Epoch);
        }

        [Fact]
        public void EvalNamesAMissingCheckpointAndACheckpointOfAnotherModel()
        {
            var (code, _, error) = Run("eval", "tinycnn", "--checkpoint", "/no/such/checkpoint.bin");
            Assert.Equal(1, code);
            Assert.Contains("/no/such/checkpoint.bin: checkpoint not found", error);

            using var dir = new TempFolder();
            using (var model = new TinyCnn())
                Checkpoint.Save(dir.File("other.bin"), new CheckpointInfo("tinycnn-96", "3x32x32", 1, 1, 0, Array.Empty<EpochMetrics>()), model, null);
            (code, _, error) = Run("eval", "tinycnn", "--checkpoint", dir.File("other.bin"));
            Assert.Equal(1, code);
            Assert.Contains("was written for tinycnn-96, not tinycnn", error);
        }

        [Fact]
        public void ALambRunSaysSo_LearnsAndItsCheckpointResumesOnlyWithLamb()
        {
            using var dir = new TempFolder();
            var (code, lines, error) = Run("train", "tinycnn-gray", "--input", "1x8x8", "--epochs", "2", "--batch", "32", "--lr", "0.01", "--seed", "3",
                "--optimizer", "lamb", "--out", dir.Path);
            Assert.True(code == 0, error);
            Assert.Contains(lines, l => l.StartsWith("recipe: lamb, lr 0.01,", StringComparison.Ordinal));
            var epochs = File.ReadAllLines(dir.File(MetricsLog.CsvFileName)).Skip(1).Select(l => l.Split(',')).ToArray();
            double firstLoss = double.Parse(epochs[0][3], System.Globalization.CultureInfo.InvariantCulture);
            double lastLoss = double.Parse(epochs[^1][3], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(lastLoss < firstLoss, $"train loss {firstLoss} -> {lastLoss}");

            (code, _, error) = Run("train", "tinycnn-gray", "--input", "1x8x8", "--epochs", "3", "--batch", "32", "--lr", "0.01", "--seed", "3",
                "--optimizer", "adamw", "--out", dir.Path, "--resume");
            Assert.Equal(1, code);
            Assert.Contains("was written by optimizer lamb; resume with the same optimizer, not adamw", error);
        }

        [Fact]
        public void ASegmenterTrainsThroughTheCliAndReportsMeanIoU()
        {
            using var dir = new TempFolder();
            var (code, lines, error) = Run("train", "tinyseg", "--input", "3x8x8", "--epochs", "1", "--batch", "64", "--optimizer", "adamw", "--lr", "0.01",
                "--out", dir.Path);
            Assert.True(code == 0, error);
            Assert.Contains(lines, l => l.EndsWith("task: segmentation", StringComparison.Ordinal));
            Assert.Matches(new Regex(@"^test mIoU: 0\.\d{4}$"), lines[^1]);
            Assert.StartsWith("epoch,step,lr,train_loss,train_miou,test_loss,test_miou,seconds,test_pixelaccuracy", File.ReadAllLines(dir.File(MetricsLog.CsvFileName))[0]);
            Assert.True(File.Exists(dir.File(ConfusionLog.FileName)));
        }
    }
}
