using System.Collections.Generic;
using NetDsl.Onnx;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>A segmenter of any size: its ONNX input keeps height and width symbolic.</summary>
    [Network(Input = "3xHxW", Default = "3x16x16", Task = ModelTask.Segmentation)]
    public partial class AnySizeSegmenter(int classes = 3)
    {
        [Conv(4, 3, Padding = 1), ReLU]     Layer body;
        [Conv(nameof(classes), 1)]          Layer head;
    }

    /// <summary><c>OnnxExport.Save</c> says the input the file declares, which the CLI prints (it printed the built size for symbolic axes).</summary>
    public class OnnxDeclaredInputTests
    {
        [Fact]
        public void Save_ReportsTheSymbolicAxesItWrote_AndFixedOnesAsNumbers()
        {
            using var dir = new TempFolder();
            using var symbolic = new AnySizeSegmenter();
            OnnxExport.Save(symbolic, dir.File("s.onnx"), new OnnxExportOptions { DynamicBatch = true }, out _, out IReadOnlyList<string> input);
            Assert.Equal(new[] { "batch", "3", "height", "width" }, input);

            using var fixedSize = new TinyCnn();
            OnnxExport.Save(fixedSize, dir.File("f.onnx"), null, out _, out input);
            Assert.Equal(new[] { "1", "3", "32", "32" }, input);
            var (code, output, error) = CliCapture.Run("export", "tinycnn", "--format", "onnx", "--dynamic-batch", "--out", dir.File("cli.onnx"));
            Assert.True(code == 0, error);
            Assert.Contains("input [batch, 3, 32, 32]", output);
        }
    }
}

namespace NetDsl.Runtime.Tests
{
    /// <summary><c>Predictor.Load</c> opens exported safetensors weights as <c>predict --weights</c> does (it refused them as "not a checkpoint").</summary>
    public class PredictorLoadsWeightsTests
    {
        [Fact]
        public void PredictorLoad_ReadsExportedSafetensors_WithTheirModelAndSettings()
        {
            using var dir = new TempFolder();
            string weights = dir.File("w.safetensors");
            var (code, _, error) = CliCapture.Run("export", "tinycnn", "--format", "safetensors", "--input", "3x40x40", "--out", weights);
            Assert.True(code == 0, error);
            using (var net = new TinyCnn(size: 40))
            {
                NetDsl.Weights.WeightLoader.Load(net, weights);
                NetDsl.Weights.WeightLoader.SaveExport(net, dir.File("named.safetensors"),
                    new InferenceSettings(NetDsl.Runtime.Data.Augmentations.Normalize.Shapes, new[] { "a", "b", "c", "d", "e", "f" }).ToMetadata());
            }
            using var predictor = Predictor.Load(dir.File("named.safetensors"), model => new TinyCnn(size: model.Input.H));
            string image = dir.File("a.png");
            DataTestFiles.WriteImage(image, 32, 32, seed: 1);
            var answer = predictor.Classify(image);
            Assert.Contains(answer.Best.Label, new[] { "a", "b", "c", "d", "e", "f" });
        }
    }
}
