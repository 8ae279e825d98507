using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using NetDsl.Weights;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NetDsl.Conformance.Tests
{
    /// <summary>
    /// <see cref="DeformableConv2d.Apply"/> against <c>torchvision.ops.deform_conv2d</c> (torchvision 0.14):
    /// tests/reference/conformance/deform_conv_oracle.py writes seeded inputs, weights, fractional offsets (some far
    /// outside the image), masks, torchvision's outputs without and with the mask, and the gradients of the masked
    /// output; NetDsl recomputes them. Bound: max |diff| ≤ 1e-4 × max(1, max |torchvision|), as for the zoo.
    /// </summary>
    [Collection(OracleCollection.Name)]
    public sealed class DeformableConvConformanceTests
    {
        const double Tolerance = 1e-4;
        static readonly string[] Configurations = { "plain3x3", "strided", "nopad", "offsetgroups" };

        readonly ITestOutputHelper output;
        public DeformableConvConformanceTests(ITestOutputHelper output) { this.output = output; }

        static string Script => Path.Combine(AppContext.BaseDirectory, "reference", "conformance", "deform_conv_oracle.py");

        [OracleFact]
        public void Apply_GivesTorchvisionsDeformConv2d_WithAndWithoutMask_AndItsGradients()
        {
            using var dir = new TempDir();
            string file = dir.File("deform.safetensors");
            output.WriteLine(RunOracle("--out", file, "--seed", "0"));
            using var oracle = SafeTensors.Read(file);
            Assert.Equal(Configurations, oracle.Metadata.Keys.OrderBy(k => Array.IndexOf(Configurations, k)).ToArray());

            double worstPlain = 0, worstMasked = 0, worstGrad = 0;
            foreach (string name in Configurations)
            {
                using var scope = NewDisposeScope();
                using var meta = JsonDocument.Parse(oracle.Metadata[name]);
                int Get(string key) => meta.RootElement.GetProperty(key).GetInt32();
                int stride = Get("stride"), padding = Get("padding"), dilation = Get("dilation"), groups = Get("groups");
                Tensor T(string key) => oracle[name + "." + key];

                Tensor plain;
                using (no_grad()) plain = DeformableConv2d.Apply(T("input"), T("offset"), T("weight"), T("bias"), null, stride, padding, dilation, groups);
                worstPlain = Math.Max(worstPlain, Check(name, "output", T("output"), plain));

                var leaves = new[] { "input", "offset", "mask", "weight", "bias" }.Select(k => (Key: k, Leaf: T(k).clone().requires_grad_())).ToArray();
                var masked = DeformableConv2d.Apply(leaves[0].Leaf, leaves[1].Leaf, leaves[3].Leaf, leaves[4].Leaf, leaves[2].Leaf,
                    stride, padding, dilation, groups);
                worstMasked = Math.Max(worstMasked, Check(name, "output_masked", T("output_masked"), masked.detach()));
                masked.mul(T("probe")).sum().backward();
                foreach (var (key, leaf) in leaves)
                    worstGrad = Math.Max(worstGrad, Check(name, "grad_" + key, T("grad_" + key), leaf.grad!));
            }
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "worst |NetDsl - torchvision|: v1 {0:E2}, v2 (mask) {1:E2}, gradients {2:E2}", worstPlain, worstMasked, worstGrad));
        }

        double Check(string name, string what, Tensor reference, Tensor actual)
        {
            Assert.Equal(reference.shape, actual.shape);
            double max = reference.abs().max().item<float>();
            double worst = (actual - reference).abs().max().item<float>();
            string line = string.Format(CultureInfo.InvariantCulture, "{0}.{1}: worst |diff| {2:E2}, max |torchvision| {3:G4}", name, what, worst, max);
            output.WriteLine(line);
            Assert.True(worst <= Tolerance * Math.Max(1, max), line);
            return worst;
        }

        static string RunOracle(params string[] arguments)
        {
            var (code, text) = OracleServer.Shared.Run(Script, arguments, stdin: null, TimeSpan.FromMinutes(3));
            Assert.True(code == 0, $"deform_conv_oracle.py {string.Join(" ", arguments)} exited with {code}:\n{text}");
            return text.Trim();
        }
    }
}
