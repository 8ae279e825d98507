using System;
using System.IO;
using System.Linq;
using NetDsl.Cli;
using NetDsl.Weights;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace NetDsl.Zoo.Tests
{
    /// <summary>
    /// <c>export MODEL --format onnx</c> through the CLI host: the file ONNX Runtime runs gives <c>infer</c>'s output on
    /// the same input and weights (issue 13's check, at each model's declared input), and refusals name the layer.
    /// </summary>
    [Collection(ZooCollection.Name)]
    public sealed class CliOnnxExportTests : IDisposable
    {
        readonly string dir = Path.Combine(Path.GetTempPath(), "netdsl-cli-onnx-" + Guid.NewGuid().ToString("N"));
        readonly ITestOutputHelper log;
        public CliOnnxExportTests(ITestOutputHelper log) { this.log = log; Directory.CreateDirectory(dir); }
        public void Dispose() => Directory.Delete(dir, true);

        /// <summary>The CLI host over the zoo: exit code, stdout and stderr.</summary>
        internal static (int Code, string Output, string Error) Run(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            int code = CliHost.Run(args, Zoo.All, new CliConsole(output, error, interactive: false));
            return (code, output.ToString(), error.ToString());
        }

        [Theory]
        [InlineData("resnet18", 1, "--dynamic-batch")]
        [InlineData("unet_padded", 2, "--dynamic-batch")]
        [InlineData("lenet5", 1, "--opset=15")]
        public void ExportedOnnx_RunsInOnnxRuntime_ToInfersOutput(string model, int batch, string option)
        {
            string weights = Path.Combine(dir, "w.safetensors"), onnx = Path.Combine(dir, model + ".onnx");
            string input = Path.Combine(dir, "x.safetensors"), output = Path.Combine(dir, "y.safetensors");
            Assert.Equal(0, Run("export", model, "--format", "safetensors", "--out", weights, "--seed", "4").Code);
            var export = Run("export", model, "--format", "onnx", "--out", onnx, "--weights", weights, option);
            Assert.True(export.Code == 0, export.Error);
            Assert.Contains($"exported {model}", export.Output);
            log.WriteLine(export.Output.Trim());

            using var scope = NewDisposeScope();
            var shape = Zoo.Row(model).Input;
            var x = randn(Zoo.Batch(batch, shape), generator: new Generator(seed: 8));
            SafeTensors.Write(input, new[] { ("input", x) });
            var infer = Run("infer", model, "--weights", weights, "--input", input, "--output", output);
            Assert.True(infer.Code == 0, infer.Error);
            using var result = SafeTensors.Read(output);
            var expected = result["output"];

            var actual = OnnxTestModels.Run(File.ReadAllBytes(onnx), x);
            Assert.Equal(expected.shape, actual.Dimensions.ToArray().Select(d => (long)d).ToArray());
            double worst = expected.data<float>().ToArray().Zip(actual.ToArray(), (r, a) => (double)Math.Abs(r - a)).Max();
            double bound = 1e-4 * Math.Max(1, expected.abs().max().item<float>());
            log.WriteLine($"{model}: ONNX Runtime vs infer, worst |diff| {worst:E2}, bound {bound:E2}");
            Assert.True(worst <= bound, $"{model}: worst |diff| {worst:E2} > {bound:E2}");
        }

        [Fact]
        public void AnOpsetTooLowForALayer_FailsNamingIt_AndOnnxOptionsNeedTheOnnxFormat()
        {
            var r = Run("export", "deform_resnet50", "--format", "onnx", "--out", Path.Combine(dir, "d.onnx"), "--opset", "17");
            Assert.Equal(ExitCodes.Failure, r.Code);
            Assert.Contains("layer3.0.conv2: DeformConv needs ONNX opset 19", r.Error);
            Assert.False(File.Exists(Path.Combine(dir, "d.onnx")));

            var u = Run("export", "lenet5", "--format", "safetensors", "--out", Path.Combine(dir, "l.safetensors"), "--opset", "17");
            Assert.Equal(ExitCodes.Usage, u.Code);
            Assert.Contains("--opset, --dynamic-batch and --external-data are options of --format onnx", u.Error);
            Assert.Equal(ExitCodes.Usage, Run("export", "lenet5", "--format", "onnx", "--out", Path.Combine(dir, "l.onnx"), "--opset", "9").Code);
        }
    }
}
