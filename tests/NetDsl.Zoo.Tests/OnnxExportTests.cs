extern alias zoo;

using System;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NetDsl.Onnx;
using NetDsl.Shapes;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace NetDsl.Zoo.Tests
{
    /// <summary>
    /// Every zoo model exported to ONNX from its declared graph runs in ONNX Runtime (CPU) and gives the module's eval
    /// output within 1e-4 × max(1, max |ref|), at the table's small input with a batch of 2 on the symbolic batch axis
    /// (running statistics and deformable offsets perturbed so BatchNorm and the sampling offsets matter).
    /// </summary>
    [Collection(ZooCollection.Name)]
    public sealed class OnnxExportTests
    {
        static readonly OnnxExportOptions Dynamic = new OnnxExportOptions { DynamicBatch = true };

        /// <summary>
        /// Zoo models <see cref="OnnxExport.ToBytes"/> refuses, with the words its message must hold: regnet_y_128gf's 644M float32
        /// weights (2.6 GB) exceed the 2 GiB a protobuf holds inline, and external data needs a file (<c>Save</c> writes it;
        /// OnnxExternalDataTests checks that on resnet18: the 2.6 GB export is measured by hand, not in CI).
        /// </summary>
        static readonly System.Collections.Generic.Dictionary<string, string> Refused = new()
        {
            ["regnet_y_128gf"] = "over the 2 GiB an ONNX file holds inline",
        };

        readonly ITestOutputHelper output;
        readonly ZooFixture zoo;
        public OnnxExportTests(ITestOutputHelper output, ZooFixture zoo) { this.output = output; this.zoo = zoo; }

        /// <summary>
        /// The check runs on the zoo fixture's build at the small input (<see cref="ZooFixture"/>, shared with ShapeTests,
        /// GradientTests and DeclaredGraphTests), when the first of those tests asks for it: <see cref="CheckAtSmallInput"/>.
        /// </summary>
        [Theory]
        [MemberData(nameof(Zoo.AllNames), MemberType = typeof(Zoo))]
        public void Onnx_RunsInOnnxRuntime_AndMatchesTheEvalForward(string name)
        {
            var run = zoo.Small(name);
            if (run.OnnxReport.Length > 0) output.WriteLine(run.OnnxReport);
            run.OnnxFailure?.Throw();
        }

        /// <summary>
        /// <paramref name="net"/> built at the small input, in eval mode with its state perturbed (<see cref="OnnxTestModels.Perturb"/>),
        /// and its eval forward <paramref name="expected"/> of <paramref name="x"/> (a batch of 2): exported with a symbolic batch, run
        /// in ONNX Runtime on <paramref name="x"/>, within 1e-4 × max(1, max |expected|); or refused by name (<see cref="Refused"/>).
        /// Returns the line for the test output.
        /// </summary>
        internal static string CheckAtSmallInput(string name, Network net, Tensor x, Tensor expected)
        {
            if (Refused.TryGetValue(name, out var reason))
            {
                // An explicit exception: refused by name with its reason, never written wrong.
                var e = Assert.Throws<OnnxExportException>(() => OnnxExport.ToBytes(net, Dynamic));
                Assert.Contains(name, e.Message);
                Assert.Contains(reason, e.Message);
                return $"{name}: refused ({e.Message})";
            }

            byte[] model = OnnxExport.ToBytes(net, Dynamic);
            var actual = OnnxTestModels.Run(model, x);
            var reference = expected.data<float>().ToArray();
            Assert.Equal(expected.shape, actual.Dimensions.ToArray().Select(d => (long)d).ToArray());
            double scale = Math.Max(1, reference.Max(Math.Abs));
            double worst = reference.Zip(actual.ToArray(), (r, a) => (double)Math.Abs(r - a)).Max();
            string line = $"{name}: max |onnx − netdsl| = {worst:E2}, scale {scale:G4}, relative {worst / scale:E2}, {model.Length / 1e6:F1} MB";
            Assert.True(worst <= 1e-4 * scale, $"{name}: ONNX Runtime differs from NetDsl by {worst:E2} (allowed {1e-4 * scale:E2})\n{line}");
            return line;
        }

        [Theory]
        [InlineData(14)]
        [InlineData(17)]
        [InlineData(21)]   // GELU as ONNX's Gelu (opset 20+) rather than its erf form
        public void EveryOtherLayerForm_RunsInOnnxRuntime_AndMatches(int opset)
        {
            using var scope = NewDisposeScope();
            manual_seed(9);
            using var net = new OnnxOps.OnnxOpsNet();
            net.eval();
            var x = randn(2, 3, 20, 20);
            Tensor expected;
            using (no_grad()) expected = net.forward(x);
            var actual = OnnxTestModels.Run(OnnxExport.ToBytes(net, Dynamic with { Opset = opset }), x).ToArray();
            double worst = expected.data<float>().ToArray().Zip(actual, (r, a) => (double)Math.Abs(r - a)).Max();
            Assert.True(worst <= 1e-4 * Math.Max(1, expected.abs().max().item<float>()), $"OnnxOpsNet at opset {opset} differs by {worst:E2}");
        }

        /// <summary>inception_v3 with transformInput (torchvision's transform_input): the re-normalisation is in the ONNX graph.</summary>
        [Fact]
        public void InceptionV3WithTransformInput_CarriesTheTransform_AndMatchesTheEvalForward()
        {
            using var scope = NewDisposeScope();
            manual_seed(5);
            using var net = new zoo::NetDsl.Zoo.Models.InceptionV3(transformInput: true);
            var x = randn(1, 3, 299, 299);
            byte[] model = OnnxExport.ToBytes(net, Dynamic);
            var graph = global::Onnx.ModelProto.Parser.ParseFrom(model).Graph;
            Assert.Equal(new[] { "Mul", "Add" }, graph.Node.Take(2).Select(n => n.OpType));
            Assert.Contains(graph.Initializer, t => t.Name == "transform_input/scale");
            double worst = OnnxTestModels.AssertMatches("inception_v3 (transformInput)", net, x, OnnxTestModels.Run(model, x));
            output.WriteLine($"inception_v3 (transformInput): max |onnx − netdsl| = {worst:E2}");
        }

        [Fact]
        public void SymbolicInput_ExportsSymbolicHeightAndWidth_ThatRunAtAnotherSize()
        {
            using var scope = NewDisposeScope();
            manual_seed(3);
            var built = new TensorShape(3, 64, 64);
            using var net = OnnxTestModels.Create("fcn8s", built);
            byte[] model = OnnxExport.ToBytes(net, Dynamic);
            using var session = new InferenceSession(model);
            var dims = session.InputMetadata["input"].Dimensions;
            Assert.Equal(new[] { -1, 3, -1, -1 }, dims);

            // Another size the declaration admits, on a network built for it, against the same file.
            var other = new TensorShape(3, 96, 96);
            using var again = OnnxTestModels.Create("fcn8s", other);
            again.load_state_dict(net.state_dict());
            var x = randn(Zoo.Batch(1, other));
            Tensor expected;
            using (no_grad()) expected = again.forward(x);
            var actual = OnnxTestModels.Run(model, x).ToArray();
            double worst = expected.data<float>().ToArray().Zip(actual, (r, a) => (double)Math.Abs(r - a)).Max();
            Assert.True(worst <= 1e-4 * Math.Max(1, expected.abs().max().item<float>()), $"fcn8s at 96x96 differs by {worst:E2}");
        }

        [Fact]
        public void FixedBatchAndLowOpset_AreWritten_AndTooLowAnOpsetIsRefusedNamingTheLayer()
        {
            using var scope = NewDisposeScope();
            using var net = OnnxTestModels.Create("lenet5", Zoo.SmallInput("lenet5"));
            using (var session = new InferenceSession(OnnxExport.ToBytes(net, new OnnxExportOptions { DynamicBatch = false, BatchSize = 3, Opset = 14 })))
                Assert.Equal(new[] { 3, 1, 28, 28 }, session.InputMetadata["input"].Dimensions);

            using var deform = OnnxTestModels.Create("deform_resnet50", new TensorShape(3, 32, 32));
            var e = Assert.Throws<OnnxExportException>(() => OnnxExport.ToBytes(deform, new OnnxExportOptions { Opset = 17 }));
            Assert.Contains("layer3.0.conv2", e.Message);
            Assert.Contains("opset 19", e.Message);
        }
    }

    /// <summary>Zoo models in eval mode with perturbed running statistics and offsets, and one ONNX Runtime call.</summary>
    public static class OnnxTestModels
    {
        public static Network Create(string name, TensorShape input)
        {
            var net = Zoo.Entry(name).Create(input);
            net.eval();
            Perturb(net.state_dict());
            return net;
        }

        /// <summary>Whether <see cref="Perturb"/> writes the state entry <paramref name="key"/>.</summary>
        public static bool IsPerturbed(string key) =>
            key.EndsWith("running_mean") || key.EndsWith("running_var") || key.EndsWith("offset.weight") || key.EndsWith("layer_scale");

        /// <summary>Running statistics, deformable offsets and layer scales away from their initial values, so each use of them shows.</summary>
        public static void Perturb(System.Collections.Generic.IReadOnlyDictionary<string, Tensor> state)
        {
            using var _ = no_grad();
            foreach (var (key, t) in state)
            {
                if (key.EndsWith("running_mean")) t.uniform_(-0.2, 0.2);
                else if (key.EndsWith("running_var")) t.uniform_(0.5, 1.5);
                else if (key.EndsWith("offset.weight")) t.normal_(0, 0.01);
                else if (key.EndsWith("layer_scale")) t.uniform_(0.5, 1.5);   // ConvNeXt's 1e-6 would hide the block body
            }
        }

        public static DenseTensor<float> Run(byte[] model, Tensor x)
        {
            using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
            using var session = new InferenceSession(model, options);
            return Run(session, x);
        }

        /// <summary>The model file at <paramref name="path"/> (with any external data beside it) run on <paramref name="x"/>.</summary>
        public static DenseTensor<float> Run(string path, Tensor x)
        {
            using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
            using var session = new InferenceSession(path, options);
            return Run(session, x);
        }

        static DenseTensor<float> Run(InferenceSession session, Tensor x)
        {
            var input = new DenseTensor<float>(x.contiguous().data<float>().ToArray(), x.shape.Select(d => (int)d).ToArray());
            using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("input", input) });
            var result = results.Single(r => r.Name == "output").AsTensor<float>();
            return new DenseTensor<float>(result.ToArray(), result.Dimensions.ToArray());
        }

        /// <summary>
        /// Asserts ONNX Runtime's output <paramref name="actual"/> is <paramref name="net"/>'s eval forward of <paramref name="x"/>
        /// within 1e-4 × max(1, max |reference|); returns the largest difference.
        /// </summary>
        public static double AssertMatches(string what, Network net, Tensor x, DenseTensor<float> actual)
        {
            net.eval();
            Tensor expected;
            using (no_grad()) expected = net.forward(x);
            Assert.Equal(expected.shape, actual.Dimensions.ToArray().Select(d => (long)d).ToArray());
            double worst = expected.data<float>().ToArray().Zip(actual.ToArray(), (r, a) => (double)Math.Abs(r - a)).Max();
            double bound = 1e-4 * Math.Max(1, expected.abs().max().item<float>());
            Assert.True(worst <= bound, $"{what}: ONNX Runtime differs from NetDsl by {worst:E2} (allowed {bound:E2})");
            return worst;
        }

        /// <summary>A catalogue entry for a test network <typeparamref name="T"/> (what PyTorchExport.ModelPy takes).</summary>
        public static ModelEntry Entry<T>(string name) where T : Network, new()
        {
            using var net = new T();
            return new ModelEntry(name, typeof(T).Name, net.InputShape, net.ParameterTotal, 0, () => new T(), type: typeof(T));
        }
    }
}
