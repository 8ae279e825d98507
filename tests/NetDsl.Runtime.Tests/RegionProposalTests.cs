using System;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Augmentations;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// The region proposal task (Faster R-CNN's RPN): anchors, BoxCoder deltas and matching against torchvision 0.14's
    /// AnchorGenerator / BoxCoder / Matcher, and a tiny RPN that learns proposals on the shapes' boxes.
    /// </summary>
    public class RegionProposalTests(ITestOutputHelper log)
    {
        /// <summary>
        /// torchvision 0.14, computed once with /usr/bin/python3:
        /// <c>AnchorGenerator(sizes=((24, 36, 48),), aspect_ratios=((0.5, 1.0, 2.0),))</c> on a 96x96 image and a 3x3 map;
        /// rows 0–8 (cell 0), 49 (cell 5 = row 1, column 2, anchor 4) and 80. torchvision puts the centres at the cells' corners
        /// (0, 32, 64) and rounds the base anchors to whole pixels; NetDsl centres them (+16 px) and keeps them exact, hence the
        /// shift and a tolerance of half a pixel.
        /// </summary>
        static readonly (int Index, double[] Box)[] TorchvisionAnchors =
        {
            (0, new[] { -17.0, -8, 17, 8 }), (1, new[] { -25.0, -13, 25, 13 }), (2, new[] { -34.0, -17, 34, 17 }),
            (3, new[] { -12.0, -12, 12, 12 }), (4, new[] { -18.0, -18, 18, 18 }), (5, new[] { -24.0, -24, 24, 24 }),
            (6, new[] { -8.0, -17, 8, 17 }), (7, new[] { -13.0, -25, 13, 25 }), (8, new[] { -17.0, -34, 17, 34 }),
            (49, new[] { 46.0, 14, 82, 50 }), (80, new[] { 47.0, 30, 81, 98 }),
        };

        [Fact]
        public void Anchors_AreTorchvisionsAnchorGenerator_CentredOnTheCells()
        {
            var anchors = RegionProposals.Anchors(9, 3, 3, 96, 96);
            Assert.Equal(81, anchors.Length);
            Assert.Equal(new[] { 0.25, 0.375, 0.5 }, RegionProposals.Sizes(9));
            foreach (var (index, box) in TorchvisionAnchors)
            {
                var a = anchors[index];
                double[] ours = { a.X0 - 16, a.Y0 - 16, a.X1 - 16, a.Y1 - 16 };
                for (int j = 0; j < 4; j++) Assert.True(Math.Abs(ours[j] - box[j]) <= 0.5, $"anchor {index}[{j}]: {ours[j]} vs torchvision {box[j]}");
            }
            // Equal areas across the ratios: the size is the side of the square of the same area.
            Assert.Equal(24.0 * 24, anchors[0].Area, 6);
            Assert.Equal(2.0, (anchors[6].Y1 - anchors[6].Y0) / (anchors[6].X1 - anchors[6].X0), 6);
            Assert.Equal(9, RegionProposals.AnchorsPerCell(54));
            Assert.Throws<ArgumentException>(() => RegionProposals.AnchorsPerCell(30));   // a YOLO head's B·5 + C is not 2k + 4k
        }

        /// <summary>
        /// torchvision 0.14 <c>BoxCoder(weights=(1, 1, 1, 1))</c>, computed once with /usr/bin/python3: encode_single of boxes
        /// (12, 18, 50, 40) and (30, 5, 70, 45) against anchors (10, 20, 40, 44) and (0, 0, 96, 48); decode_single of deltas
        /// (0.1, −0.2, 0.3, −0.4) and (−0.5, 0.25, −1, 0.5) on the same anchors.
        /// </summary>
        [Fact]
        public void EncodeAndDecode_AreTorchvisionsBoxCoder()
        {
            var anchors = new[] { new AnchorBox(10, 20, 40, 44), new AnchorBox(0, 0, 96, 48) };
            var boxes = new[] { new AnchorBox(12, 18, 50, 40), new AnchorBox(30, 5, 70, 45) };
            double[][] encoded = { new[] { 0.20000000298023224, -0.125, 0.23638877272605896, -0.08701135218143463 },
                                   new[] { 0.02083333395421505, 0.02083333395421505, -0.8754687905311584, -0.18232157826423645 } };
            double[][] deltas = { new[] { 0.1, -0.2, 0.3, -0.4 }, new[] { -0.5, 0.25, -1.0, 0.5 } };
            double[][] decoded = { new[] { 7.752119064331055, 19.156160354614258, 48.24787902832031, 35.24384307861328 },
                                   new[] { -17.658214569091797, -3.5693092346191406, 17.658214569091797, 75.56930541992188 } };
            for (int i = 0; i < 2; i++)
            {
                var (dx, dy, dw, dh) = RegionProposals.Encode(anchors[i], boxes[i]);
                Assert.Equal(encoded[i], new[] { dx, dy, dw, dh }, (a, b) => Math.Abs(a - b) < 1e-6);
                var box = RegionProposals.Decode(anchors[i], deltas[i][0], deltas[i][1], deltas[i][2], deltas[i][3]);
                Assert.Equal(decoded[i], new[] { box.X0, box.Y0, box.X1, box.Y1 }, (a, b) => Math.Abs(a - b) < 1e-4);
                // Round trip: decoding the encoded deltas gives the box back.
                var back = RegionProposals.Decode(anchors[i], dx, dy, dw, dh);
                Assert.Equal(new[] { boxes[i].X0, boxes[i].Y0, boxes[i].X1, boxes[i].Y1 }, new[] { back.X0, back.Y0, back.X1, back.Y1 }, (a, b) => Math.Abs(a - b) < 1e-9);
            }
        }

        /// <summary>
        /// torchvision 0.14's <c>Matcher(0.7, 0.3, allow_low_quality_matches=True)</c> on the anchors above (+16, rounded as
        /// torchvision's) and true boxes (20, 22, 50, 52), (60, 55, 90, 70), computed once with /usr/bin/python3: anchors 41, 52
        /// and 79 positive (each a box's best, none reaching 0.7), every other one negative.
        /// </summary>
        [Fact]
        public void Match_IsTorchvisionsMatcher_WithEachBoxsBestAnchor()
        {
            var anchors = RegionProposals.Anchors(9, 3, 3, 96, 96).Select(a =>
            {
                double cx = (a.X0 + a.X1) / 2, cy = (a.Y0 + a.Y1) / 2, hw = Math.Round((a.X1 - a.X0) / 2), hh = Math.Round((a.Y1 - a.Y0) / 2);
                return new AnchorBox(cx - hw, cy - hh, cx + hw, cy + hh);
            }).ToArray();
            var truths = new[] { new AnchorBox(20, 22, 50, 52), new AnchorBox(60, 55, 90, 70) };
            int[] labels = RegionProposals.Match(anchors, truths, out int[] matched);
            Assert.Equal(new[] { 41, 52, 79 }, Enumerable.Range(0, labels.Length).Where(a => labels[a] == 1));
            Assert.DoesNotContain(-1, labels);
            Assert.Equal(0, matched[41]);
            Assert.Equal(1, matched[79]);

            // An anchor on a box is positive at IoU ≥ 0.7; between 0.3 and 0.7 (and not a box's best) it is not trained.
            var exact = new[] { new AnchorBox(0, 0, 10, 10), new AnchorBox(0, 0, 10, 20), new AnchorBox(50, 50, 60, 60) };
            int[] own = RegionProposals.Match(exact, new[] { new AnchorBox(0, 0, 10, 10) }, out _);
            Assert.Equal(new[] { 1, -1, 0 }, own);
            Assert.Equal(new[] { 0, 0, 0 }, RegionProposals.Match(exact, Array.Empty<AnchorBox>(), out _));
        }

        [Fact]
        public void Sample_KeepsAtMost256_HalfOfThemPositive()
        {
            var labels = Enumerable.Range(0, 1000).Select(i => i < 300 ? 1 : 0).ToArray();
            RegionProposals.Sample(labels, new Random(1));
            Assert.Equal(128, labels.Count(l => l == 1));
            Assert.Equal(128, labels.Count(l => l == 0));
            var few = Enumerable.Range(0, 1000).Select(i => i < 3 ? 1 : i < 10 ? -1 : 0).ToArray();
            RegionProposals.Sample(few, new Random(1));
            Assert.Equal((3, 253), (few.Count(l => l == 1), few.Count(l => l == 0)));
        }

        [Fact]
        public void Truths_AreTheBoxGridsBoxes_InPixels()
        {
            using var scenes = ShapesDataset.GenerateDetection(4, new TensorShape(3, 32, 32), grid: 4, seed: 3);
            float[] grid = scenes.Targets.contiguous().data<float>().ToArray();
            int depth = (int)scenes.Targets.shape[1];
            for (int i = 0; i < 4; i++)
            {
                var boxes = RegionProposals.Truths(grid, i, depth, 4, 4, 32, 32);
                using var objects = scenes.Targets[i, 0].sum();
                Assert.Equal((int)objects.item<float>(), boxes.Count);
                Assert.All(boxes, b => Assert.True(b.X0 >= -1e-3 && b.Y0 >= -1e-3 && b.X1 <= 32.001 && b.Y1 <= 32.001 && b.Area > 20, b.ToString()));
            }
        }

        [Fact]
        public void Propose_ClipsToTheImage_SuppressesAndRanks()
        {
            // Two anchors on the same spot, one moved far out to the right; one anchor elsewhere.
            var anchors = new[] { new AnchorBox(0, 0, 10, 10), new AnchorBox(0, 0, 10, 10), new AnchorBox(20, 20, 30, 30) };
            float[] objectness = { 0.9f, 0.8f, 0.7f };
            float[] deltas = { 0, 0, 0, 0, 0.05f, 0, 0, 0, 1, 0, 0, 0 };
            var found = RegionProposals.Propose(anchors, objectness, deltas, 0, 32, 32);
            Assert.Equal(new[] { 0.9, 0.7 }, found.Select(f => Math.Round(f.Score, 3)));   // the near-duplicate (IoU 0.9) suppressed
            Assert.Equal(new AnchorBox(30, 20, 32, 30), found[1].Box);                    // moved by a width, clipped at 32
        }

        /// <summary>
        /// A tiny RPN (the tiny detector's trunk, a 4x4 map at 32x32, 9 anchors of 8, 12 and 16 px: 54 channels) on 1,500
        /// scenes for 3 epochs. Measured: test loss 0.741 → 0.038, proposal AP@0.5 0.014 → 0.49
        /// (recall of the top 100 at IoU 0.5: 0.96; near-duplicates NMS at 0.7 keeps rank as false positives, as an RPN's do).
        /// </summary>
        [Fact]
        public void TinyRpnLearnsProposals_LossFallsAndApBeatsUntrained()
        {
            using var data = ShapesDataset.LoadDetection(new TensorShape(3, 32, 32), grid: 4, seed: 5, trainCount: 1500, testCount: 200);
            random.manual_seed(5);
            using var model = new TinyDetector(outputs: 54);
            var task = TrainingTasks.Create(ModelTask.RegionProposal);
            Assert.Equal("proposal AP@0.5", task.MetricName);
            var before = Evaluator.Evaluate(model, new BatchLoader(data.Test, 50, false, 0), task, CPU, "test");
            var options = new TrainerOptions { Task = ModelTask.RegionProposal, Epochs = 3, BatchSize = 16, LearningRate = 3e-3, Optimizer = OptimizerKind.AdamW, Seed = 5, Device = CPU };
            var result = new Trainer(model, data, options).Run();
            log.WriteLine($"rpn: proposal AP@0.5 {before.Metric:F4} → {result.TestMetric:F4}, loss {before.Loss:F3} → {result.Test.Loss:F3}, recall {result.Test.Details["recall"]:F3}");
            Assert.Equal("proposal AP@0.5", result.Test.MetricName);
            Assert.True(before.Metric < 0.2, $"untrained AP {before.Metric:F3}");
            Assert.True(result.Test.Loss < before.Loss * 0.5, $"test loss {before.Loss:F3} → {result.Test.Loss:F3}");
            Assert.True(result.TestMetric > 0.3, $"proposal AP {before.Metric:F3} → {result.TestMetric:F3}");
        }

        /// <summary>The anchors sampled come from torch's generator, which a mid-epoch checkpoint keeps: a resumed epoch samples as an uninterrupted one.</summary>
        [Fact]
        public void AStopMidEpochResumesToBitIdenticalWeights()
        {
            using var data = ShapesDataset.LoadDetection(new TensorShape(3, 32, 32), grid: 4, seed: 6, trainCount: 96, testCount: 16);
            var options = new TrainerOptions { Task = ModelTask.RegionProposal, Epochs = 2, BatchSize = 16, LearningRate = 3e-3, Optimizer = OptimizerKind.AdamW,
                Seed = 6, ModelName = "tinyrpn", Device = CPU, CheckpointEvery = 2 };
            TinyDetector Model(int seed)
            {
                random.manual_seed(seed);
                return new TinyDetector(outputs: 54);
            }
            using var straightDir = new TempFolder();
            using var straight = Model(9);
            var straightResult = new Trainer(straight, data, options with { OutDir = straightDir.Path }).Run();

            // 6 steps per epoch: the crash at step 9 leaves the checkpoint of step 8, two steps into epoch 2.
            using var splitDir = new TempFolder();
            using (var first = Model(9))
                Assert.Throws<CrashAtStep>(() => new Trainer(first, data, options with { OutDir = splitDir.Path }).Run(new CrashAtStep(9)));
            Assert.Equal(2, Checkpoint.ReadInfo(Path.Combine(splitDir.Path, Checkpoint.FileName)).Position!.StepInEpoch);
            using var resumed = Model(123);
            var resumedResult = new Trainer(resumed, data, options with { OutDir = splitDir.Path, Resume = true }).Run();

            var expected = straight.state_dict();
            foreach (var (key, value) in resumed.state_dict()) Assert.True(Tensors.Same(expected[key], value), $"{key} differs");
            Assert.Equal(straightResult.History[1].TrainLoss, resumedResult.History[1].TrainLoss);
        }

        [Fact]
        public void Propose_OnImageFiles_GivesScoredObjectsInImageFractions()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteImage(dir.File("a.png"), 40, 30, seed: 1);
            random.manual_seed(2);
            using var model = new TinyDetector(outputs: 54);
            model.eval();
            var found = model.Propose(new[] { dir.File("a.png") }, new InferenceSettings(Normalize.Shapes, null), minScore: 0, max: 7).Single();
            Assert.InRange(found.Objects.Count, 1, 7);
            Assert.All(found.Objects, o => Assert.True(o.X0 >= 0 && o.Y0 >= 0 && o.X1 <= 1 && o.Y1 <= 1 && o.X0 < o.X1 && o.Y0 < o.Y1, $"{o}"));
            Assert.All(found.Objects, o => Assert.Equal((0, "object"), (o.Index, o.Label)));
            Assert.Equal(found.Objects.Select(o => o.Score).OrderByDescending(s => s), found.Objects.Select(o => o.Score));
            Assert.Throws<ArgumentException>(() => new TinyDetector().Propose(new[] { dir.File("a.png") }));   // a YOLO grid is no RPN
        }
    }
}
