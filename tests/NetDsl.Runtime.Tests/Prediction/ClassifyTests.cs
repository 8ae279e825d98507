using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Augmentations;
using NetDsl.Runtime.Data.Export;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// <c>Classify</c>/<c>Segment</c> and <see cref="InferenceSettings"/>: a model trained on a data set answers for image files
    /// of that set as it does for the set itself, because the checkpoint recorded how the set was normalised and named.
    /// </summary>
    public class ClassifyTests
    {
        static readonly TensorShape Input = new(3, 32, 32);

        /// <summary>A TinyCnn trained one short epoch on the shapes set, its run in <paramref name="runDir"/>.</summary>
        static TinyCnn Trained(string runDir)
        {
            random.manual_seed(3);
            var network = new TinyCnn();
            using var data = ShapesDataset.Load(Input, seed: 0, trainCount: 600, testCount: 60);
            network.Fit(data, new TrainerOptions { Epochs = 1, BatchSize = 32, LearningRate = 0.05, OutDir = runDir, Device = CPU });
            return network;
        }

        [Fact]
        public void TheCheckpoint_RecordsTheDatasNormalisationAndClassNames()
        {
            using var dir = new TempFolder();
            using var network = Trained(dir.File("run"));
            var settings = InferenceSettings.FromCheckpoint(dir.File("run/best.bin"));
            Assert.True(settings.Normalization.SameAs(Normalize.Shapes));
            Assert.Equal(ShapeKinds.Names, settings.ClassNames);
            Assert.Equal("recorded in the checkpoint", settings.Origin);
        }

        /// <summary>
        /// The PNGs <c>data shapes</c> writes are the in-memory test set to 8 bits: prepared with the recorded settings, the model's
        /// probabilities for the files are its probabilities for the tensors up to that rounding; prepared with ImageNet's statistics
        /// (what <c>Predict</c> assumes when told nothing) they drift a hundred times further (measured: 4e-5 against 0.016).
        /// </summary>
        [Fact]
        public void ImageFilesOfTheTrainingSet_AreAnsweredAsTheSetItself_WithTheRecordedSettings()
        {
            using var dir = new TempFolder();
            using var network = Trained(dir.File("run"));
            ShapesFolder.Write(dir.File("pngs"), Input, trainCount: 6, testCount: 60, seed: 0, masks: false);
            using var set = ShapesDataset.Load(Input, seed: 0, trainCount: 6, testCount: 60);
            using var logits = network.Predict(set.Test.Images);
            float[] expected = logits.softmax(1).data<float>().ToArray();
            var files = Enumerable.Range(0, 60)
                .Select(i => dir.File($"pngs/test/{ShapeKinds.Names[set.Test.Targets[i].item<long>()]}/{i:D5}.png")).ToList();

            var recorded = network.Classify(files, InferenceSettings.FromCheckpoint(dir.File("run/best.bin")), top: 6, batchSize: 16);
            var imageNet = network.Classify(files, InferenceSettings.ImageNet, top: 6);

            double Drift(IReadOnlyList<ImageClassification> answers) =>
                answers.Select((a, n) => a.Top.Max(s => Math.Abs(s.Probability - expected[n * 6 + s.Index]))).Average();
            Assert.Equal(files, recorded.Select(a => a.Image));
            Assert.True(Drift(recorded) < 0.001, $"recorded settings drift {Drift(recorded):F4}");
            Assert.True(Drift(imageNet) > 20 * Drift(recorded), $"ImageNet drift {Drift(imageNet):F4} vs recorded {Drift(recorded):F4}");
            int ExpectedBest(int n) => Enumerable.Range(0, 6).OrderByDescending(k => expected[n * 6 + k]).First();
            int agree = recorded.Where((a, n) => a.Best.Index == ExpectedBest(n)).Count();
            Assert.True(agree >= 57, $"top-1 agrees on {agree} of 60");
            Assert.All(recorded, a => Assert.Equal(ShapeKinds.Names[a.Best.Index], a.Best.Label));
        }

        [Fact]
        public void TopClasses_AreSoftmaxProbabilitiesBestFirst_NamedWhereNamesReach()
        {
            using var logits = tensor(new float[] { 0f, 2f, 1f, -1f, 3f, 3.5f, 0f, 0f }, new long[] { 2, 4 });
            var settings = new InferenceSettings(Normalize.ImageNet, new[] { "a", "b", "c" });
            var rows = Prediction.TopClasses(logits, settings, top: 2);
            using var softmax = logits.softmax(1);
            float[] p = softmax.data<float>().ToArray();
            Assert.Equal(new[] { (1, "b"), (2, "c") }, rows[0].Select(s => (s.Index, s.Label)));
            Assert.Equal(p[1], rows[0][0].Probability, 6);
            Assert.Equal(new[] { (1, "b"), (0, "a") }, rows[1].Select(s => (s.Index, s.Label)));
            // A head wider than the names: the unnamed output is shown by its index.
            var all = Prediction.TopClasses(logits, settings, top: 9);
            Assert.Equal(4, all[0].Count);
            Assert.Equal("3", all[0].Single(s => s.Index == 3).Label);
            Assert.StartsWith("top needs at least one class", Assert.Throws<ArgumentOutOfRangeException>(() => Prediction.TopClasses(logits, settings, top: 0)).Message);
        }

        [Fact]
        public void OlderCheckpoints_FallBackToTheirDataKindsStatistics_OrImageNets()
        {
            var info = new CheckpointInfo("m", "1x28x28", 1, 10, 0, new List<EpochMetrics>())
            {
                Settings = new RunSettings("mnist:/data/mnist", 32, 0.1, "cosine", 1, "sgd"),
            };
            var mnist = InferenceSettings.From(info);
            Assert.True(mnist.Normalization.SameAs(Normalize.Mnist));
            Assert.Null(mnist.ClassNames);
            Assert.Contains("predates", mnist.Origin);
            Assert.True(InferenceSettings.From(info with { Settings = null }).Normalization.SameAs(Normalize.ImageNet));
        }

        [Fact]
        public void ARunOnYourOwnDataWithoutNormalization_KeepsItsClassNames_AndReadsPixelsUnchanged()
        {
            var info = new CheckpointInfo("m", "3x8x8", 1, 10, 0, new List<EpochMetrics>())
            {
                Settings = new RunSettings("mydata", 32, 0.1, "cosine", 1, "sgd") { ClassNames = new[] { "cat", "dog", "fox" } },
            };
            var settings = InferenceSettings.From(info);
            Assert.Equal(new[] { "cat", "dog", "fox" }, settings.ClassNames);
            Assert.True(settings.Normalization.SameAs(Normalize.Identity));
            Assert.StartsWith("pixels in [0, 1] unchanged: the run on mydata recorded no normalisation", settings.Origin);
        }

        [Fact]
        public void SettingsTravelAsSafetensorsMetadata_AndABadEntryNamesTheFile()
        {
            var settings = new InferenceSettings(Normalize.Cifar10, new[] { "cat", "dog" });
            var metadata = settings.ToMetadata().ToDictionary(e => e.Key, e => e.Value);
            var back = InferenceSettings.FromMetadata(metadata, "w.safetensors")!;
            Assert.True(back.Normalization.SameAs(Normalize.Cifar10));
            Assert.Equal(new[] { "cat", "dog" }, back.ClassNames);
            Assert.Null(InferenceSettings.FromMetadata(new Dictionary<string, string>(), "w.safetensors"));
            metadata[InferenceSettings.NormalizationKey] = "{\"Mean\":[0.5],\"Std\":[0]}";
            var error = Assert.Throws<InvalidDataException>(() => InferenceSettings.FromMetadata(metadata, "w.safetensors"));
            Assert.StartsWith("w.safetensors: metadata netdsl.normalize", error.Message);
        }

        [Fact]
        public void ClassifyAndSegment_RefuseTheOtherKindOfModel_NamingTheOneToUse()
        {
            using var classifier = new TinyCnn();
            using var segmenter = new TinySegNet(3, 32);
            Assert.Contains("use Classify", Assert.Throws<ArgumentException>(() => classifier.Segment(new[] { "x.png" })).Message);
            Assert.Contains("use Segment", Assert.Throws<ArgumentException>(() => segmenter.Classify(new[] { "x.png" })).Message);
        }

        [Fact]
        public void Segment_AtTheModelsSize_GivesEveryOutputPixelsMostProbableClass()
        {
            using var dir = new TempFolder();
            random.manual_seed(5);
            using var segmenter = new TinySegNet(3, 32);
            string[] files = Images(dir, (40, 30), (32, 32));
            var masks = segmenter.Segment(files, InferenceSettings.ImageNet, batchSize: 2, atImageSize: false);
            using var logits = segmenter.Predict(files);   // the same batch of two: the same kernels, the same scores
            using var expected = logits.argmax(1).to_type(ScalarType.Byte);
            Assert.Equal(2, masks.Count);
            Assert.Equal((32, 32), (masks[0].Height, masks[0].Width));
            Assert.Equal(expected[0].data<byte>().ToArray(), masks[0].Classes);
            Assert.Equal(expected[1].data<byte>().ToArray(), masks[1].Classes);
            Assert.Equal(1.0, masks[0].Fractions().Sum(f => f.Fraction), 9);
        }

        /// <summary>
        /// By default a mask lies over its image: a 40x30 image's mask is 30 rows of 40, the most probable class of the model's scores
        /// resized back bilinearly (torchvision's reference); an image of the model's own size keeps the scores as they are.
        /// </summary>
        [Fact]
        public void Segment_GivesMasksAtEachImagesOwnSize()
        {
            using var dir = new TempFolder();
            random.manual_seed(5);
            using var segmenter = new TinySegNet(3, 32);
            string[] files = Images(dir, (40, 30), (32, 32), (17, 64));
            var masks = segmenter.Segment(files, InferenceSettings.ImageNet, batchSize: 2);
            using var scope = NewDisposeScope();
            // Batched as Segment batches them (two, then one): the same kernels, the same scores.
            var logits = cat(new[] { segmenter.Predict(files.Take(2)), segmenter.Predict(files.Skip(2)) }, 0);
            Assert.Equal(new[] { (30, 40), (32, 32), (64, 17) }, masks.Select(m => (m.Height, m.Width)));
            Assert.Equal(ResizedClasses(logits[0], 30, 40), masks[0].Classes);
            Assert.Equal(logits[1].argmax(0).to_type(ScalarType.Byte).data<byte>().ToArray(), masks[1].Classes);
            Assert.Equal(ResizedClasses(logits[2], 64, 17), masks[2].Classes);
        }

        /// <summary>
        /// A valid-convolution segmenter answers for the centre of its input only: at image size its scores cover the matching
        /// centre of the image (resized by the image's scale) and the border is void (255), never a guessed class.
        /// </summary>
        [Fact]
        public void Segment_OfACroppingModel_LeavesTheBorderItCannotSeeVoid()
        {
            using var dir = new TempFolder();
            random.manual_seed(6);
            using var segmenter = new ValidSegNet(size: 32);   // 28x28 out of 32x32: 2 pixels a side
            string[] files = Images(dir, (32, 32), (64, 64));
            var masks = segmenter.Segment(files, InferenceSettings.ImageNet);
            using var scope = NewDisposeScope();
            var logits = segmenter.Predict(files);

            byte[] Window(byte[] mask, int size, int offset, int cover) =>
                Enumerable.Range(offset, cover).SelectMany(y => mask.Skip(y * size + offset).Take(cover)).ToArray();
            int Border(byte[] mask, int size, int offset, int cover) =>
                mask.Where((_, i) => i / size < offset || i / size >= offset + cover || i % size < offset || i % size >= offset + cover).Count(c => c != ImageSegmentation.Void);

            Assert.Equal((32, 32), (masks[0].Height, masks[0].Width));
            Assert.Equal(logits[0].argmax(0).to_type(ScalarType.Byte).data<byte>().ToArray(), Window(masks[0].Classes, 32, 2, 28));
            Assert.Equal(0, Border(masks[0].Classes, 32, 2, 28));
            Assert.Equal((64, 64), (masks[1].Height, masks[1].Width));
            Assert.Equal(ResizedClasses(logits[1], 56, 56), Window(masks[1].Classes, 64, 4, 56));
            Assert.Equal(0, Border(masks[1].Classes, 64, 4, 56));
        }

        /// <summary>PNGs of the given width × height in <paramref name="dir"/> (a.png, b.png, …), each of its own pattern.</summary>
        static string[] Images(TempFolder dir, params (int Width, int Height)[] sizes) =>
            sizes.Select((s, i) =>
            {
                string path = dir.File((char)('a' + i) + ".png");
                DataTestFiles.WriteImage(path, s.Width, s.Height, seed: i + 1);
                return path;
            }).ToArray();

        /// <summary>The most probable class of one image's scores ([C, h, w]) resized bilinearly to <paramref name="height"/>×<paramref name="width"/>.</summary>
        static byte[] ResizedClasses(Tensor scores, int height, int width) =>
            nn.functional.interpolate(scores.unsqueeze(0), new long[] { height, width }, mode: InterpolationMode.Bilinear, align_corners: false)
                .argmax(1).to_type(ScalarType.Byte).contiguous().data<byte>().ToArray();
    }
}
