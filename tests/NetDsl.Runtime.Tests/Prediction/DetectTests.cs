using System.IO;
using System.Linq;
using System.Text.Json;
using NetDsl.Runtime.Data.Augmentations;
using NetDsl.Weights;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary><c>Detect</c> and <c>predict</c> of a detector: a YOLO grid decoded into named, scored boxes.</summary>
    public class DetectTests
    {
        static readonly string[] Names = { "circle", "square", "triangle", "cross", "bar", "ring" };

        /// <summary>
        /// A TinyDetector (4x4 grid, 2 boxes, 6 classes) whose head ignores its input: every cell's first box is centred in the
        /// cell, 0.269 of the image wide and high (sigmoid(−1)), confidence sigmoid(3); the second box has confidence sigmoid(−5);
        /// class 2 has logit 5, the rest 0.
        /// </summary>
        static TinyDetector ConstantHead()
        {
            random.manual_seed(1);
            var detector = new TinyDetector();
            using var _ = no_grad();
            var head = detector.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            head["head.weight"].zero_();
            var bias = new float[16];
            bias[0] = 0; bias[1] = 0; bias[2] = -1; bias[3] = -1; bias[4] = 3;      // box 0: x, y, w, h, confidence
            bias[9] = -5;                                                           // box 1's confidence
            bias[10 + 2] = 5;                                                       // class 2
            head["head.bias"].copy_(tensor(bias));
            return detector;
        }

        static float Sigmoid(double x) => (float)(1 / (1 + System.Math.Exp(-x)));

        [Fact]
        public void Detect_DecodesEveryCellsBoxIntoImageFractions_NamedAndScored()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteImage(dir.File("a.png"), 40, 30, seed: 1);
            using var detector = ConstantHead();
            var settings = new InferenceSettings(Normalize.Shapes, Names);
            var found = detector.Detect(new[] { dir.File("a.png") }, settings).Single();

            float p2 = (float)(System.Math.Exp(5) / (System.Math.Exp(5) + 5)), score = Sigmoid(3) * p2, half = Sigmoid(-1) / 2;
            Assert.Equal(16, found.Objects.Count);                       // one per cell: neighbours overlap by far less than IoU 0.5
            Assert.All(found.Objects, o => Assert.Equal((2, "triangle"), (o.Index, o.Label)));
            Assert.All(found.Objects, o => Assert.Equal(score, o.Score, 5));
            var corner = found.Objects.Single(o => o.X0 == 0 && o.Y0 == 0);   // cell (0, 0): centre at 0.125, its box past the top-left edge
            Assert.True(0.125f - half < 0);                                      // decoded past the edge, clipped to 0 as the pixel corner is
            Assert.Equal(0.125f + half, corner.X1, 5);
            Assert.Equal(0.125f + half, corner.Y1, 5);
            Assert.Equal((40, 30), (found.Width, found.Height));           // the image's own size, not the model's 32x32
            var (px0, py0, px1, py1) = found.PixelBox(corner);
            Assert.Equal((0f, 0f), (px0, py0));                           // past the top-left edge: clipped
            Assert.Equal(40 * (0.125f + half), px1, 3);
            Assert.Equal(30 * (0.125f + half), py1, 3);
            Assert.Empty(detector.Detect(new[] { dir.File("a.png") }, settings, minScore: score + 0.01).Single().Objects);
        }

        [Fact]
        public void Predict_OfADetector_PrintsItsBoxes_AndJsonHoldsThem()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteImage(dir.File("a.png"), 32, 32, seed: 1);
            using (var detector = ConstantHead()) WeightLoader.Save(detector, dir.File("yolo.safetensors"));
            File.WriteAllLines(dir.File("names.txt"), Names);
            var (code, output, error) = CliCapture.Run("predict", "tinyyolo", "--weights", dir.File("yolo.safetensors"), dir.File("a.png"), "--labels", dir.File("names.txt"), "--min-score", "0.5");
            Assert.True(code == 0, error);
            string line = output.Split('\n').Single(l => l.StartsWith(dir.File("a.png") + ": "));
            Assert.Equal(16, line.Split("triangle 0.922 [").Length - 1);
            (code, output, error) = CliCapture.Run("predict", "tinyyolo", "--weights", dir.File("yolo.safetensors"), dir.File("a.png"), "--json", "--min-score", "0.99");
            Assert.True(code == 0, error);
            using var json = JsonDocument.Parse(output);
            Assert.Equal(0, json.RootElement[0].GetProperty("objects").GetArrayLength());
            Assert.Equal(32, json.RootElement[0].GetProperty("width").GetInt32());
            Assert.Equal(0, CliCapture.Run("predict", "tinyyolo", "--weights", dir.File("yolo.safetensors"), dir.File("a.png"), "--out", dir.File("boxes.csv")).code);
            string[] rows = File.ReadAllLines(dir.File("boxes.csv"));
            Assert.Equal("image,index,label,score,x0,y0,x1,y1,px0,py0,px1,py1", rows[0]);
            Assert.Equal(17, rows.Length);
            Assert.All(rows.Skip(1), r => Assert.All(r.Split(',').Skip(8).Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture)), v => Assert.InRange(v, 0f, 32f)));
            Assert.Equal(2, CliCapture.Run("predict", "tinyyolo", "--weights", dir.File("yolo.safetensors"), dir.File("a.png"), "--min-score", "1").code);
        }
    }
}
