using System;
using System.Diagnostics;
using System.IO;
using NetDsl.Onnx;
using NetDsl.Tests.Shared;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Zoo.Tests
{
    /// <summary>
    /// Debian's ONNX checker (python3-onnx 1.12, <c>onnx.checker.check_model(full_check=True)</c>: schema, opset, types and
    /// shape inference) accepts every zoo model's exported file. Skipped with the reason where python3-onnx is missing.
    /// ONNX 1.12 knows opsets up to 17, so deform_resnet50 (DeformConv, opset 19) is checked for what 1.12 can check:
    /// every other node against opset 17's schemas, every initializer, and that each node reads values made before it.
    /// </summary>
    [Collection(ZooCollection.Name)]
    public sealed class OnnxCheckerTests
    {
        /// <summary>
        /// One model per family, together writing every op and attribute form the exporter has (Gemm, LRN, adaptive pooling
        /// as AveragePool and as MatMul bins, Clip, HardSwish/HardSigmoid, SiLU, squeeze-excite, Crop slices, ConvTranspose,
        /// Resize by scale and to a size, LeakyRelu, DeformConv, symbolic H/W); the ONNX Runtime test runs all 44.
        /// Writing and checking the 500 MB VGG files too would add minutes for no op they do not share with these.
        /// </summary>
        static readonly string[] FamilyNames =
        {
            "lenet5", "alexnet", "resnet18", "googlenet", "densenet121", "mobilenet_v2", "mobilenet_v3_small", "efficientnet_b0",
            "se_resnet50", "unet", "unet_padded", "fcn8s", "deeplabv3_resnet50", "conv_autoencoder", "upsample_autoencoder",
            "yolov1_resnet18", "deform_resnet50",
        };

        public static TheoryData<string> Families => Zoo.Data(FamilyNames);

        /// <summary>Whether ZooFixture's small-input build of <paramref name="name"/> runs <see cref="CheckAtSmallInput"/>.</summary>
        internal static bool Checks(string name) => Array.IndexOf(FamilyNames, name) >= 0 && OnnxChecker.UnavailableReason is null;

        readonly ZooFixture zoo;
        public OnnxCheckerTests(ZooFixture zoo) { this.zoo = zoo; }

        /// <summary>
        /// The check runs on the zoo fixture's build at the small input (<see cref="ZooFixture"/>, shared with ShapeTests,
        /// GradientTests, DeclaredGraphTests and OnnxExportTests), when the first of those tests asks for it: <see cref="CheckAtSmallInput"/>.
        /// </summary>
        [OnnxCheckerTheory]
        [MemberData(nameof(Families))]
        public void DebiansOnnxChecker_AcceptsTheFile(string name)
        {
            var run = zoo.Small(name);
            Assert.True(run.CheckerRan, $"{name}: the zoo fixture did not run the ONNX checker");
            run.CheckerFailure?.Throw();
        }

        /// <summary>
        /// <paramref name="net"/> built at the small input, in eval mode with its state perturbed (<see cref="OnnxTestModels.Perturb"/>):
        /// saved as an ONNX file (<see cref="OnnxExport.Save(Network, string, OnnxExportOptions?)"/>) that the checker accepts.
        /// </summary>
        internal static void CheckAtSmallInput(string name, Network net)
        {
            string path = Path.Combine(Path.GetTempPath(), $"netdsl-onnx-{name}-{Guid.NewGuid():N}.onnx");
            try
            {
                int opset = OnnxExport.Save(net, path);
                var (code, output) = OnnxChecker.Check(path, opset);
                Assert.True(code == 0, $"{name}: the ONNX checker rejected the file (opset {opset}):\n{output}");
            }
            finally { File.Delete(path); }
        }

        [OnnxCheckerFact]
        public void DebiansOnnxChecker_AcceptsEveryOtherLayerForm()
        {
            using var scope = NewDisposeScope();
            using var net = new OnnxOps.OnnxOpsNet();
            string path = Path.Combine(Path.GetTempPath(), $"netdsl-onnx-ops-{Guid.NewGuid():N}.onnx");
            try
            {
                int opset = OnnxExport.Save(net, path);
                var (code, output) = OnnxChecker.Check(path, opset);
                Assert.True(code == 0, $"the ONNX checker rejected OnnxOpsNet:\n{output}");
            }
            finally { File.Delete(path); }
        }
    }

    /// <summary>
    /// Runs Debian's ONNX checker (onnx_check.py, next to the test assembly) under /usr/bin/python3, in one long-lived
    /// interpreter that imports onnx once per test run (the conformance oracles' server, <see cref="PythonScriptServer"/>):
    /// a process start plus <c>import onnx</c> costs about 3 s a file on a busy 2-core host.
    /// </summary>
    public static class OnnxChecker
    {
        public const string Python = "/usr/bin/python3";

        static string Script => Path.Combine(AppContext.BaseDirectory, "onnx_check.py");

        static readonly PythonScriptServer server =
            new PythonScriptServer(Python, Path.Combine(AppContext.BaseDirectory, "reference", "conformance", "oracle_server.py"), "onnx");

        static readonly Lazy<string?> unavailable = new Lazy<string?>(() =>
        {
            if (!File.Exists(Python)) return $"{Python} not found; apt-get install python3-onnx to run the ONNX checker tests";
            try
            {
                // Starting the server imports onnx: it is the probe, and then runs every check.
                return server.Start(TimeSpan.FromMinutes(2)) is string failure
                    ? $"{Python} cannot import onnx ({Last(failure)}); apt-get install python3-onnx to run the ONNX checker tests"
                    : null;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                return $"{Python} could not be started ({e.Message})";
            }
        });

        public static string? UnavailableReason => unavailable.Value;

        /// <summary>onnx_check.py on <paramref name="path"/>: its exit code, and its stdout then stderr.</summary>
        public static (int Code, string Output) Check(string path, int opset) =>
            server.Run(Script, new[] { path, opset.ToString(System.Globalization.CultureInfo.InvariantCulture) }, stdin: null, TimeSpan.FromMinutes(3));

        static string Last(string output)
        {
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return lines.Length == 0 ? "no output" : lines[^1].Trim();
        }

        /// <summary>Runs /usr/bin/python3 with <paramref name="arguments"/>: exit code, stdout and stderr.</summary>
        public static (int Code, string Output) Run(params string[] arguments)
        {
            var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in arguments) start.ArgumentList.Add(a);
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(180_000)) { process.Kill(true); return (-1, "timed out"); }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }

    /// <summary>A fact that needs python3-onnx: skipped, with the reason, where it is missing.</summary>
    public sealed class OnnxCheckerFactAttribute : FactAttribute
    {
        public OnnxCheckerFactAttribute()
        {
            if (OnnxChecker.UnavailableReason is string reason) Skip = reason;
        }
    }

    /// <summary>A theory that needs python3-onnx: skipped, with the reason, where it is missing.</summary>
    public sealed class OnnxCheckerTheoryAttribute : TheoryAttribute
    {
        public OnnxCheckerTheoryAttribute()
        {
            if (OnnxChecker.UnavailableReason is string reason) Skip = reason;
        }
    }
}
