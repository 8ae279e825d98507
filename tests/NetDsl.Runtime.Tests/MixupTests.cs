using System;
using System.IO;
using System.Linq;
using NetDsl.Cli;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using Xunit;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>Mixup and CutMix of classification batches (<see cref="TrainerOptions.MixupAlpha"/>, <c>train --mixup/--cutmix</c>).</summary>
    public class MixupTests
    {
        static readonly TensorShape Gray16 = new TensorShape(1, 16, 16);

        static (Tensor images, Tensor labels) Batch(int seed)
        {
            var generator = new TorchSharp.torch.Generator((ulong)seed);
            return (rand(new long[] { 4, 2, 6, 8 }, generator: generator), tensor(new long[] { 0, 3, 1, 2 }));
        }

        [Theory]
        [InlineData(0.2)]
        [InlineData(1.0)]
        [InlineData(2.5)]
        public void TheBetaDrawHasMeanOneHalfAndItsGammaDrawsMeanTheirShape(double alpha)
        {
            var random = new Random(7);
            const int n = 20_000;
            double beta = 0, gamma = 0;
            for (int i = 0; i < n; i++)
            {
                double l = BetaDraw.Symmetric(random, alpha);
                Assert.InRange(l, 0, 1);
                beta += l;
                gamma += BetaDraw.Gamma(random, alpha);
            }
            Assert.InRange(beta / n, alpha / (2 * alpha) - 0.01, alpha / (2 * alpha) + 0.01);   // Beta(α, α)'s mean α / (α + α); its standard error here is below 0.003
            Assert.InRange(gamma / n / alpha, 0.96, 1.04);      // Gamma(α, 1)'s mean α
        }

        [Fact]
        public void TheDrawsDependOnlyOnSeedEpochAndStep()
        {
            var mixing = new BatchMixing(0.4, 1.0);
            Assert.Equal(mixing.Draw(3, 2, 5, 16, 16), mixing.Draw(3, 2, 5, 16, 16));
            var others = new[] { mixing.Draw(3, 2, 6, 16, 16), mixing.Draw(3, 3, 5, 16, 16), mixing.Draw(4, 2, 5, 16, 16) };
            Assert.All(others, other => Assert.NotEqual(mixing.Draw(3, 2, 5, 16, 16).Lambda, other.Lambda));
            // Both on: one of the two per batch, about half each.
            var kinds = Enumerable.Range(0, 400).Select(step => mixing.Draw(1, 1, step, 16, 16).Kind).ToList();
            Assert.InRange(kinds.Count(k => k == MixKind.CutMix), 160, 240);
            Assert.All(Enumerable.Range(0, 50), step => Assert.Equal(MixKind.Mixup, new BatchMixing(0.4, null).Draw(1, 1, step, 16, 16).Kind));
            Assert.All(Enumerable.Range(0, 50), step => Assert.Equal(MixKind.CutMix, new BatchMixing(null, 1.0).Draw(1, 1, step, 16, 16).Kind));
        }

        [Fact]
        public void AMixupBatchIsLambdaTimesTheBatchPlusTheRestTimesTheBatchRolledByOne()
        {
            using var scope = NewDisposeScope();
            var (images, labels) = Batch(1);
            var mixed = new BatchMixing(0.4, null).Mix(images, labels, seed: 2, epoch: 1, step: 3);
            double l = mixed.Lambda;
            Assert.Equal(new BatchMixing(0.4, null).Draw(2, 1, 3, 6, 8).Lambda, l);
            Assert.InRange(l, 0, 1);
            using Scalar keep = l.ToScalar(), take = (1 - l).ToScalar();
            for (int i = 0; i < 4; i++)
            {
                Tensor expected = images[i].mul(keep).add(images[(i + 3) % 4].mul(take), alpha: NetDsl.Scalars.One);   // sample i's partner is sample i − 1
                Assert.True(expected.allclose(mixed.Images[i], rtol: 0, atol: 1e-6), $"sample {i}");
            }
            Assert.Equal(new long[] { 2, 0, 3, 1 }, mixed.RolledLabels.data<long>().ToArray());
            Assert.Equal((l >= 0.5 ? labels : mixed.RolledLabels).data<long>().ToArray(), mixed.Dominant.data<long>().ToArray());
            // The soft targets: λ on the own class, 1 − λ on the partner's.
            var targets = mixed.SoftTargets(4).data<float>().ToArray();
            Assert.Equal((float)l, targets[0 * 4 + 0], 6);
            Assert.Equal((float)(1 - l), targets[0 * 4 + 2], 6);
            Assert.Equal(4f, targets.Sum(), 5);
        }

        [Fact]
        public void ACutMixBatchHasExactlyItsBoxPastedAndLambdaIsTheShareLeft()
        {
            using var scope = NewDisposeScope();
            var (images, labels) = Batch(2);
            var mixing = new BatchMixing(null, 1.0);
            int pasted = 0;
            for (int step = 0; step < 6; step++)
            {
                var mixed = mixing.Mix(images, labels, seed: 5, epoch: 1, step);
                var d = mixed.Draw;
                Assert.Equal(MixKind.CutMix, d.Kind);
                Assert.InRange(d.Top, 0, d.Bottom);
                Assert.InRange(d.Bottom, d.Top, 6);
                Assert.InRange(d.Left, 0, d.Right);
                Assert.InRange(d.Right, d.Left, 8);
                Assert.Equal(1 - (d.Bottom - d.Top) * (d.Right - d.Left) / 48.0, mixed.Lambda, 12);
                Tensor rolled = images.roll(1, 0);
                for (int y = 0; y < 6; y++)
                for (int x = 0; x < 8; x++)
                {
                    bool inBox = y >= d.Top && y < d.Bottom && x >= d.Left && x < d.Right;
                    Tensor expected = (inBox ? rolled : images).select(2, y).select(2, x);
                    Assert.True(Tensors.Same(expected, mixed.Images.select(2, y).select(2, x)), $"step {step} pixel ({y}, {x})");
                }
                if (d.Bottom > d.Top && d.Right > d.Left) pasted++;
            }
            Assert.True(pasted > 0, "no draw pasted a box");
        }

        [Fact]
        public void TheSoftTargetLossWithLabelSmoothingIsTorchsProbabilityTargetCrossEntropy()
        {
            using var scope = NewDisposeScope();
            var generator = new TorchSharp.torch.Generator(3);
            Tensor logits = randn(new long[] { 4, 5 }, generator: generator).mul(tensor(3f));
            Tensor labels = tensor(new long[] { 4, 0, 2, 2 });
            const double lambda = 0.3, epsilon = 0.1;
            var mixed = new BatchMixing(0.2, null, labelSmoothing: epsilon).Apply(zeros(4, 1), labels, new MixDraw(MixKind.Mixup, lambda));
            double loss = mixed.Loss(logits).item<float>();

            // By hand, in doubles: t = λ·onehot(y) + (1−λ)·onehot(y_rolled), t′ = t·(1−ε) + ε/C, loss = mean over samples of −Σ t′·log_softmax.
            var x = logits.data<float>().ToArray();
            long[] own = { 4, 0, 2, 2 }, partner = { 2, 4, 0, 2 };
            double expected = 0;
            for (int i = 0; i < 4; i++)
            {
                var row = Enumerable.Range(0, 5).Select(c => (double)x[i * 5 + c]).ToArray();
                double max = row.Max(), logSum = max + Math.Log(row.Sum(v => Math.Exp(v - max)));
                for (int c = 0; c < 5; c++)
                {
                    double t = (c == own[i] ? lambda : 0) + (c == partner[i] ? 1 - lambda : 0);
                    expected -= (t * (1 - epsilon) + epsilon / 5) * (row[c] - logSum);
                }
            }
            Assert.Equal(expected / 4, loss, 5);
            // λ = 1 is the plain label-smoothed cross-entropy.
            var unmixed = new BatchMixing(0.2, null, labelSmoothing: epsilon).Apply(zeros(4, 1), labels, new MixDraw(MixKind.Mixup, 1));
            Assert.Equal(nn.functional.cross_entropy(logits, labels, label_smoothing: epsilon).item<float>(), unmixed.Loss(logits).item<float>(), 5);
        }

        static TrainerOptions Options(int seed) => new TrainerOptions
        {
            Epochs = 2, BatchSize = 16, LearningRate = 0.01, Seed = seed, ModelName = "tinycnn", Device = CPU, Optimizer = OptimizerKind.AdamW,
            MixupAlpha = 0.4, CutMixAlpha = 1.0, LabelSmoothing = 0.1,
        };

        [Fact]
        public void AStopMidEpochWithMixingResumesToBitIdenticalWeights()
        {
            // 8 batches of 16, 4 optimizer steps an epoch: the checkpoint of step 6 sits after batch 4 of epoch 2.
            using var data = ShapesDataset.Load(Gray16, seed: 4, trainCount: 128, testCount: 32);
            var options = Options(4) with { CheckpointEvery = 2, Accumulate = 2, EmaDecay = 0.9 };
            using var straightDir = new TempFolder();
            using var straight = TinyCnn.Gray16(9);
            var straightResult = new Trainer(straight, data, options with { OutDir = straightDir.Path }).Run();

            using var splitDir = new TempFolder();
            using (var first = TinyCnn.Gray16(9))
                Assert.Throws<CrashAtStep>(() => new Trainer(first, data, options with { OutDir = splitDir.Path }).Run(new CrashAtStep(7)));
            Assert.Equal(4, Checkpoint.ReadInfo(splitDir.File(Checkpoint.FileName)).Position!.StepInEpoch);

            using var resumed = TinyCnn.Gray16(123);
            var resumedResult = new Trainer(resumed, data, options with { OutDir = splitDir.Path, Resume = true }).Run();
            Tensors.AssertSameState(straight, resumed);
            Assert.Equal(straightResult.History[1] with { Seconds = 0 }, resumedResult.History[1] with { Seconds = 0, Details = straightResult.History[1].Details });
        }

        [Fact]
        public void ATinyRunWithMixingStillLowersTheLossAndScoresTheDominantLabel()
        {
            using var data = ShapesDataset.Load(Gray16, seed: 6, trainCount: 160, testCount: 32);
            using var model = TinyCnn.Gray16(6);
            var result = new Trainer(model, data, Options(6) with { Epochs = 3 }).Run();
            Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss,
                $"train loss {result.History[0].TrainLoss} → {result.History[^1].TrainLoss}");
            Assert.All(result.History, h => Assert.InRange(h.TrainMetric, 0, 1));
        }

        [Fact]
        public void MixingRunsInBf16MixedAndChangesTheTrainingLoss()
        {
            using var data = ShapesDataset.Load(Gray16, seed: 8, trainCount: 32, testCount: 16);
            var options = Options(8) with { Epochs = 1, Precision = NetDsl.Precision.Bf16Mixed };
            using var mixedModel = TinyCnn.Gray16(8);
            var mixed = new Trainer(mixedModel, data, options).Run().History[0];
            using var plainModel = TinyCnn.Gray16(8);
            var plain = new Trainer(plainModel, data, options with { MixupAlpha = null, CutMixAlpha = null }).Run().History[0];
            Assert.True(double.IsFinite(mixed.TrainLoss));
            Assert.NotEqual(plain.TrainLoss, mixed.TrainLoss);   // the batches were mixed
        }

        [Fact]
        public void MixingIsRefusedForOtherTasksAndAlphasBelowZeroOrNotFinite()
        {
            var segmentation = Assert.Throws<ArgumentException>(() => new TrainerOptions { Task = ModelTask.Segmentation, MixupAlpha = 0.2 }.Check());
            Assert.Contains("TrainerOptions.MixupAlpha mixes classification targets; this is a segmentation task", segmentation.Message);
            var detection = Assert.Throws<ArgumentException>(() => new TrainerOptions { Task = ModelTask.Detection, CutMixAlpha = 1 }.Check());
            Assert.Contains("TrainerOptions.CutMixAlpha mixes classification targets; this is a detection task", detection.Message);
            var negative = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions { MixupAlpha = -0.5 }.Check());
            Assert.Contains("TrainerOptions.MixupAlpha is -0.5; it must be a finite α above 0", negative.Message);
            var nan = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerOptions { CutMixAlpha = double.NaN }.Check());
            Assert.Contains("TrainerOptions.CutMixAlpha is NaN", nan.Message);
            var custom = Assert.Throws<ArgumentException>(() => new TrainerOptions { MixupAlpha = 0.2, Loss = (o, i, t) => o.sum() }.Check());
            Assert.Contains("TrainerOptions.Loss replaces the task's loss", custom.Message);
            new TrainerOptions { MixupAlpha = 0, Task = ModelTask.Segmentation }.Check();   // 0: off
            Assert.Null(BatchMixing.For(new TrainerOptions { MixupAlpha = 0, CutMixAlpha = 0 }));
        }

        [Fact]
        public void TheCardFillsTheAlphasOfClassifiersOnlyAndTheRecipeLineAndResumeNameThem()
        {
            var card = new ModelCard { Model = "m", Task = ModelTask.Classification, MixupAlpha = 0.2, CutMixAlpha = 1.0 };
            var options = new TrainerOptions().WithCard(card);
            Assert.Equal(0.2, options.MixupAlpha);
            Assert.Contains("mixup 0.2 (card), cutmix 1 (card) (one per batch)", options.Describe());
            Assert.Contains("mixup 0.2, cutmix 1", card.ToString());
            Assert.Contains("mixup 0.5", (new TrainerOptions { MixupAlpha = 0.5 }.WithCard(card)).Describe());
            Assert.Null(new TrainerOptions().WithCard(card with { Task = ModelTask.Segmentation }).MixupAlpha);
            Assert.DoesNotContain("mixup", new TrainerOptions().Describe());

            var saved = new RunSettings("shapes", 16, 0.01, "cosine", 2, "sgd") { Mixup = 0.2 };
            var info = new CheckpointInfo("m", "1x16x16", 1, 10, 0, Array.Empty<EpochMetrics>()) { Settings = saved };
            var changes = RunSettings.Compare("checkpoint.bin", info, saved with { Mixup = null, CutMix = 1.0 });
            Assert.Contains("TrainerOptions.MixupAlpha: the run had 0.2, now off", changes);
            Assert.Contains("TrainerOptions.CutMixAlpha: the run had off, now 1", changes);
            Assert.Empty(RunSettings.Compare("checkpoint.bin", info, saved));
        }

        [Fact]
        public void ThePyTorchExportCarriesTheAlphasInItsRecipe()
        {
            var card = new ModelCard { Model = "m", Task = ModelTask.Classification, MixupAlpha = 0.2, CutMixAlpha = 1.0 };
            string recipe = NetDsl.Runtime.PyTorch.PyRecipe.Text(card, ModelTask.Classification);
            Assert.Contains("    \"mixup\": 0.2,\n    \"cutmix\": 1.0,\n", recipe);
            Assert.Contains("\"mixup\": \"card\", \"cutmix\": \"card\"", recipe);
            Assert.Contains("    \"mixup\": 0.0,\n", NetDsl.Runtime.PyTorch.PyRecipe.Text(card with { Task = ModelTask.Segmentation }, ModelTask.Segmentation));
            string train = NetDsl.Runtime.PyTorch.TrainScript.Text();
            Assert.Contains("def mix_batch(images, targets, mixup, cutmix, rng):", train);
            Assert.Contains("parser.add_argument(\"--mixup\"", train);
        }

        static (int code, string output, string error) Cli(params string[] args) => CliCapture.Cli(args);

        [Fact]
        public void TheCliReadsMixupAndCutMix()
        {
            var entry = TestModels.Catalogue.Single(e => e.Name == "tinycnn");
            var options = TrainOptionsParser.Parse(CliArguments.Parse("train", new[] { "tinycnn", "--mixup", "0.2", "--cutmix=1" }), entry);
            Assert.Equal((0.2, 1.0), (options.MixupAlpha, options.CutMixAlpha));
            Assert.Null(TrainOptionsParser.Parse(CliArguments.Parse("train", new[] { "tinycnn" }), entry).MixupAlpha);
            var help = Cli("train", "--help").output;
            Assert.Contains("--mixup ALPHA", help);
            Assert.Contains("--cutmix ALPHA", help);
        }

        [Theory]
        [InlineData("train tinycnn --mixup -1", "--mixup must be an α above 0 (e.g. 0.2; 0: off), got '-1'")]
        [InlineData("train tinycnn --cutmix abc", "--cutmix must be an α above 0 (e.g. 1.0; 0: off), got 'abc'")]
        [InlineData("train tinycnn --mixup NaN", "--mixup must be an α above 0")]
        [InlineData("train tinyseg --mixup 0.2", "--mixup applies to classifiers; tinyseg is a segmentation model")]
        public void ABadMixingValueIsAUsageErrorNamingTheOption(string line, string message)
        {
            var (code, output, error) = Cli(line.Split(' '));
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains(message, error);
            Assert.Single(error.TrimEnd().Split('\n'));
        }
    }
}
