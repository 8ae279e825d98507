using System.Globalization;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// <c>eval</c> scores a model on the data its run names, by class name: the shapes set in memory lists its classes as
    /// generated (circle, square, …) and a <c>data shapes</c> folder of the same images alphabetically (bar, circle, …).
    /// </summary>
    public class EvalClassOrderTests
    {
        static (int Code, string Output, string Error) Run(params string[] args) => CliCapture.Run(args);

        static double Accuracy(string output) =>
            double.Parse(output.Split('\n').Last(l => l.StartsWith("test accuracy: ")).Substring("test accuracy: ".Length).Trim(), CultureInfo.InvariantCulture);

        [Fact]
        public void ARunOnTheShapesSetInMemory_ScoresTheSameOnItsDataShapesFolder()
        {
            using var dir = new TempFolder();
            var trained = Run("train", "tinycnn", "--epochs", "2", "--train-images", "900", "--lr", "0.05", "--out", dir.File("run"), "--seed", "0");
            Assert.True(trained.Code == 0, trained.Error);
            var written = Run("data", "shapes", "--out", dir.File("pngs"), "--count", "60", "--test-count", ShapesDataset.DefaultTestCount.ToString(CultureInfo.InvariantCulture));
            Assert.True(written.Code == 0, written.Error);

            var inMemory = Run("eval", "tinycnn", "--checkpoint", dir.File("run/best.bin"));
            var files = Run("eval", "tinycnn", "--checkpoint", dir.File("run/best.bin"), "--data", "folder:" + dir.File("pngs"));
            Assert.True(files.Code == 0, files.Error);
            Assert.Contains("outputs matched by name", files.Output);
            double expected = Accuracy(inMemory.Output);
            Assert.True(expected > 0.3, $"the model should have learned something to tell orders apart: {expected}");
            Assert.InRange(Accuracy(files.Output), expected - 0.03, expected + 0.03);   // the PNGs are the same images to 8 bits
        }

        [Fact]
        public void WithoutData_EvalScoresTheTestSplitOfTheDataTheRunTrainedOn()
        {
            using var dir = new TempFolder();
            Assert.Equal(0, Run("data", "shapes", "--out", dir.File("pngs"), "--count", "120", "--test-count", "30").Code);
            var trained = Run("train", "tinycnn", "--data", "folder:" + dir.File("pngs"), "--epochs", "1", "--out", dir.File("run"));
            Assert.True(trained.Code == 0, trained.Error);
            var recorded = Run("eval", "tinycnn", "--checkpoint", dir.File("run/best.bin"));
            var named = Run("eval", "tinycnn", "--checkpoint", dir.File("run/best.bin"), "--data", "folder:" + dir.File("pngs"));
            Assert.True(recorded.Code == 0, recorded.Error);
            Assert.Contains("(recorded in the checkpoint) (30 test samples)", recorded.Output);
            Assert.Equal(Accuracy(named.Output), Accuracy(recorded.Output));
        }

        [Theory]
        [InlineData("a,b,c", "a,b,c", null)]
        [InlineData("a,b,c", "c,a,b", "2,0,1")]
        [InlineData("a,b,c,d", "B,a", "1,0,2,3")]          // a wider head: the data's classes first, by name, case aside
        [InlineData("a,b,c", "a,x", "0,-1,1,2")]           // a class the model does not name: no output (counted wrong), the others by name
        [InlineData("a,b,c", "x,c,a", "-1,2,0,1")]
        [InlineData("a,b", "c,b,a", "-1,1,0")]             // more data classes than the model names
        [InlineData("a,b,c", "x,y", null)]                 // no name in common: only the index pairs them
        [InlineData("a,a,b", "b,a", null)]                 // repeated names pair nothing
        public void Mapping_PairsTheDatasClassesWithTheModelsByName(string model, string data, string? expected)
        {
            long[]? order = ClassOrder.Mapping(model.Split(','), data.Split(','));
            Assert.Equal(expected, order == null ? null : string.Join(",", order));
        }

        [Fact]
        public void NamesThatDoNotPair_AreDescribedForAWarning()
        {
            Assert.Null(ClassOrder.Disagreement(new[] { "a", "b" }, new[] { "b", "a" }));
            Assert.Equal("the data's classes x are not among the model's (a, b): the model has no output for them, so their samples count as wrong (and each adds a loss above 20 to the mean); " +
                         "the other classes are matched by name", ClassOrder.Disagreement(new[] { "a", "b" }, new[] { "a", "x" }));
            Assert.Equal("the data's classes x, y are not among the model's (a, b): scored by output index", ClassOrder.Disagreement(new[] { "a", "b" }, new[] { "x", "y" }));
        }

        /// <summary>
        /// One data class the weights do not name no longer makes every class score by index: the named ones keep their outputs,
        /// the unknown one gets a column below every output, so its samples are never predicted as it (they can only count as wrong).
        /// </summary>
        [Fact]
        public void AnUnknownDataClass_GetsAColumnNeverPredicted_TheOthersTheirOwnOutputs()
        {
            var order = ClassOrder.Mapping(new[] { "cat", "dog", "fox" }, new[] { "fox", "owl", "cat" })!;
            Assert.Equal(new long[] { 2, -1, 0, 1 }, order);
            using var model = TorchSharp.torch.nn.Identity();
            using var reordered = new ReorderedClasses(model, order);
            using var logits = TorchSharp.torch.tensor(new float[] { 1, 5, 3, -40, 0, 2 }, new long[] { 2, 3 });   // rows: cat dog fox
            using var scored = reordered.forward(logits);
            Assert.Equal(new long[] { 2, 4 }, scored.shape);
            Assert.Equal(new float[] { 3, -19, 1, 5, 2, -60, -40, 0 }, scored.data<float>().ToArray());
            using var predicted = scored.argmax(1);
            Assert.Equal(new long[] { 3, 0 }, predicted.data<long>().ToArray());   // dog (not a data class: "other"), fox
        }
    }
}
