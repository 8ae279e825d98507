using System;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>Per-class loss weights (<see cref="TrainerOptions.ClassWeights"/>, <see cref="TrainerOptions.BalanceClasses"/>, <c>train --class-weights</c>).</summary>
    public class ClassWeightsTests
    {
        static readonly TensorShape Gray16 = new TensorShape(1, 16, 16);

        [Fact]
        public void Balanced_IsSamplesOverClassesTimesEachCount_AndAnAbsentClassGetsNothing()
        {
            var weights = ClassWeighting.Balanced(new long[] { 10, 30, 0, 60 });
            Assert.Equal(new[] { 100 / 30.0, 100 / 90.0, 0, 100 / 180.0 }, weights);
            // Each present class now adds the same to the loss: count × weight is n / K for all three.
            Assert.All(new[] { 10 * weights[0], 30 * weights[1], 60 * weights[3] }, share => Assert.Equal(100 / 3.0, share, 9));
        }

        [Fact]
        public void Counts_OfLabels_AndOfMaskPixelsWithoutVoid()
        {
            using var labels = new LabeledImages(zeros(5, 1, 2, 2), tensor(new long[] { 0, 2, 2, 1, 2 }), new TensorShape(1, 2, 2), new[] { "a", "b", "c", "d" });
            Assert.Equal(new long[] { 1, 1, 3, 0 }, ClassWeighting.Count(labels));
            using var masks = new LabeledImages(zeros(1, 1, 2, 2), tensor(new long[] { 1, 255, 0, 1 }, new long[] { 1, 2, 2 }), new TensorShape(1, 2, 2), new[] { "bg", "fg" });
            Assert.Equal(new long[] { 1, 2 }, ClassWeighting.Count(masks));
        }

        /// <summary>torch's weighted cross-entropy: Σ w_y·ce / Σ w_y over the batch; the mixed (probability-target) form Σ w·t·(−log p) / N.</summary>
        [Fact]
        public void TheWeightedLosses_AreTorchsFormulas()
        {
            using var logits = tensor(new float[] { 2, 0, -1, 0.5f, 1, 0, -1, 3, 0.2f, 0, 0, 1 }, new long[] { 4, 3 });
            using var labels = tensor(new long[] { 0, 2, 1, 1 });
            double[] w = { 0.5, 2, 1 };
            using var logP = logits.log_softmax(1);
            float[] lp = logP.data<float>().ToArray();
            long[] y = labels.data<long>().ToArray();
            double num = 0, den = 0;
            for (int i = 0; i < 4; i++) { num += w[y[i]] * -lp[i * 3 + y[i]]; den += w[y[i]]; }
            var task = new ClassificationTask(0, w);
            using (var loss = task.Loss(logits, logits, labels)) Assert.Equal(num / den, loss.item<float>(), 4);
            // All-ones weights are no weights.
            using (var ones = new ClassificationTask(0.1, new double[] { 1, 1, 1 }).Loss(logits, logits, labels))
            using (var plain = new ClassificationTask(0.1).Loss(logits, logits, labels))
                Assert.Equal(plain.item<float>(), ones.item<float>(), 6);

            using var soft = tensor(new float[] { 0.7f, 0.3f, 0, 0, 0.4f, 0.6f, 0, 1, 0, 0.5f, 0.5f, 0 }, new long[] { 4, 3 });
            using var weight = tensor(w.Select(v => (float)v).ToArray());
            double expected = 0;
            float[] t = soft.data<float>().ToArray();
            for (int i = 0; i < 12; i++) expected += w[i % 3] * t[i] * -lp[i];
            using (var mixed = MixedBatch.SoftCrossEntropy(logits, soft, 0, weight)) Assert.Equal(expected / 4, mixed.item<float>(), 4);

            var wrong = new ClassificationTask(0, new double[] { 1, 2 });
            Assert.Equal("TrainerOptions.ClassWeights holds 2 weights, but the model outputs 3 classes; give one weight per class",
                Assert.Throws<InvalidDataException>(() => wrong.Loss(logits, logits, labels)).Message);
        }

        [Fact]
        public void ASegmentationLoss_WeighsPixelsByClass_AndLeavesVoidOut()
        {
            using var logits = tensor(new float[] { 1, 0, 0, 2, /* class 1 */ 0, 1, 3, 0 }, new long[] { 1, 2, 2, 2 });
            using var masks = tensor(new long[] { 0, 1, 255, 1 }, new long[] { 1, 2, 2 });
            double[] w = { 3, 1 };
            using var logP = logits.log_softmax(1);
            float[] lp = logP.data<float>().ToArray();   // [class][pixel]
            long[] m = masks.data<long>().ToArray();
            double num = 0, den = 0;
            for (int p = 0; p < 4; p++)
                if (m[p] != 255) { num += w[m[p]] * -lp[m[p] * 4 + p]; den += w[m[p]]; }
            using var loss = new SegmentationTask(null, w).Loss(logits, logits, masks);
            Assert.Equal(num / den, loss.item<float>(), 4);
        }

        /// <summary>
        /// A run balanced on a lopsided set records the weights it used (the counted rule), names them on the recipe line, and its
        /// training loss is the weighted one while the test loss stays the plain one (equal to an unweighted evaluation).
        /// </summary>
        [Fact]
        public void ABalancedRun_RecordsItsWeights_AndWeighsTrainingOnly()
        {
            using var all = ShapesDataset.Load(Gray16, seed: 3, trainCount: 120, testCount: 30);
            using var keep = tensor(Enumerable.Range(0, 120).Where(i => i % 6 != 0 || i < 12).Select(i => (long)i).ToArray());
            using var data = new DataSplits("lopsided", new LabeledImages(all.Train.Images.index_select(0, keep), all.Train.Targets.index_select(0, keep), Gray16, all.Train.ClassNames), all.Test);
            using var dir = new TempFolder();
            var options = new TrainerOptions { Epochs = 1, BatchSize = 16, LearningRate = 0.05, Device = CPU, OutDir = dir.Path, BalanceClasses = true };
            Assert.Contains("class weights balanced", options.Describe());
            random.manual_seed(4);
            using var network = TinyCnn.Gray16(4);
            var result = new Trainer(network, data, options).Run();

            var recorded = Checkpoint.ReadInfo(Path.Combine(dir.Path, Checkpoint.FileName)).Settings!.ClassWeights!;
            var counts = ClassWeighting.Count(data.Train)!;
            Assert.Equal(2, counts[0]);
            Assert.Equal(ClassWeighting.Balanced(counts), recorded);
            Assert.True(recorded[0] > 4 * recorded[1]);
            var plain = network.Evaluate(TrainingData.From(data, 16, 0), new TrainerOptions { Device = CPU });
            Assert.Equal(plain.Loss, result.History[0].TestLoss, 5);
            // The same run unweighted takes other steps: the weights reached the training loss.
            using var unweighted = TinyCnn.Gray16(4);
            var other = new Trainer(unweighted, data, options with { OutDir = null, BalanceClasses = false }).Run();
            Assert.NotEqual(other.History[0].TrainLoss, result.History[0].TrainLoss);
        }

        /// <summary>A head wider than the data's classes (lenet5's 10 on the 6 shapes) gets a weight per output, 0 for the classes no sample has.</summary>
        [Fact]
        public void BalancedWeights_CoverAWiderHead_WithZerosForClassesWithoutSamples()
        {
            using var data = ShapesDataset.Load(Gray16, seed: 3, trainCount: 60, testCount: 12);
            using var wide = new TinyCnn(1, 16, 10);
            var weights = new TrainerOptions { BalanceClasses = true }.ClassWeightsFor(TrainingData.From(data, 8, 0), wide)!;
            Assert.Equal(new[] { 1.0, 1, 1, 1, 1, 1, 0, 0, 0, 0 }, weights.Select(w => Math.Round(w, 9)));
        }

        [Fact]
        public void Refusals_NameTheOption()
        {
            using var data = ShapesDataset.Load(Gray16, seed: 3, trainCount: 32, testCount: 16);
            using var network = TinyCnn.Gray16(1);
            var negative = new TrainerOptions { Device = CPU, ClassWeights = new[] { 1.0, -1, 1, 1, 1, 1 } };
            Assert.Contains("TrainerOptions.ClassWeights is [1, -1, 1, 1, 1, 1]", Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(network, data, negative)).Message);
            var detection = new TrainerOptions { Device = CPU, Task = ModelTask.Detection, BalanceClasses = true };
            Assert.Contains("TrainerOptions.BalanceClasses weighs a classification or segmentation loss; this is a detection task",
                Assert.Throws<ArgumentException>(() => new Trainer(network, data, detection)).Message);
            var custom = new TrainerOptions { Device = CPU, ClassWeights = new double[6], Loss = (o, i, t) => o.sum() };
            Assert.Contains("TrainerOptions.ClassWeights", Assert.Throws<ArgumentException>(() => new Trainer(network, data, custom)).Message);
            var unknown = new TrainingData(new BatchLoader(data.Train, 8, true, 0), new BatchLoader(data.Test, 8, false, 0), "my batches", "1x16x16");
            Assert.Contains("my batches cannot tell them", Assert.Throws<ArgumentException>(() => new Trainer(network, unknown, new TrainerOptions { Device = CPU, BalanceClasses = true })).Message);
        }

        [Fact]
        public void TheCli_BalancesAClassFolder_FromItsListing_AndRefusesBadWeights()
        {
            using var dir = new TempFolder();
            foreach (var (name, count) in new[] { ("a", 2), ("b", 6) })
                for (int i = 0; i < count; i++)
                    foreach (string split in new[] { "train", "test" })
                    {
                        Directory.CreateDirectory(dir.File($"data/{split}/{name}"));
                        DataTestFiles.WriteImage(dir.File($"data/{split}/{name}/{i}.png"), 8, 8, seed: i);
                    }
            var (code, output, error) = CliCapture.Run("train", "tinycnn", "--data", "folder:" + dir.File("data"), "--input", "3x8x8", "--epochs", "1", "--batch", "4",
                "--class-weights", "balanced", "--out", dir.File("run"));
            Assert.True(code == 0, error);
            Assert.Contains("class weights balanced", output);
            var weights = Checkpoint.ReadInfo(dir.File("run/checkpoint.bin")).Settings!.ClassWeights!;   // 8 images: 2 of a, 6 of b
            Assert.Equal(2, weights.Length);
            Assert.Equal(2.0, weights[0], 9);
            Assert.Equal(2.0 / 3, weights[1], 9);
            Assert.Equal(2, CliCapture.Run("train", "tinycnn", "--class-weights", "1,x", "--out", dir.File("r2")).code);
            Assert.Equal(2, CliCapture.Run("train", "tinycnn", "--class-weights", "0,0", "--out", dir.File("r3")).code);
            Assert.Contains("--class-weights applies to classifiers and segmenters", CliCapture.Run("train", "tinyyolo", "--class-weights", "balanced", "--out", dir.File("r4")).error);
        }

        /// <summary>
        /// A mask folder balances on its masks' pixels per class, void left out (before: the run header, then a C# API message
        /// about TrainerOptions.BalanceClasses and exit 1): three classes of 20, 40 and 4 pixels in each 8x8 mask.
        /// </summary>
        [Fact]
        public void TheCli_BalancesAMaskFolder_FromItsPixels_VoidLeftOut()
        {
            using var dir = new TempFolder();
            var mask = new byte[64];
            for (int i = 0; i < 64; i++) mask[i] = (byte)(i < 20 ? 0 : i < 60 ? 1 : i < 62 ? 2 : 255);
            mask[0] = 2; mask[1] = 2;   // 18 of class 0, 40 of class 1, 4 of class 2, 2 void
            foreach (string split in new[] { "train", "test" })
            {
                Directory.CreateDirectory(dir.File($"data/{split}/images"));
                Directory.CreateDirectory(dir.File($"data/{split}/masks"));
                for (int i = 0; i < 3; i++)
                {
                    DataTestFiles.WriteImage(dir.File($"data/{split}/images/{i}.png"), 8, 8, seed: i);
                    DataTestFiles.WritePng(dir.File($"data/{split}/masks/{i}.png"), mask, 8, 8, 1);
                }
            }
            File.WriteAllText(dir.File("data/classes.txt"), "bg\na\nb\n");
            var (code, output, error) = CliCapture.Run("train", "tinyseg", "--data", "maskfolder:" + dir.File("data"), "--epochs", "1",
                "--batch", "3", "--class-weights", "balanced", "--out", dir.File("run"));
            Assert.True(code == 0, output + error);
            Assert.Contains("class weights balanced", output);
            var weights = Checkpoint.ReadInfo(dir.File("run/checkpoint.bin")).Settings!.ClassWeights!;
            Assert.Equal(ClassWeighting.Balanced(new long[] { 18 * 3, 40 * 3, 4 * 3 }), weights);
            Assert.Equal(62.0 / (3 * 4), weights[2], 9);
        }

        /// <summary>
        /// Balanced weights on a mask folder (<see cref="FileBatches.TrainClassCounts"/>) and <c>data check</c>'s pixel shares count
        /// with one helper (<c>MaskFolderDataset.CountMaskPixels</c>): the same pixels per class, void left out, on each split.
        /// </summary>
        [Fact]
        public void AMaskFolder_CountsItsPixels_AsDataCheckDoes()
        {
            using var dir = new TempFolder();
            File.WriteAllLines(dir.File("classes.txt"), new[] { "bg", "a", "b", "c" });
            for (int i = 0; i < 6; i++)
            {
                DataTestFiles.WriteImage(dir.File($"images/{i}.png"), 6 + i, 4, seed: i);
                var mask = DataTestFiles.WriteMask(dir.File($"masks/{i}.png"), 6 + i, 4, classes: 3 + i % 2);
                mask[0] = 255;
                DataTestFiles.WritePng(dir.File($"masks/{i}.png"), mask, 6 + i, 4, 1);
            }
            var source = DataSource.MaskFolder(dir.Path);
            var report = DataCheck.Run(source);
            var (train, test) = MaskFolderDataset.Open(dir.Path);
            Assert.Equal(report.Train.MaskPixels, train.CountClasses());
            Assert.Equal(report.Test.MaskPixels, test.CountClasses());
            var batches = source.OpenBatches(new TensorShape(3, 4, 6), batchSize: 2, seed: 1);
            Assert.Equal(report.Train.MaskPixels, batches.TrainClassCounts);
            Assert.Equal(report.Train.TotalMaskPixels, batches.TrainClassCounts!.Sum() + report.Train.VoidPixels);
            Assert.Equal(train.Count, report.Train.VoidPixels);   // one void pixel a mask
            Assert.All(report.Train.MaskPixels!.Take(3), n => Assert.True(n > 0));
        }

        /// <summary>A weight count other than the data's classes is a usage error naming --class-weights before any step (before: TrainerOptions.ClassWeights…, exit 1).</summary>
        [Fact]
        public void TheCli_RefusesAWrongWeightCount_AsAUsageError_BeforeTraining()
        {
            using var dir = new TempFolder();
            foreach (string name in new[] { "a", "b", "c" })
                for (int i = 0; i < 2; i++)
                    foreach (string split in new[] { "train", "test" })
                    {
                        Directory.CreateDirectory(dir.File($"data/{split}/{name}"));
                        DataTestFiles.WriteImage(dir.File($"data/{split}/{name}/{i}.png"), 8, 8, seed: i);
                    }
            var (code, _, error) = CliCapture.Run("train", "tinycnn", "--data", "folder:" + dir.File("data"), "--input", "3x8x8", "--epochs", "1", "--batch", "4",
                "--class-weights", "1,2", "--out", dir.File("run"));
            Assert.Equal((2, "error: --class-weights gives 2 weights, but the model outputs 3 classes (a, b, c); give one weight per class, in that order"), (code, error.Trim()));
            Assert.False(File.Exists(dir.File("run/checkpoint.bin")));
            (code, _, error) = CliCapture.Run("train", "tinycnn", "--data", "folder:" + dir.File("data"), "--input", "3x8x8", "--epochs", "1", "--batch", "4",
                "--class-weights", "1", "--out", dir.File("run2"));
            Assert.Equal((2, "error: --class-weights gives 1 weight, but the model outputs 3 classes (a, b, c); give one weight per class, in that order"), (code, error.Trim()));
        }
    }
}
