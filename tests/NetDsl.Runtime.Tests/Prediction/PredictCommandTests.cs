using System.IO;
using System.Linq;
using System.Text.Json;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Export;
using NetDsl.Shapes;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary><c>predict</c>: a trained model's answers for image files and folders, named and prepared as its run recorded.</summary>
    public class PredictCommandTests
    {
        static (int Code, string Output, string Error) Run(params string[] args) => CliCapture.Run(args);

        /// <summary>A TinyCnn run on 300 shapes images in <paramref name="dir"/>/run and 12 test PNGs of the same set under pngs/test.</summary>
        static void TrainAndWriteImages(TempFolder dir)
        {
            var (code, _, error) = Run("train", "tinycnn", "--data", "shapes", "--epochs", "1", "--train-images", "300", "--batch", "32", "--out", dir.File("run"));
            Assert.True(code == 0, error);
            ShapesFolder.Write(dir.File("pngs"), new TensorShape(3, 32, 32), trainCount: 6, testCount: 12, seed: 0, masks: false);
        }

        [Fact]
        public void Predict_NamesTheTopClassesOfEveryImageUnderAFolder_AndWritesTheCsv()
        {
            using var dir = new TempFolder();
            TrainAndWriteImages(dir);
            var (code, output, error) = Run("predict", "tinycnn", "--checkpoint", dir.File("run/best.bin"), dir.File("pngs/test"), "--top", "2", "--out", dir.File("p.csv"));
            Assert.True(code == 0, error);
            var lines = output.Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("normalize (mean 0.5, std 0.25) (recorded in " + dir.File("run/best.bin") + "); class names: 6", lines[1]);
            var answers = lines.Where(l => l.Contains(".png: ")).ToList();
            Assert.Equal(12, answers.Count);
            Assert.All(answers, l => Assert.Equal(2, l.Split(": ")[1].Split(", ").Count(part => ShapeKinds.Names.Contains(part.Split(' ')[0]))));
            var csv = File.ReadAllLines(dir.File("p.csv"));
            Assert.Equal("image,rank,index,label,probability", csv[0]);
            Assert.Equal(24, csv.Length - 1);
        }

        [Fact]
        public void Predict_Json_IsOneArray_AndExportedWeightsCarryTheRunsSettings()
        {
            using var dir = new TempFolder();
            TrainAndWriteImages(dir);
            var (exported, _, exportError) = Run("export", "tinycnn", "--format", "safetensors", "--checkpoint", dir.File("run/best.bin"), "--out", dir.File("w.safetensors"));
            Assert.True(exported == 0, exportError);
            string image = dir.File("pngs/test/circle/00000.png");
            var (code, output, error) = Run("predict", "tinycnn", "--weights", dir.File("w.safetensors"), image, "--json", "--top", "3");
            Assert.True(code == 0, error);
            using var json = JsonDocument.Parse(output);
            var only = json.RootElement.EnumerateArray().Single();
            Assert.Equal(image, only.GetProperty("image").GetString());
            Assert.Equal(3, only.GetProperty("top").GetArrayLength());
            Assert.Contains(only.GetProperty("top")[0].GetProperty("label").GetString(), ShapeKinds.Names);
            var (_, fromCheckpoint, _) = Run("predict", "tinycnn", "--checkpoint", dir.File("run/best.bin"), image, "--json", "--top", "3");
            Assert.Equal(output, fromCheckpoint);
        }

        [Fact]
        public void Predict_OfASegmenter_WritesOneClassMaskPerImage_AndNeverOverwritesOne()
        {
            using var dir = new TempFolder();
            Assert.Equal(0, Run("export", "tinyseg", "--format", "safetensors", "--out", dir.File("seg.safetensors")).Code);
            Directory.CreateDirectory(dir.File("in/sub"));
            DataTestFiles.WriteImage(dir.File("in/a.png"), 40, 30, seed: 1);
            DataTestFiles.WriteImage(dir.File("in/sub/b.jpg"), 32, 32, seed: 2);
            var (code, output, error) = Run("predict", "tinyseg", "--weights", dir.File("seg.safetensors"), dir.File("in"), "--out", dir.File("masks"), "--data", "shapes");
            Assert.True(code == 0, error);
            Assert.Contains("the shapes data's statistics (--data)", output);
            foreach (var (mask, size) in new[] { ("masks/a.png", (40, 30)), ("masks/sub/b.png", (32, 32)) })
            {
                var decoded = NetDsl.Runtime.Data.ImageFiles.Decode(dir.File(mask), 1);
                Assert.Equal(size, (decoded.Width, decoded.Height));   // each image's own size
                Assert.All(decoded.Data, v => Assert.InRange(v, 0, 6));
            }
            Assert.Equal(0, Run("predict", "tinyseg", "--weights", dir.File("seg.safetensors"), dir.File("in/a.png"), "--out", dir.File("model"), "--mask-size", "model").Code);
            var atModelSize = NetDsl.Runtime.Data.ImageFiles.Decode(dir.File("model/a.png"), 1);
            Assert.Equal((32, 32), (atModelSize.Width, atModelSize.Height));
            byte[] before = File.ReadAllBytes(dir.File("masks/a.png"));
            var (again, _, refused) = Run("predict", "tinyseg", "--weights", dir.File("seg.safetensors"), dir.File("in"), "--out", dir.File("masks"));
            Assert.Equal(1, again);
            Assert.Contains(dir.File("masks/a.png") + ": already exists", refused);
            Assert.Equal(before, File.ReadAllBytes(dir.File("masks/a.png")));
        }

        /// <summary>A valid-convolution segmenter's mask at image size: its view of the centre, the unseen border void (255) and named so.</summary>
        [Fact]
        public void Predict_OfACroppingSegmenter_MarksTheBorderItDoesNotSeeVoid()
        {
            using var dir = new TempFolder();
            Assert.Equal(0, Run("export", "validseg", "--format", "safetensors", "--out", dir.File("seg.safetensors")).Code);
            DataTestFiles.WriteImage(dir.File("a.png"), 64, 64, seed: 1);
            var (code, output, error) = Run("predict", "validseg", "--weights", dir.File("seg.safetensors"), dir.File("a.png"), "--out", dir.File("masks"));
            Assert.True(code == 0, error);
            var mask = NetDsl.Runtime.Data.ImageFiles.Decode(dir.File("masks/a.png"), 1);
            Assert.Equal((64, 64), (mask.Width, mask.Height));
            Assert.Equal(64 * 64 - 56 * 56, mask.Data.Count(v => v == ImageSegmentation.Void));   // 28 of 32 pixels a side, scaled by 2
            Assert.Contains("void 0.234", output);                                                 // 960 of 4,096 pixels
        }

        [Theory]
        [InlineData(2, "tinyae", "'infer' writes its raw output")]
        [InlineData(2, "tinyseg", "needs --out DIR for its masks")]
        public void Predict_RefusesWhatItCannotAnswer(int exit, string model, string message)
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteImage(dir.File("a.png"), 32, 32, seed: 1);
            var (code, _, error) = Run("predict", model, "--weights", dir.File("none.safetensors"), dir.File("a.png"));
            Assert.Equal(exit, code);
            Assert.Contains(message, error);
        }

        [Fact]
        public void Predict_NamesAMissingImage_AndALabelsFileThatDoesNotFitTheHead()
        {
            using var dir = new TempFolder();
            Assert.Equal(0, Run("export", "tinycnn", "--format", "safetensors", "--out", dir.File("w.safetensors")).Code);
            var (code, _, error) = Run("predict", "tinycnn", "--weights", dir.File("w.safetensors"), dir.File("gone.png"));
            Assert.Equal((1, $"error: {dir.File("gone.png")}: no such image file or folder"), (code, error.Trim()));
            DataTestFiles.WriteImage(dir.File("a.png"), 32, 32, seed: 1);
            File.WriteAllLines(dir.File("labels.txt"), new[] { "cat", "dog", "" });
            (code, _, error) = Run("predict", "tinycnn", "--weights", dir.File("w.safetensors"), dir.File("a.png"), "--labels", dir.File("labels.txt"));
            Assert.Equal(1, code);
            Assert.Contains("labels.txt: 2 class names, but tinycnn with weights from", error);
            Assert.Contains("has 6 outputs", error);
        }
    }
}
