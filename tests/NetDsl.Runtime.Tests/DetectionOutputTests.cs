using System.Linq;
using NetDsl.Runtime.Training;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>What a YOLO detector's answers and metrics say: clipped fractional corners, per-class AP keyed by class name.</summary>
    public sealed class DetectionOutputTests
    {
        /// <summary>
        /// A head whose every box spans the whole image (w = h = sigmoid(10)) centred in its cell reaches past the edges:
        /// the fractional corners end at 0 and 1 as the pixel ones end at the image's edges (before: 1.025 beside a clipped pixel corner).
        /// </summary>
        [Fact]
        public void DetectedCorners_AreClippedToTheImage_AsFractionsToo()
        {
            using var dir = new TempFolder();
            string image = dir.File("a.png");
            DataTestFiles.WriteImage(image, 40, 30, seed: 2);
            using var network = new TinyDetector();
            using var held = new ScalarScope();
            using (no_grad())
                foreach (var (name, parameter) in network.named_parameters())
                    if (name == "head.weight") parameter.zero_();
                    else if (name == "head.bias") parameter.fill_(held[10f]);
            var result = network.Detect(new[] { image }, minScore: 0.1)[0];
            Assert.NotEmpty(result.Objects);
            foreach (var found in result.Objects)
            {
                Assert.True(found.X0 >= 0 && found.Y0 >= 0 && found.X1 <= 1 && found.Y1 <= 1, $"{found}");
                var (x0, y0, x1, y1) = result.PixelBox(found);
                Assert.Equal((found.X0 * 40, found.Y0 * 30, found.X1 * 40, found.Y1 * 30), (x0, y0, x1, y1));
            }
            Assert.Contains(result.Objects, o => o.X0 == 0 || o.X1 == 1);
        }

        /// <summary>Per-class AP details are keyed by class name (ap.circle), as segmentation's IoU are (iou.circle); without names by index.</summary>
        [Fact]
        public void PerClassAp_IsKeyedByClassName()
        {
            using var scope = NewDisposeScope();
            var targets = zeros(1, 5 + 3, 2, 2);
            targets[0, 0, 1, 1] = tensor(1f);                         // an object in cell (1, 1)
            targets[0, 1, 1, 1] = tensor(0.5f); targets[0, 2, 1, 1] = tensor(0.5f);
            targets[0, 3, 1, 1] = tensor(0.3f); targets[0, 4, 1, 1] = tensor(0.3f);
            targets[0, 5 + 1, 1, 1] = tensor(1f);                     // of class 1
            var output = zeros(1, 2 * 5 + 3, 2, 2);
            var options = new TrainerOptions { Task = ModelTask.Detection, BoxesPerCell = 2 };
            var named = options.CreateTask(new[] { "circle", "square", "star" }).NewAccumulator(training: false);
            named.Add(output, zeros(1, 3, 8, 8), targets);
            _ = named.Value;
            Assert.Equal(new[] { "ap.square" }, named.Details.Keys.ToArray());
            var unnamed = options.CreateTask().NewAccumulator(training: false);
            unnamed.Add(output, zeros(1, 3, 8, 8), targets);
            _ = unnamed.Value;
            Assert.Equal(new[] { "ap.1" }, unnamed.Details.Keys.ToArray());
        }
    }
}
