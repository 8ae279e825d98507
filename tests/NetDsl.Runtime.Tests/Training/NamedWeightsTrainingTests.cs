using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetDsl.Weights;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// Training from weights that name their classes (<c>netdsl.class_names</c>) and record their normalisation: the head's rows
    /// follow the data's class order by name (the rule <c>eval</c> scores by), and file data is prepared with the recorded statistics.
    /// </summary>
    public class NamedWeightsTrainingTests
    {
        static readonly string[] Six = { "a", "b", "c", "d", "e", "f" };

        static string SaveNamed(TempFolder dir, TinyCnn network, IReadOnlyList<string> names)
        {
            string path = dir.File("named.safetensors");
            WeightLoader.Save(network, path, new Dictionary<string, string>
            {
                [ClassHead.ClassNamesMetadataKey] = System.Text.Json.JsonSerializer.Serialize(names),
                ["netdsl.normalize"] = "{\"Mean\":[0.5],\"Std\":[0.25]}",
            });
            return path;
        }

        static float[] Row(nn.Module module, string key, long row)
        {
            var tensor = StateDictOrder.Entries(module).First(e => e.Key == key).Value;
            using var r = tensor[row];
            return r.data<float>().ToArray();
        }

        [Fact]
        public void LoadBackbone_PermutesTheHeadRowsToTheDatasOrder_ByName()
        {
            using var dir = new TempFolder();
            random.manual_seed(1);
            using var source = new TinyCnn();
            string path = SaveNamed(dir, source, Six);
            using var target = new TinyCnn();
            var report = FineTuning.LoadBackbone(target, path, new[] { "F", "e", "d", "c", "b", "a" });
            for (int j = 0; j < 6; j++)
                Assert.Equal(Row(source, "fc.weight", 5 - j), Row(target, "fc.weight", j));
            using (var sb = StateDictOrder.Entries(source).First(e => e.Key == "fc.bias").Value.flip(0))
                Assert.Equal(sb.data<float>().ToArray(), StateDictOrder.Entries(target).First(e => e.Key == "fc.bias").Value.data<float>().ToArray());
            Assert.Contains("put in the data's class order by name", report.Classes);
            Assert.Empty(report.Reinitialised);
        }

        [Fact]
        public void LoadBackbone_KeepsTheRowsOfNamedClasses_AndFreshRowsForOthers_InANarrowerHead()
        {
            using var dir = new TempFolder();
            random.manual_seed(2);
            using var source = new TinyCnn();
            string path = SaveNamed(dir, source, Six);
            using var target = new TinyCnn(classes: 3);
            float[] fresh = Row(target, "fc.weight", 1);
            var report = FineTuning.LoadBackbone(target, path, new[] { "c", "x", "a" });
            Assert.Equal(Row(source, "fc.weight", 2), Row(target, "fc.weight", 0));
            Assert.Equal(fresh, Row(target, "fc.weight", 1));
            Assert.Equal(Row(source, "fc.weight", 0), Row(target, "fc.weight", 2));
            Assert.Contains("x not among the weights' classes: freshly initialised", report.Classes);
            Assert.Contains("the weights' b, d, e, f not in the data: dropped", report.Classes);
        }

        [Fact]
        public void LoadBackbone_WithoutRecordedNames_SaysTheRowsKeepTheFilesOrder()
        {
            using var dir = new TempFolder();
            using var source = new TinyCnn();
            string path = dir.File("bare.safetensors");
            WeightLoader.Save(source, path);
            using var target = new TinyCnn();
            var report = FineTuning.LoadBackbone(target, path, Six);
            Assert.Contains("records no class names", report.Classes);
            Assert.Equal(Row(source, "fc.weight", 0), Row(target, "fc.weight", 0));
        }

        [Fact]
        public void HeadKeys_CoverTheMainAndAuxiliaryHeads()
        {
            using var network = new EarlyTapAuxNet();
            var keys = ClassHead.Keys(network);
            Assert.Contains(keys, k => k.StartsWith("fc.", System.StringComparison.Ordinal) && k.EndsWith(".weight", System.StringComparison.Ordinal));
            Assert.Contains(keys, k => k.StartsWith("aux.", System.StringComparison.Ordinal) && k.EndsWith(".weight", System.StringComparison.Ordinal));
            Assert.DoesNotContain(keys, k => k.StartsWith("stem.", System.StringComparison.Ordinal));
        }

        /// <summary>
        /// Weights trained with another class count hint at it when the mismatches are the main head plus its auxiliary heads
        /// (GoogLeNet's aux1.fc2/aux2.fc2 beside fc), as they do for a network with one head (before: no hint at all).
        /// </summary>
        [Fact]
        public void AStrictLoad_NamesTheFilesClassCount_WhenTheAuxiliaryHeadsDifferToo()
        {
            using var dir = new TempFolder();
            string path = dir.File("six.safetensors");
            using (var six = new EarlyTapAuxNet(classes: 6)) WeightLoader.Save(six, path);
            using var four = new EarlyTapAuxNet(classes: 4);
            var e = Assert.Throws<System.IO.InvalidDataException>(() => WeightLoader.Load(four, path));
            Assert.Contains("aux.", e.Message);
            Assert.Contains("the file's head has 6 outputs: build the model with 6 classes", e.Message);
        }

        static (int Code, string Output, string Error) Cli(params string[] args) => CliCapture.Run(args);

        static double Accuracy(string output) =>
            double.Parse(output.Split('\n').Last(l => l.StartsWith("test accuracy: ")).Substring("test accuracy: ".Length).Trim(), CultureInfo.InvariantCulture);

        /// <summary>Bare weights (<c>WeightLoader.Save</c>) scored on folder data: a note says the class order and normalisation are guesses; SaveExport's are not.</summary>
        [Fact]
        public void EvalOfBareWeightsOnFolderData_NotesThatTheyRecordNoSettings()
        {
            using var dir = new TempFolder();
            Assert.Equal(0, Cli("data", "shapes", "--out", dir.File("pngs"), "--count", "12", "--test-count", "12").Code);
            using var net = new TinyCnn();
            WeightLoader.Save(net, dir.File("bare.safetensors"));
            var bare = Cli("eval", "tinycnn", "--weights", dir.File("bare.safetensors"), "--data", "folder:" + dir.File("pngs"));
            Assert.True(bare.Code == 0, bare.Error);
            Assert.Contains($"note: {dir.File("bare.safetensors")} records no normalisation or class names", bare.Error);
            WeightLoader.SaveExport(net, dir.File("export.safetensors"), InferenceSettings.ImageNet.ToMetadata());
            var exported = Cli("eval", "tinycnn", "--weights", dir.File("export.safetensors"), "--data", "folder:" + dir.File("pngs"));
            Assert.True(exported.Code == 0, exported.Error);
            Assert.DoesNotContain("records no normalisation", exported.Error);
        }

        /// <summary>
        /// A run on the shapes set in memory (circle, square, …), exported, then trained on a <c>data shapes</c> folder (bar, circle, …)
        /// with everything frozen and a rate of about 0: the epoch's test accuracy is what <c>eval</c> gives the same weights on that
        /// folder (it scored the permuted head before, and normalised with ImageNet's statistics rather than the weights').
        /// </summary>
        [Fact]
        public void TrainFromExportedWeights_OnDataInAnotherClassOrder_StartsWhereEvalScoresThem()
        {
            using var dir = new TempFolder();
            var trained = Cli("train", "tinycnn", "--epochs", "2", "--train-images", "900", "--lr", "0.05", "--out", dir.File("run"), "--seed", "0");
            Assert.True(trained.Code == 0, trained.Error);
            string weights = dir.File("w.safetensors");
            var exported = Cli("export", "tinycnn", "--checkpoint", dir.File("run/best.bin"), "--format", "safetensors", "--out", weights);
            Assert.True(exported.Code == 0, exported.Error);
            Assert.Equal(0, Cli("data", "shapes", "--out", dir.File("pngs"), "--count", "60", "--test-count", "150").Code);

            var eval = Cli("eval", "tinycnn", "--weights", weights, "--data", "folder:" + dir.File("pngs"));
            Assert.True(eval.Code == 0, eval.Error);
            var again = Cli("train", "tinycnn", "--weights", weights, "--freeze", "--lr", "1e-9", "--epochs", "1", "--augment", "none",
                "--data", "folder:" + dir.File("pngs"), "--out", dir.File("again"));
            Assert.True(again.Code == 0, again.Error);
            Assert.Contains("head rows put in the data's class order by name", again.Output);
            Assert.Contains("normalisation: {\"Mean\":[0.5", again.Output);
            Assert.Contains($"(recorded in {weights}; --data-stats for the data's own)", again.Output);
            double expected = Accuracy(eval.Output);
            Assert.True(expected > 0.3, $"the model should have learned something to tell orders apart: {expected}");
            Assert.Equal(expected, Accuracy(again.Output), 3);

            // --data-stats keeps the data's own statistics (and says nothing about the recorded ones).
            var own = Cli("train", "tinycnn", "--weights", weights, "--data-stats", "--epochs", "1", "--lr", "1e-9",
                "--data", "folder:" + dir.File("pngs"), "--out", dir.File("own"));
            Assert.True(own.Code == 0, own.Error);
            Assert.DoesNotContain("normalisation:", own.Output);
        }
    }
}
