using System.IO;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// What the reported numbers mean: the test loss is the plain task loss (no label smoothing, like eval's), the per-class report
    /// is sklearn's classification_report with zero_division=0, and detection AP matches as PASCAL VOC does.
    /// </summary>
    public sealed class EvaluationMetricDefinitionTests
    {
        /// <summary>Before: train's test loss was label-smoothed while eval/Evaluate scored plain cross-entropy on the same weights.</summary>
        [Fact]
        public void TrainsTestLoss_IsPlainCrossEntropy_AsEvaluatesIs_WithLabelSmoothing()
        {
            using var data = ShapesDataset.Load(new TensorShape(1, 16, 16), seed: 4, trainCount: 32, testCount: 16);
            using var dir = new TempFolder();
            using var model = DropoutNet.Seeded(3);
            var options = new TrainerOptions { Epochs = 1, BatchSize = 16, LearningRate = 0.05, Seed = 4, Device = CPU, LabelSmoothing = 0.3, OutDir = dir.Path };
            var result = new Trainer(model, data, options).Run();
            var plain = Evaluator.Evaluate(model, TrainingData.From(data, 16, 4).Test, new ClassificationTask(), CPU, "plain");
            Assert.Equal(plain.Loss, result.History[0].TestLoss, 6);
            Assert.Equal(plain.Loss, result.Test.Loss, 6);
            // The training loss stays the smoothed one the optimizer minimised.
            Assert.Equal(0.3, ((ClassificationTask)options.CreateTrainingTask(null, null)).LabelSmoothing);
            Assert.Equal(0.0, ((ClassificationTask)options.CreateTask()).LabelSmoothing);
            // The run's per-class report sits next to confusion.csv.
            string[] perClass = File.ReadAllLines(dir.File(PerClassLog.FileName));
            Assert.Equal("class,precision,recall,f1,support", perClass[0]);
            Assert.Equal(data.Train.ClassNames.Count + 5, perClass.Length);
            Assert.NotNull(result.Test.PerClass);
        }

        /// <summary>The CLI alike: train's test_loss with --label-smoothing is eval's loss for its checkpoint, and eval prints the per-class report.</summary>
        [Fact]
        public void CliTrainsTestLoss_IsEvalsLoss_AndEvalPrintsThePerClassReport()
        {
            using var dir = new TempFolder();
            var (code, _, error) = CliCapture.Run("train", "tinycnn", "--epochs", "1", "--batch", "32", "--seed", "2", "--train-images", "64",
                "--test-images", "32", "--label-smoothing", "0.3", "--out", dir.Path);
            Assert.True(code == 0, error);
            string[] metrics = File.ReadAllLines(dir.File("metrics.csv"));
            Assert.StartsWith("epoch,step,lr,train_loss,train_accuracy,test_loss,test_accuracy,seconds", metrics[0]);
            double trained = double.Parse(metrics[^1].Split(',')[5], System.Globalization.CultureInfo.InvariantCulture);
            (code, string output, error) = CliCapture.Run("eval", "tinycnn", "--checkpoint", dir.File("checkpoint.bin"), "--test-images", "32");
            Assert.True(code == 0, error);
            Assert.Contains($"(32 test samples)  loss {trained.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)}", output);
            Assert.Contains("per class (zero_division=0)", output);
            Assert.Contains("macro avg", output);
            Assert.Contains("  balanced accuracy: ", output);
        }

        /// <summary>
        /// A hand-made confusion with an absent class (c: no truth, predicted twice) and a never-predicted one (d); the expected
        /// numbers are sklearn's formulas with zero_division=0, worked out by hand.
        /// </summary>
        [Fact]
        public void PerClassReport_IsSklearnsClassificationReport_WithZeroDivisionZero()
        {
            long[,] counts =
            {
                { 3, 1, 1, 0 },   // a: support 5
                { 0, 2, 1, 0 },   // b: support 3
                { 0, 0, 0, 0 },   // c: absent from the test set
                { 1, 0, 0, 0 },   // d: never predicted
            };
            var confusion = new ConfusionCounts(4);
            for (int t = 0; t < 4; t++) for (int p = 0; p < 4; p++) confusion.Counts[t * 4 + p] = counts[t, p];
            var report = ClassificationReport.From(confusion, new[] { "a", "b", "c", "d" });

            Expect(report.Classes[0], "a", 3.0 / 4, 3.0 / 5, 6.0 / 9, 5);
            Expect(report.Classes[1], "b", 2.0 / 3, 2.0 / 3, 4.0 / 6, 3);
            Expect(report.Classes[2], "c", 0, 0, 0, 0);          // precision 0/2, recall 0/0 → 0
            Expect(report.Classes[3], "d", 0, 0, 0, 1);          // precision 0/0 → 0, recall 0/1
            Expect(report.MacroAverage, "macro avg", 17.0 / 48, 19.0 / 60, 1.0 / 3, 9);
            Expect(report.WeightedAverage, "weighted avg", 23.0 / 36, 5.0 / 9, 16.0 / 27, 9);
            Assert.Equal(5.0 / 9, report.Accuracy, 12);
            Assert.Equal(19.0 / 45, report.BalancedAccuracy, 12);   // mean recall of a, b, d: c has no true samples

            using var dir = new TempFolder();
            PerClassLog.Write(dir.File(PerClassLog.FileName), report);
            string[] lines = File.ReadAllLines(dir.File(PerClassLog.FileName));
            Assert.Equal("class,precision,recall,f1,support", lines[0]);
            Assert.Equal("a,0.75,0.6,0.6666666666666666,5", lines[1]);
            Assert.Equal("c,0,0,0,0", lines[3]);
            Assert.Equal("accuracy,,,0.5555555555555556,9", lines[7]);
            Assert.StartsWith("balanced accuracy,,0.4222222", lines[8]);
        }

        /// <summary>A head wider than the data's classes: predictions of the extra outputs are misses, not rows.</summary>
        [Fact]
        public void PerClassReport_CountsAWiderHeadsOtherPredictions_AsMisses()
        {
            var confusion = new ConfusionCounts(3);
            confusion.Counts[0] = 1;           // a → a
            confusion.Counts[2] = 1;           // a → output 2 (no data class)
            confusion.Counts[1 * 3 + 1] = 2;   // b → b
            var report = ClassificationReport.From(confusion, new[] { "a", "b" });
            Assert.Equal(2, report.Classes.Count);
            Expect(report.Classes[0], "a", 1, 0.5, 2.0 / 3, 2);
            Assert.Equal(0.75, report.Accuracy, 12);
        }

        static void Expect(ClassScores scores, string name, double precision, double recall, double f1, long support)
        {
            Assert.Equal(name, scores.Class);
            Assert.Equal(precision, scores.Precision, 12);
            Assert.Equal(recall, scores.Recall, 12);
            Assert.Equal(f1, scores.F1, 12);
            Assert.Equal(support, scores.Support);
        }

        /// <summary>
        /// The tester's case: truths [0,0,10,10] and [5,0,15,10]; detections 0.9 at [0,0,10,10] and 0.8 at [2,0,12,10] (IoU 0.667 with
        /// the taken truth, 0.538 with the free one). VOC: the second takes its best-IoU truth, already taken: a false positive, AP 0.5.
        /// Before: matched to the free truth (COCO's rule), AP 1.0.
        /// </summary>
        [Fact]
        public void DetectionAP_MatchesAsPascalVoc_ADetectionWhoseBestTruthIsTakenIsAFalsePositive()
        {
            var truths = new[] { new GridBox(0, 0, 1, 0, 0, 10, 10), new GridBox(0, 0, 1, 5, 0, 15, 10) }.ToList();
            var detections = new[] { new GridBox(0, 0, 0.9, 0, 0, 10, 10), new GridBox(0, 0, 0.8, 2, 0, 12, 10) };
            Assert.Equal(0.5, MeanAveragePrecision.AveragePrecision(detections, truths, 0.5), 12);
        }

        /// <summary>The tester's case B: TP, FP, TP over 3 truths; all-point interpolation gives 1/3·1 + 1/3·2/3 = 5/9 (VOC07's 11-point: 0.5455).</summary>
        [Fact]
        public void DetectionAP_IsAllPointInterpolated()
        {
            var truths = new[] { new GridBox(0, 0, 1, 0, 0, 10, 10), new GridBox(1, 0, 1, 0, 0, 10, 10), new GridBox(2, 0, 1, 0, 0, 10, 10) }.ToList();
            var detections = new[] { new GridBox(0, 0, 0.9, 0, 0, 10, 10), new GridBox(1, 0, 0.8, 50, 50, 60, 60), new GridBox(1, 0, 0.7, 0, 0, 10, 10) };
            Assert.Equal(5.0 / 9, MeanAveragePrecision.AveragePrecision(detections, truths, 0.5), 12);
        }
    }
}
