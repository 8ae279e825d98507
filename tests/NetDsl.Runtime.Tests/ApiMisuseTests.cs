using System;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using NetDsl.Weights;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>A LeNet-like classifier whose [Flatten] → [Linear] fixes its input at 1x16x16 (no global pooling).</summary>
    [Network(Input = "1x16x16")]
    public partial class FlattenNet(int classes = 4)
    {
        [Conv(4, 3, Padding = 1), ReLU, MaxPool(2)] Layer conv1;
        [Flatten]                                   Layer flat;
        [Linear(nameof(classes))]                   Layer fc;
    }

    /// <summary>
    /// Mistakes a new user makes from C#: each is refused early with a message naming the network, option or data and the
    /// fix, where TorchSharp would say "expected scalar type Byte but found Float", "Cannot access a disposed object." or
    /// nothing at all.
    /// </summary>
    public sealed class ApiMisuseTests : IDisposable
    {
        readonly TempFolder dir = new TempFolder();
        public void Dispose() => dir.Dispose();

        static readonly TrainerOptions Options = new TrainerOptions { Epochs = 1, BatchSize = 4, Device = CPU };

        static DataSplits Shapes(int train = 8, int test = 4) => ShapesDataset.Load(new TensorShape(3, 16, 16), seed: 1, trainCount: train, testCount: test);

        [Fact]
        public void Predict_OnImageBytesOrDoubles_NamesTheNetworkBothTypesAndTheConversion()
        {
            using var net = new ApiNet();
            using var bytes = randint(0, 255, new long[] { 2, 3, 16, 16 }, dtype: ScalarType.Byte);
            var e = Assert.Throws<ShapeException>(() => net.Predict(bytes));
            Assert.Contains("ApiNet: forward got a tensor [2, 3, 16, 16] of Byte", e.Message);
            Assert.Contains("x.to(float32)", e.Message);

            using var doubles = randn(new long[] { 2, 3, 16, 16 }, dtype: ScalarType.Float64);
            e = Assert.Throws<ShapeException>(() => net.call(doubles));
            Assert.Contains("of Float64, but its parameters are Float32", e.Message);

            // Converted, it runs; a network cast to float64 takes float64.
            using var ok = net.Predict(doubles.to(ScalarType.Float32));
            net.to(ScalarType.Float64);
            using var asDouble = net.Predict(doubles);
            Assert.Equal(ScalarType.Float64, asDouble.dtype);
        }

        [Fact]
        public void FreezingABackboneWhoseHeadHasTheSameSize_KeepsTheLastLayerTrainable_AndAllFrozenIsRefused()
        {
            string weights = dir.File("flat.safetensors");
            using (var trained = new FlattenNet()) WeightLoader.Save(trained, weights);

            using var net = new FlattenNet();
            var report = FineTuning.LoadBackbone(net, weights, freeze: true);
            Assert.Equal(new[] { "conv1.weight", "conv1.bias" }, report.Frozen);
            Assert.All(net.named_parameters().Where(p => p.name.StartsWith("fc.", StringComparison.Ordinal)), p => Assert.True(p.parameter.requires_grad));

            foreach (var parameter in net.parameters()) parameter.requires_grad = false;
            using var data = ShapesDataset.Load(new TensorShape(1, 16, 16), seed: 1, trainCount: 8, testCount: 4);
            var e = Assert.Throws<ArgumentException>(() => new Trainer(net, data, Options));
            Assert.StartsWith("FlattenNet has no trainable parameter (every one has requires_grad false), so training has nothing to update", e.Message);
        }

        [Fact]
        public void TrainingOnSamplesOfAnotherSize_SaysPredictionsResizeToTheBuiltInput()
        {
            using var net = new TinyCnn(1, 16);
            using var data = ShapesDataset.Load(new TensorShape(1, 24, 24), seed: 1, trainCount: 8, testCount: 4);
            var warning = Assert.Single(net.Fit(data, Options).Warnings);
            Assert.Equal("TinyCnn was built for 1x16x16 but trains on 1x24x24 samples (shapes); Predict and Classify resize image files to 1x16x16: " +
                         "build it for the data (using (Network.BuildAt(new TensorShape(1, 24, 24))) new TinyCnn(…)) to predict at 1x24x24", warning);
            using var same = new TinyCnn(1, 24);
            Assert.Empty(same.Fit(data, Options).Warnings);
        }

        [Fact]
        public void Predict_OnAFolderWithoutImages_SaysItIsAFolder_NotThatAccessIsDenied()
        {
            // A folder is walked for its images (ImageInputs.Files); one holding none is named as such.
            using var net = new ApiNet();
            var e = Assert.Throws<InvalidDataException>(() => net.Predict(dir.Path));
            Assert.Contains($"{dir.Path}: is a folder with no image files", e.Message);
        }

        [Fact]
        public void OnnxExport_OntoAFolder_SaysItIsAFolder_AndWritesNothing()
        {
            using var net = new ApiNet();
            var e = Assert.Throws<IOException>(() => NetDsl.Onnx.OnnxExport.Save(net, dir.Path));
            Assert.Equal($"{dir.Path}: is a folder; OnnxExport.Save takes the path of the .onnx file to write", e.Message);
            Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
            string file = dir.File("m.onnx");
            NetDsl.Onnx.OnnxExport.Save(net, file);
            Assert.Equal(new[] { file }, Directory.GetFileSystemEntries(dir.Path));   // no temporary file left beside it
        }

        [Fact]
        public void ImagesOfAnotherSize_IntoAFlattenLinearNetwork_NameTheNetworkBothSizesAndTheFixes()
        {
            using var net = new FlattenNet();
            using var wide = randn(2, 1, 20, 20);
            var e = Assert.Throws<InvalidDataException>(() => net.Predict(wide));
            Assert.Contains("FlattenNet got 20x20 images, but it is built for 1x16x16", e.Message);
            Assert.Contains("mat1 and mat2 shapes cannot be multiplied", e.Message);

            var shape = new TensorShape(1, 20, 20);
            string[] names = { "a", "b", "c", "d" };
            LabeledImages Split() => new LabeledImages(randn(8, 1, 20, 20), randint(0, 4, new long[] { 8 }, dtype: ScalarType.Int64), shape, names);
            using var data = new DataSplits("twenty", Split(), Split());
            e = Assert.Throws<InvalidDataException>(() => net.Fit(data, Options));
            Assert.StartsWith("twenty train, epoch 1 batch 1: FlattenNet got 20x20 images", e.Message);
            e = Assert.Throws<InvalidDataException>(() => net.Evaluate(data, Options));
            Assert.StartsWith("twenty test, batch 1: FlattenNet got 20x20 images", e.Message);
            using var right = net.Predict(randn(2, 1, 16, 16));   // its own size runs
        }

        [Fact]
        public void Fit_MasksWithAChannelAxis_AreNamedAsMasks_NotBoxGrids()
        {
            using var net = new TinySegNet(size: 16);
            var shape = new TensorShape(3, 16, 16);
            string[] names = { "background", "a", "b" };
            LabeledImages Split() => new LabeledImages(randn(8, 3, 16, 16), randint(0, 3, new long[] { 8, 1, 16, 16 }, dtype: ScalarType.Int64), shape, names);
            using var data = new DataSplits("masks", Split(), Split());
            var e = Assert.Throws<InvalidDataException>(() => net.Fit(data, Options with { Task = ModelTask.Segmentation }));
            Assert.Contains("the masks are [4, 1, 16, 16], with a channel axis", e.Message);
            Assert.Contains("masks.squeeze(1)", e.Message);
            Assert.DoesNotContain("box grids", e.Message);
        }

        [Theory]
        [InlineData("LearningRate", double.NaN)]
        [InlineData("LearningRate", -0.1)]
        [InlineData("LearningRate", double.PositiveInfinity)]
        [InlineData("Momentum", double.NaN)]
        [InlineData("ClipNorm", -1.0)]
        [InlineData("WarmupSteps", -5.0)]
        [InlineData("CheckpointEvery", -1.0)]
        [InlineData("Patience", -1.0)]
        [InlineData("Epochs", 0.0)]
        [InlineData("EmaDecay", 1.0)]
        public void Fit_WithAnOptionNoRunCanUse_IsRefusedNamingTheOption_BeforeAnyStep(string option, double value)
        {
            var options = option switch
            {
                "LearningRate" => Options with { LearningRate = value },
                "Momentum" => Options with { Momentum = value },
                "ClipNorm" => Options with { ClipNorm = value },
                "WarmupSteps" => Options with { WarmupSteps = (int)value },
                "CheckpointEvery" => Options with { CheckpointEvery = (int)value },
                "Patience" => Options with { Patience = (int)value },
                "EmaDecay" => Options with { EmaDecay = value },
                _ => Options with { Epochs = (int)value },
            };
            using var net = new ApiNet();
            using var data = Shapes();
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => net.Fit(data, options with { OutDir = dir.File("run") }));
            Assert.Contains($"TrainerOptions.{option} is ", e.Message);
            Assert.False(Directory.Exists(dir.File("run")));
        }

        [Fact]
        public void Fit_WithAnEmptyTestSet_IsRefused_RatherThanReportingAMetricOfZero()
        {
            using var net = new ApiNet();
            var shape = new TensorShape(3, 16, 16);
            using var data = new DataSplits("no test", ShapesDataset.Generate(8, shape, seed: 1),
                new LabeledImages(zeros(0, 3, 16, 16), zeros(new long[] { 0 }, dtype: ScalarType.Int64), shape, new[] { "a", "b", "c", "d", "e", "f" }));
            var e = Assert.Throws<ArgumentException>(() => net.Fit(data, Options));
            Assert.Contains("the test set has no batches", e.Message);
        }

        [Fact]
        public void Training_TheForInferenceModule_IsRefusedNamingTheNetworkToTrain()
        {
            using var net = new ApiNet();
            using var inference = net.ForInference(NetDsl.Precision.Fp32);
            using var data = Shapes();
            var e = Assert.Throws<ArgumentException>(() => new Trainer(inference, data, Options));
            Assert.Contains("ApiNet.ForInference(…) computes without gradients", e.Message);
        }

        /// <summary>The learning-rate finder refuses what the trainer refuses, in the same words, before it touches the model.</summary>
        [Fact]
        public void TheLearningRateFinder_RefusesWhatTheTrainerRefuses()
        {
            using var net = new ApiNet();
            using var data = Shapes();
            using (var inference = net.ForInference(NetDsl.Precision.Fp32))
                Assert.Contains("ApiNet.ForInference(…) computes without gradients and cannot be used for a learning-rate sweep",
                    Assert.Throws<ArgumentException>(() => LearningRateFinder.Run(inference, data, Options)).Message);
            Assert.Contains("TrainerOptions.BatchSize is ",
                Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateFinder.Run(net, data, Options with { BatchSize = 0 })).Message);
            var gone = new ApiNet();
            gone.Dispose();
            Assert.Contains("ApiNet was disposed before a learning-rate sweep",
                Assert.Throws<ObjectDisposedException>(() => LearningRateFinder.Run(gone, data, Options)).Message);
        }

        [Fact]
        public void ADisposedNetwork_IsNamed_AndSavingItWritesNothing()
        {
            var net = new ApiNet();
            net.Dispose();
            string file = dir.File("w.safetensors");
            var e = Assert.Throws<ObjectDisposedException>(() => WeightLoader.Save(net, file));
            Assert.Contains("ApiNet was disposed before", e.Message);
            Assert.False(File.Exists(file));   // it wrote an empty state dict, "{}", before
            using var x = randn(1, 3, 16, 16);
            Assert.Contains("ApiNet was disposed before Predict", Assert.Throws<ObjectDisposedException>(() => net.Predict(x)).Message);
            using var data = Shapes();
            Assert.Contains("ApiNet was disposed before training", Assert.Throws<ObjectDisposedException>(() => net.Fit(data, Options)).Message);
        }
    }
}
