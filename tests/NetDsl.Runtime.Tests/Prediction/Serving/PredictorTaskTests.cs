using System;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Augmentations;
using NetDsl.Runtime.Data.Export;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>A tiny segmenter declared for its task, as the zoo's U-Net and FCN are: 4 classes per pixel at the input's size.</summary>
    [Network(Input = "3x32x32", Task = ModelTask.Segmentation)]
    public partial class ServedSegmenter(int classes = 4)
    {
        [Conv(8, 3, Padding = 1), ReLU] Layer body;
        [Conv(nameof(classes), 1)]      Layer head;
    }

    /// <summary>A tiny YOLO grid declared for its task: 32x32 → 4x4 cells of 2 boxes and 6 classes (16 channels).</summary>
    [Network(Input = "3x32x32", Task = ModelTask.Detection)]
    public partial class ServedDetector
    {
        [Conv(8, 3, Stride = 2, Padding = 1), ReLU]  Layer down1;
        [Conv(8, 3, Stride = 2, Padding = 1), ReLU]  Layer down2;
        [Conv(8, 3, Stride = 2, Padding = 1), ReLU]  Layer down3;
        [Conv(16, 1)]                                Layer head;
    }

    /// <summary>A tiny region proposal head declared for its task: 4x4 cells of 3 anchors (6 objectness logits + 12 deltas).</summary>
    [Network(Input = "3x32x32", Task = ModelTask.RegionProposal)]
    public partial class ServedProposer
    {
        [Conv(8, 3, Stride = 2, Padding = 1), ReLU]  Layer down1;
        [Conv(8, 3, Stride = 2, Padding = 1), ReLU]  Layer down2;
        [Conv(8, 3, Stride = 2, Padding = 1), ReLU]  Layer down3;
        [Conv(18, 1)]                                Layer head;
    }

    /// <summary>
    /// <see cref="Predictor"/> serves segmenters and detectors with the answers <c>Prediction.Segment</c>/<c>Detect</c>/<c>Propose</c>
    /// (what <c>predict</c> runs) give for the same image, from files, bytes or streams, and refuses a method of another task by name.
    /// </summary>
    public class PredictorTaskTests
    {
        static readonly string[] ShapeNames = { "circle", "square", "triangle", "cross", "bar", "ring" };
        static readonly TensorShape Input = new(3, 32, 32);

        /// <summary>Three scenes of the shapes set written with their masks (32x32), and one 40x30 image of another size.</summary>
        static string[] Images(TempFolder dir)
        {
            ShapesFolder.Write(dir.File("shapes"), Input, trainCount: 2, testCount: 3, seed: 4, masks: true);
            DataTestFiles.WriteImage(dir.File("wide.png"), 40, 30, seed: 2);
            return ImageInputs.Files(new[] { dir.File("shapes/test/images") }).Append(dir.File("wide.png")).ToArray();
        }

        [Fact]
        public void Segment_GivesPredictionSegmentsMask_AtTheImagesOwnSizeByDefault()
        {
            using var dir = new TempFolder();
            string[] images = Images(dir);
            random.manual_seed(11);
            using var network = new ServedSegmenter();
            var settings = new InferenceSettings(Normalize.Shapes, ShapesDataset.SegmentationClasses);
            using var predictor = new Predictor(network, settings);
            Assert.Equal(ModelTask.Segmentation, predictor.Task);
            foreach (string image in images)
                foreach (bool atImageSize in new[] { true, false })
                {
                    var expected = network.Segment(new[] { image }, settings, atImageSize: atImageSize).Single();
                    var served = atImageSize ? predictor.Segment(image) : predictor.Segment(image, atImageSize: false);
                    Assert.Equal((expected.Image, expected.Height, expected.Width), (served.Image, served.Height, served.Width));
                    Assert.Equal(expected.Classes, served.Classes);
                }
            var wide = predictor.Segment(dir.File("wide.png"));
            Assert.Equal((30, 40), (wide.Height, wide.Width));                      // the image's own size, as predict writes masks
            Assert.Equal((32, 32), (predictor.Segment(dir.File("wide.png"), atImageSize: false).Height, 32));
            Assert.True(predictor.Segment(images[0]).Fractions().Count > 1, "an untrained net still splits a scene into classes");

            var many = predictor.SegmentMany(images.Append(dir.File("missing.png")));
            Assert.Equal(images.Length + 1, many.Count);
            Assert.All(many.Take(images.Length), r => Assert.True(r.Succeeded));
            Assert.Equal(network.Segment(images, settings).Select(s => s.Classes), many.Take(images.Length).Select(r => r.Answer.Classes));
            Assert.False(many[^1].Succeeded);                                      // a missing file fails only itself
            Assert.Contains("missing.png", Assert.Throws<InvalidOperationException>(() => many[^1].Answer).Message);
        }

        [Fact]
        public void Segment_OfBytesAndStreams_AnswersAsTheFileDoes()
        {
            using var dir = new TempFolder();
            string[] images = Images(dir);
            random.manual_seed(12);
            using var network = new ServedSegmenter();
            using var predictor = new Predictor(network, new InferenceSettings(Normalize.Shapes, ShapesDataset.SegmentationClasses));
            foreach (string image in images)
            {
                var file = predictor.Segment(image);
                byte[] bytes = File.ReadAllBytes(image);
                var fromBytes = predictor.Segment(bytes, "upload.png");
                using var stream = new MemoryStream(bytes);
                var fromStream = predictor.Segment(stream, "stream.png");
                Assert.Equal("upload.png", fromBytes.Image);
                Assert.Equal(file.Classes, fromBytes.Classes);
                Assert.Equal(file.Classes, fromStream.Classes);
                Assert.Equal((file.Height, file.Width), (fromBytes.Height, fromBytes.Width));
            }
        }

        static void AssertSameObjects(ImageDetection expected, ImageDetection served)
        {
            Assert.Equal((expected.Width, expected.Height), (served.Width, served.Height));
            Assert.Equal(expected.Objects, served.Objects);
        }

        [Fact]
        public void Detect_GivesPredictionDetectsObjects_FromFilesAndBytes()
        {
            using var dir = new TempFolder();
            string[] images = Images(dir);
            random.manual_seed(13);
            using var network = new ServedDetector();
            var settings = new InferenceSettings(Normalize.Shapes, ShapeNames);   // 6 names: (16 − 6) / 5 = 2 boxes per cell
            using var predictor = new Predictor(network, settings);
            int found = 0;
            foreach (string image in images)
            {
                var expected = network.Detect(new[] { image }, settings, minScore: 0.01).Single();
                var served = predictor.Detect(image, minScore: 0.01);
                AssertSameObjects(expected, served);
                AssertSameObjects(served, predictor.Detect(File.ReadAllBytes(image), "upload.png", minScore: 0.01) with { Image = image });
                AssertSameObjects(network.Detect(new[] { image }, settings).Single(), predictor.Detect(image));   // predict's default 0.25
                found += served.Objects.Count;
            }
            Assert.True(found > 0, "a score of 0.01 keeps some boxes of an untrained grid");
            var many = predictor.DetectMany(images, minScore: 0.01);
            Assert.Equal(network.Detect(images, settings, minScore: 0.01).SelectMany(d => d.Objects), many.SelectMany(r => r.Answer.Objects));
        }

        [Fact]
        public void Detect_OfARegionProposalNetwork_GivesPredictionProposesProposals()
        {
            using var dir = new TempFolder();
            string[] images = Images(dir);
            random.manual_seed(14);
            using var network = new ServedProposer();
            var settings = new InferenceSettings(Normalize.Shapes, null);
            using var predictor = new Predictor(network, settings);
            foreach (string image in images)
            {
                AssertSameObjects(network.Propose(new[] { image }, settings, minScore: 0.3).Single(), predictor.Detect(image, minScore: 0.3));
                AssertSameObjects(network.Propose(new[] { image }, settings).Single(), predictor.Detect(image));   // predict's default 0.5
            }
        }

        [Fact]
        public void AMethodOfAnotherTask_IsRefusedNamingTheModelItsTaskAndTheMethodToCall()
        {
            using var dir = new TempFolder();
            string image = Images(dir)[0];
            random.manual_seed(15);
            using var segmenter = new Predictor(new ServedSegmenter(), new InferenceSettings(Normalize.Shapes, ShapesDataset.SegmentationClasses));
            var classify = Assert.Throws<InvalidOperationException>(() => segmenter.Classify(image));
            Assert.Equal($"Predictor.Classify answers classification models; {segmenter.Name} is a segmentation model (output 4x32x32 per image): call Segment or SegmentMany", classify.Message);
            Assert.Throws<InvalidOperationException>(() => segmenter.ClassifyMany(new[] { image }));
            Assert.Contains("call Segment or SegmentMany", Assert.Throws<InvalidOperationException>(() => segmenter.Detect(image)).Message);

            using var detector = new Predictor(new ServedDetector(), new InferenceSettings(Normalize.Shapes, ShapeNames));
            Assert.Contains("is a detection model (output 16x4x4 per image): call Detect or DetectMany",
                Assert.Throws<InvalidOperationException>(() => detector.Segment(image)).Message);

            using var classifier = new Predictor(new ServedClassifier(), new InferenceSettings(Normalize.Shapes, ShapeNames));
            var segment = Assert.Throws<InvalidOperationException>(() => classifier.Segment(image));
            Assert.Equal($"Predictor.Segment answers segmentation models; {classifier.Name} is a classification model (output 6 per image): call Classify or ClassifyMany", segment.Message);
        }

        [Fact]
        public void Classify_OfAMapFromANetworkDeclaringNoTask_SaysItIsNotAClassifier()
        {
            using var dir = new TempFolder();
            string image = Images(dir)[0];
            random.manual_seed(16);
            using var network = new TinyDetector();
            var settings = new InferenceSettings(Normalize.Shapes, ShapeNames);
            using var predictor = new Predictor(network, settings);
            Assert.Null(predictor.Task);
            var e = Assert.Throws<InvalidOperationException>(() => predictor.Classify(image));
            Assert.Contains("gives 16x4x4 per image, a map, not classes: call Segment or Detect", e.Message);
            AssertSameObjects(network.Detect(new[] { image }, settings, minScore: 0.01).Single(), predictor.Detect(image, minScore: 0.01));   // its shape decides
        }
    }

    /// <summary>A tiny classifier declared for its task (the default): 6 classes.</summary>
    [Network(Input = "3x32x32")]
    public partial class ServedClassifier
    {
        [Conv(4, 3, Stride = 2, Padding = 1), ReLU]  Layer body;
        [Flatten, Linear(6)]                         Layer head;
    }
}
