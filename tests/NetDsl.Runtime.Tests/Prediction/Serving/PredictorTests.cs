using System;
using System.IO;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Augmentations;
using NetDsl.Runtime.Training;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// <see cref="Predictor"/>: loaded from a run folder in one call with the run's own normalisation and class names, it answers
    /// image files, bytes and streams as <c>Classify</c> answers the files.
    /// </summary>
    public class PredictorTests(ServedModel served) : IClassFixture<ServedModel>
    {
        [Fact]
        public void Load_FromARunFolder_TakesTheCheckpointsNormalisationAndClassNames_NotImageNets()
        {
            using var predictor = served.Load();
            Assert.True(predictor.Settings.Normalization.SameAs(Normalize.Shapes));
            Assert.False(predictor.Settings.Normalization.SameAs(Normalize.ImageNet));
            Assert.Equal(ShapeKinds.Names, predictor.Settings.ClassNames);
            Assert.Contains("best.bin", predictor.Name);
            Assert.False(predictor.Network.training);
        }

        /// <summary>The predictor folds BatchNorm (ForInference), Classify does not: the same answers up to float rounding.</summary>
        [Fact]
        public void Classify_AgreesWithPredictionClassify_OnTheSamePngs()
        {
            using var predictor = served.Load(new PredictorOptions { Top = 6 });
            using var network = (TinyCnn)ServedModel.Create(new CheckpointModel("tinycnn", new(3, 32, 32), null, ModelArguments.None, ""));
            string best = Path.Combine(served.Run, Checkpoint.BestFileName);
            Checkpoint.Load(best, network, null);
            var expected = network.Classify(served.Files, InferenceSettings.FromCheckpoint(best), top: 6);

            var answers = predictor.ClassifyMany(served.Files);
            Assert.Equal(served.Files.Count, answers.Count);
            for (int i = 0; i < answers.Count; i++)
            {
                Assert.True(answers[i].Succeeded);
                Assert.Equal(expected[i].Image, answers[i].Input);
                Assert.Equal(expected[i].Best.Index, answers[i].Best.Index);
                Assert.Equal(expected[i].Best.Label, answers[i].Best.Label);
                foreach (var score in answers[i].Top)
                    Assert.Equal(expected[i].Top.Single(s => s.Index == score.Index).Probability, score.Probability, 1e-4f);
            }
        }

        [Fact]
        public void BytesStreamsAndFiles_AreAnsweredIdentically()
        {
            using var predictor = served.Load();
            foreach (string file in served.Files.Take(8))
            {
                var byPath = predictor.Classify(file);
                byte[] bytes = File.ReadAllBytes(file);
                var byBytes = predictor.Classify(bytes, "upload.png");
                using var stream = new MemoryStream(bytes);
                var byStream = predictor.Classify(stream, "stream.png");
                var bySlice = predictor.Classify(new ReadOnlyMemory<byte>(new byte[3].Concat(bytes).ToArray(), 3, bytes.Length));
                Assert.Equal("upload.png", byBytes.Image);
                Assert.Equal(byPath.Top, byBytes.Top);
                Assert.Equal(byPath.Top, byStream.Top);
                Assert.Equal(byPath.Top, bySlice.Top);
            }
        }

        [Fact]
        public void Tensors_AreAnsweredAsThePreparedFiles()
        {
            using var predictor = served.Load();
            var settings = predictor.Settings;
            using var images = NetDsl.Runtime.Data.ImagePreprocessing.Load(served.Files.Take(4), predictor.Network.InputShape, settings.Normalization);
            var rows = predictor.Classify(images);
            for (int i = 0; i < 4; i++)
            {
                var single = predictor.Classify(served.Files[i]).Top;   // a batch of one: the same up to float rounding
                Assert.Equal(single.Select(s => s.Index), rows[i].Select(s => s.Index));
                Assert.All(single.Zip(rows[i]), p => Assert.Equal(p.First.Probability, p.Second.Probability, 1e-5f));
            }
            using var one = predictor.Predict(images[0]);
            Assert.Equal(new long[] { 1, 6 }, one.shape);
        }

        [Fact]
        public void AfterDispose_ACallIsRefused_NamingThePredictor()
        {
            var predictor = served.Load();
            predictor.Dispose();
            predictor.Dispose();
            var e = Assert.Throws<ObjectDisposedException>(() => predictor.Classify(served.Files[0]));
            Assert.Contains("tinycnn from", e.Message);
            Assert.Contains("disposed", e.Message);
        }

        [Fact]
        public void Load_NamesWhatIsMissing()
        {
            var missing = Assert.Throws<FileNotFoundException>(() => Predictor.Load(served.File("nowhere"), ServedModel.Create));
            Assert.Contains("no such checkpoint file or run folder", missing.Message);
            Directory.CreateDirectory(served.File("empty"));
            Assert.Contains("neither best.bin nor checkpoint.bin", Assert.Throws<FileNotFoundException>(() => Predictor.Load(served.File("empty"), ServedModel.Create)).Message);
            var unknown = Assert.Throws<ArgumentException>(() => Predictor.Load(served.Run, TestModels.Catalogue.Where(m => m.Name != "tinycnn")));
            Assert.Contains("was trained as tinycnn", unknown.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => served.Load(new PredictorOptions { MaxPixels = (1L << 28) + 1 }));
        }

        /// <summary>A run folder the CLI wrote (tinycnn on a two-class image folder at 3x8x8: a head sized to the data) loads by its catalogue.</summary>
        [Fact]
        public void Load_ACliTrainingRun_RebuildsItsHeadAndInput_FromTheCatalogue()
        {
            using var dir = new TempFolder();
            foreach (var (name, count) in new[] { ("a", 4), ("b", 4) })
                for (int i = 0; i < count; i++)
                    foreach (string split in new[] { "train", "test" })
                        DataTestFiles.WriteImage(dir.File($"data/{split}/{name}/{i}.png"), 8, 8, seed: i + (name == "b" ? 50 : 0));
            var (code, _, error) = CliCapture.Run("train", "tinycnn", "--data", "folder:" + dir.File("data"), "--input", "3x8x8", "--epochs", "1", "--batch", "4", "--out", dir.File("run"));
            Assert.True(code == 0, error);

            using var predictor = Predictor.Load(dir.File("run"), TestModels.Catalogue, new PredictorOptions { Top = 2 });
            Assert.Equal(new NetDsl.Shapes.TensorShape(3, 8, 8), predictor.Network.InputShape);
            Assert.Equal(new[] { "a", "b" }, predictor.Settings.ClassNames);
            string best = dir.File("run/best.bin");
            using var network = TestModels.Catalogue.Single(m => m.Name == "tinycnn").CreateWithClasses(2, new NetDsl.Shapes.TensorShape(3, 8, 8));
            Checkpoint.Load(best, network, null);
            var files = ImageInputs.Files(new[] { dir.File("data/test") }).ToList();
            var expected = network.Classify(files, InferenceSettings.FromCheckpoint(best), top: 2);
            var answers = predictor.ClassifyMany(files);
            Assert.Equal(expected.Select(a => a.Best.Label), answers.Select(a => a.Best.Label));
            Assert.All(expected.Zip(answers), p => Assert.Equal(p.First.Best.Probability, p.Second.Best.Probability, 1e-4f));
        }

        /// <summary>
        /// A run trained from C# records no head size (the Trainer sees a built network, not its arguments): a model built with
        /// 3 classes, declared with 6, loads by its catalogue with its head sized to the run's 3 class names (it failed with a
        /// strict-load mismatch before).
        /// </summary>
        [Fact]
        public void Load_ACSharpTrainingRun_SizesTheHeadToTheRunsClassNames()
        {
            using var dir = new TempFolder();
            var input = new NetDsl.Shapes.TensorShape(3, 8, 8);
            var entry = TestModels.Catalogue.Single(m => m.Name == "tinycnn");
            Reproducibility.Seed(5);
            using (var network = entry.CreateWithClasses(3, input))
            {
                LabeledImages Images(int n) =>
                    new(randn(n, 3, 8, 8), tensor(Enumerable.Range(0, n).Select(i => (long)(i % 3)).ToArray()), input, new[] { "x", "y", "z" });
                using var data = new DataSplits("three", Images(24), Images(6));
                network.Fit(data, new TrainerOptions { Epochs = 1, BatchSize = 8, OutDir = dir.File("run"), Device = CPU });
            }
            Assert.Null(Checkpoint.ReadInfo(dir.File("run/best.bin")).Settings?.Classes);

            using var predictor = Predictor.Load(dir.File("run"), TestModels.Catalogue);
            Assert.Equal(3, predictor.Network.OutputShape.C);
            Assert.Equal(new[] { "x", "y", "z" }, predictor.Settings.ClassNames);
            using var answer = predictor.Predict(zeros(2, 3, 8, 8));
            Assert.Equal(new long[] { 2, 3 }, answer.shape);
        }
    }
}
