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
    }
}
