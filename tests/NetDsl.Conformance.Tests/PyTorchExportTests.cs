extern alias zoo;

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using NetDsl.Runtime.PyTorch;
using NetDsl.Shapes;
using NetDsl.Weights;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NetDsl.Conformance.Tests
{
    /// <summary>
    /// Auxiliary heads as the export sees them: one on an early map between main members (its weight not GoogLeNet's 0.3), one
    /// switched off (not built, so neither forward_training nor ForwardTraining returns it), one with dropout on the late map.
    /// </summary>
    [Network(Input = "3x16x16")]
    public partial class AuxTapNet(int classes = 4, bool middle = false)
    {
        [Conv(8, 3, Padding = 1, Bias = false), BatchNorm, ReLU]                                          Layer stem;
        [Aux(nameof(stem), Weight = 0.25), Conv(4, 1), GlobalAvgPool, Flatten, Linear(nameof(classes))]   Layer early;
        [Conv(16, 3, Stride = 2, Padding = 1, Bias = false), BatchNorm, ReLU]                             Layer body;
        [Aux(nameof(body), Weight = 0.5, Enabled = nameof(middle)), GlobalAvgPool, Flatten, Linear(nameof(classes))] Layer skipped;
        [Aux(nameof(body), Weight = 0.125), GlobalAvgPool, Flatten, Dropout(0.5), Linear(nameof(classes))] Layer late;
        [Conv(16, 3, Padding = 1), ReLU, GlobalAvgPool, Flatten]                                          Layer trunk;
        [Linear(nameof(classes))]                                                                          Layer fc;
    }

    /// <summary>
    /// The PyTorch handoff, checked in Debian's torch 1.13: for every zoo model (at the zoo table's small input), the
    /// exported model.py's create() loads the exported weights.safetensors with strict=True and its eval output equals
    /// NetDsl's eval output within 1e-4 × max(1, max |reference|). BatchNorm statistics and deformable offsets are
    /// randomised first, so no layer is an identity. One Python process checks them all (tests/reference/conformance/
    /// pytorch_export_check.py), so torch is imported once. NETDSL_EXPORT_MODELS=sppnet,lraspp_mobilenet_v3_large checks only
    /// the models named (a quick look at one model's export; an unknown name fails).
    /// </summary>
    [Collection(OracleCollection.Name)]
    public sealed class PyTorchExportTests
    {
        readonly ITestOutputHelper output;
        public PyTorchExportTests(ITestOutputHelper output) { this.output = output; }

        [OracleFact]
        public void EveryZooModel_ModelPyLoadsItsWeightsStrictly_AndGivesNetDslsEvalOutput()
        {
            using var checker = new ExportChecker();
            var failures = new List<string>();
            double worst = 0;
            var only = Environment.GetEnvironmentVariable("NETDSL_EXPORT_MODELS") is { Length: > 0 } names ? names.Split(',', StringSplitOptions.TrimEntries) : null;
            var unknown = only?.Where(n => Zoo.All.All(e => e.Name != n)).ToList();
            Assert.True(unknown == null || unknown.Count == 0, $"NETDSL_EXPORT_MODELS names no zoo model: {string.Join(", ", unknown ?? new List<string>())}");
            foreach (var entry in Zoo.All.Where(e => only == null || only.Contains(e.Name)))
            {
                using var dir = new TempDir();
                string line = Export(entry, dir.Path);
                string verdict = checker.Check(dir.Path);
                output.WriteLine($"{entry.Name}: {line}; {verdict}");
                var parts = verdict.Split(' ');
                if (parts[0] != "ok") failures.Add($"{entry.Name}: {verdict}");
                else worst = Math.Max(worst, double.Parse(parts[2], CultureInfo.InvariantCulture) / double.Parse(parts[3], CultureInfo.InvariantCulture));
            }
            output.WriteLine($"largest relative error: {worst:G3}");
            Assert.True(failures.Count == 0, $"{failures.Count} of {Zoo.All.Count} exports differ from NetDsl:\n{string.Join("\n", failures)}");
        }

        /// <summary>
        /// inception_v3 built with <c>transformInput: true</c> (torchvision's transform_input): model.py carries the per-channel
        /// re-normalisation as a ChannelAffine module and still gives NetDsl's eval output.
        /// </summary>
        [OracleFact]
        public void InceptionV3WithTransformInput_ModelPyAppliesTheTransform()
        {
            using var checker = new ExportChecker();
            using var dir = new TempDir();
            string line = Export(Zoo.Entry("inception_v3"), dir.Path, _ => new zoo::NetDsl.Zoo.Models.InceptionV3(transformInput: true));
            string verdict = checker.Check(dir.Path);
            output.WriteLine($"inception_v3 (transformInput): {line}; {verdict}");
            Assert.StartsWith("ok ", verdict);
            string model = File.ReadAllText(Path.Combine(dir.Path, "model.py"));
            Assert.Contains("self.transform_input = ChannelAffine((0.458, 0.448, 0.45), (-0.03, -0.088, -0.188))", model);
        }

        /// <summary>
        /// The training forward: model.py's forward_training returns NetDsl's ForwardTraining heads (names and loss weights, only
        /// the built ones, in order) and outputs (eval mode, so dropout is off in both) within 1e-5 × max(1, max |reference|), for
        /// GoogLeNet (two heads, 0.3 each) and a small network whose heads sit between main members, one of them switched off.
        /// </summary>
        [OracleFact]
        public void AuxiliaryHeads_ModelPysForwardTraining_GivesNetDslsForwardTraining()
        {
            using var checker = new ExportChecker();
            using (var dir = new TempDir())
            {
                string line = Export(Zoo.Entry("googlenet"), dir.Path);
                string verdict = checker.Check(dir.Path);
                output.WriteLine($"googlenet: {line}; {verdict}");
                Assert.StartsWith("ok ", verdict);
                Assert.Contains(" training ", verdict);
                Assert.EndsWith(" heads aux1:0.3,aux2:0.3", verdict);
                string model = File.ReadAllText(dir.File("model.py"));
                Assert.Contains("AUXILIARY = (\"aux1\", \"aux2\", )", model);
                Assert.Contains("return x, [(\"aux1\", aux1, 0.3), (\"aux2\", aux2, 0.3)]", model);
            }
            using (var dir = new TempDir())
            {
                var entry = new ModelEntry("aux_tap_net", nameof(AuxTapNet), new TensorShape(3, 16, 16), 0, 0, () => new AuxTapNet(), type: typeof(AuxTapNet));
                string line = Export(entry, dir.Path, _ => new AuxTapNet(), entry.DeclaredInput);
                string verdict = checker.Check(dir.Path);
                output.WriteLine($"aux_tap_net: {line}; {verdict}");
                Assert.StartsWith("ok ", verdict);
                Assert.EndsWith(" heads early:0.25,late:0.125", verdict);
                Assert.DoesNotContain("skipped", File.ReadAllText(dir.File("model.py")));
            }
        }

        /// <summary>Exports <paramref name="entry"/> at its small input with perturbed statistics, and NetDsl's eval output for a random batch.</summary>
        static string Export(ModelEntry entry, string directory, Func<TensorShape, Network>? create = null, TensorShape? input = null)
        {
            using var scope = NewDisposeScope();
            random.manual_seed(11);
            var small = input ?? NetDsl.Zoo.Tests.Zoo.SmallInput(entry.Name);
            using var network = create?.Invoke(small) ?? entry.Create(small);
            Perturb(network);
            var result = PyTorchExport.Write(entry, network, directory);
            var x = randn(new long[] { 2 }.Concat(small.ToArray().Select(d => (long)d)).ToArray(), generator: new Generator(seed: 5));
            network.eval();
            Tensor y;
            using (no_grad()) y = network.forward(x);
            SafeTensors.Write(Path.Combine(directory, "input.safetensors"), new[] { ("input", x) });
            SafeTensors.Write(Path.Combine(directory, "output.safetensors"), new[] { ("output", y) });
            if (network is IAuxiliaryHeads heads)
            {
                // ForwardTraining in eval mode (dropout off), for model.py's forward_training: its outputs, and its heads' names and weights.
                using var training = WithoutGrad(() => heads.ForwardTraining(x));
                SafeTensors.Write(Path.Combine(directory, "training.safetensors"),
                    new[] { ("main", training.Main) }.Concat(training.Auxiliary.Select(a => ("aux." + a.Name, a.Output))));
                string list = string.Join(", ", training.Auxiliary.Select(a => $"[\"{a.Name}\", {a.Weight.ToString("R", CultureInfo.InvariantCulture)}]"));
                File.WriteAllText(Path.Combine(directory, "training.json"), "{\"heads\": [" + list + "]}");
            }
            return $"input {small}, classes {result.Classes?.ToString(CultureInfo.InvariantCulture) ?? "fixed"}";
        }

        static T WithoutGrad<T>(Func<T> run)
        {
            using (no_grad()) return run();
        }

        /// <summary>BatchNorm statistics away from 0/1 and small deformable offsets, so every layer acts.</summary>
        internal static void Perturb(Network network)
        {
            var g = new Generator(seed: 17);
            using var _ = no_grad();
            // Held Scalars: a temporary one can be freed by its finalizer mid-call while the other test class runs
            // (this loop failed in CI with c10's "Expected false to be true" from Scalar::toFloat).
            using var held = new ScalarScope();
            Scalar fifth = held[0.2], tenth = held[0.1], half = held[0.5], hundredth = held[0.01], one = Scalars.One;
            foreach (var (key, value) in network.state_dict())
            {
                if (key.EndsWith("running_mean", StringComparison.Ordinal)) value.copy_(rand(value.shape, generator: g).mul_(fifth).sub_(tenth));
                else if (key.EndsWith("running_var", StringComparison.Ordinal)) value.copy_(rand(value.shape, generator: g).add_(half, one));
                else if (key.EndsWith("offset.weight", StringComparison.Ordinal)) value.copy_(randn(value.shape, generator: g).mul_(hundredth));
                else if (key.EndsWith("layer_scale", StringComparison.Ordinal)) value.copy_(rand(value.shape, generator: g).add_(half, one));   // ConvNeXt's 1e-6 hides the body
            }
        }
    }

    /// <summary>The checking Python process (pytorch_export_check.py): a folder per line in, a verdict per line out ("ok NAME ERROR SCALE").</summary>
    internal sealed class ExportChecker : IDisposable
    {
        readonly Process process;

        public ExportChecker()
        {
            string script = Path.Combine(Path.GetDirectoryName(Oracle.Script)!, "pytorch_export_check.py");
            var start = new ProcessStartInfo(Oracle.Python) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add(script);
            start.Environment["OMP_NUM_THREADS"] = "2";
            process = Process.Start(start) ?? throw new InvalidOperationException($"{Oracle.Python} did not start");
        }

        public string Check(string directory)
        {
            process.StandardInput.WriteLine(directory);
            process.StandardInput.Flush();
            return process.StandardOutput.ReadLine() ?? $"fail (the checker exited with {(process.HasExited ? process.ExitCode : -1)})";
        }

        public void Dispose()
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(60_000)) process.Kill(entireProcessTree: true);
            process.Dispose();
        }
    }
}
