extern alias zoo;

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using NetDsl.Tests.Shared;
using Xunit;

namespace NetDsl.Conformance.Tests
{
    /// <summary>
    /// torchvision 0.14 under Debian's /usr/bin/python3, driven through
    /// tests/reference/conformance/torchvision_oracle.py (copied next to the test assembly).
    /// </summary>
    public static class Oracle
    {
        /// <summary>Debian's interpreter (the packages install there); NETDSL_ORACLE_PYTHON overrides it, e.g. to check the skip path.</summary>
        public static string Python { get; } = Environment.GetEnvironmentVariable("NETDSL_ORACLE_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

        public static string Script => Path.Combine(AppContext.BaseDirectory, "reference", "conformance", "torchvision_oracle.py");

        static readonly Lazy<string?> unavailable = new Lazy<string?>(Probe);

        /// <summary>Why the oracle cannot run here, or null when it can.</summary>
        public static string? UnavailableReason => unavailable.Value;

        static string? Probe()
        {
            if (!File.Exists(Python)) return $"{Python} not found; install python3-torch python3-torchvision (Debian) to run the torchvision conformance tests";
            if (!File.Exists(Script)) return $"{Script} not found next to the test assembly";
            try
            {
                // Starting the server imports torch and torchvision: it is the probe, and then serves every oracle script.
                return OracleServer.Shared.Start(TimeSpan.FromMinutes(2)) is string failure
                    ? $"{Python} cannot import torchvision ({Last(failure)}); install python3-torch python3-torchvision (Debian) to run the torchvision conformance tests"
                    : null;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or TimeoutException)
            {
                return $"{Python} could not be started ({e.Message})";
            }
        }

        /// <summary>Runs the oracle script with <paramref name="arguments"/>; a non-zero exit fails the test with its output.</summary>
        public static string RunScript(params string[] arguments) => RunScriptFile("torchvision_oracle.py", arguments);

        /// <summary>Runs <paramref name="script"/> (a file in reference/conformance, or a path) with <paramref name="arguments"/>; a non-zero exit fails the test.</summary>
        public static string RunScriptFile(string script, params string[] arguments)
        {
            string path = Path.Combine(Path.GetDirectoryName(Script)!, script);
            var (code, output) = OracleServer.Shared.Run(path, arguments, stdin: null, TimeSpan.FromMinutes(3));
            Assert.True(code == 0, $"{script} {string.Join(" ", arguments)} exited with {code}:\n{output}");
            return output.Trim();
        }

        internal static string Last(string output)
        {
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return lines.Length == 0 ? "no output" : lines[^1].Trim();
        }
    }

    /// <summary>
    /// The oracles' long-lived <see cref="Oracle.Python"/> running tests/reference/conformance/oracle_server.py, which imports
    /// torch and torchvision once per test run (<see cref="PythonScriptServer"/>, shared with the zoo tests' ONNX checker).
    /// </summary>
    public static class OracleServer
    {
        internal static PythonScriptServer Shared { get; } =
            new PythonScriptServer(Oracle.Python, Path.Combine(Path.GetDirectoryName(Oracle.Script)!, "oracle_server.py"));
    }

    /// <summary>A fact that needs the torchvision oracle: skipped, with the reason, where it is missing.</summary>
    public sealed class OracleFactAttribute : FactAttribute
    {
        public OracleFactAttribute()
        {
            if (Oracle.UnavailableReason is string reason) Skip = reason;
        }
    }

    /// <summary>A theory that needs the torchvision oracle: skipped, with the reason, where it is missing.</summary>
    public sealed class OracleTheoryAttribute : TheoryAttribute
    {
        public OracleTheoryAttribute()
        {
            if (Oracle.UnavailableReason is string reason) Skip = reason;
        }
    }

    /// <summary>A temporary folder removed when the test ends.</summary>
    public sealed class TempDir : IDisposable
    {
        public TempDir()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "netdsl-conformance-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }
        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); }
            catch (IOException) { }
        }
    }

    /// <summary>The zoo's generated catalogue.</summary>
    public static class Zoo
    {
        public static IReadOnlyList<ModelEntry> All => zoo::NetDsl.Models.All;

        public static ModelEntry Entry(string name) => All.Single(e => e.Name == name);

        /// <summary>The zoo models torchvision 0.14 has.</summary>
        public static readonly string[] Torchvision = NetDsl.Tests.Shared.TorchvisionModels.Names;

        public static TheoryData<string> TorchvisionNames
        {
            get
            {
                var data = new TheoryData<string>();
                foreach (string name in Torchvision) data.Add(name);
                return data;
            }
        }

        /// <summary>
        /// Models whose eval output is not compared in CI: too large for its time and memory (hundreds of MB of weights
        /// written, read and held twice). Their counts and state-dict keys are still checked (NetDsl.Zoo.Tests), and their
        /// family is compared through a smaller variant.
        /// </summary>
        public static readonly string[] CountsAndKeysOnly = { "convnext_large", "regnet_x_32gf", "regnet_y_32gf", "regnet_y_128gf" };

        /// <summary><see cref="TorchvisionNames"/> without <see cref="CountsAndKeysOnly"/>.</summary>
        public static TheoryData<string> ComparedNames
        {
            get
            {
                var data = new TheoryData<string>();
                foreach (string name in Torchvision) if (System.Array.IndexOf(CountsAndKeysOnly, name) < 0) data.Add(name);
                return data;
            }
        }
    }
}

namespace NetDsl.Conformance.Tests
{
    public static class TestTensors
    {
        /// <summary>Same shape and every element equal (TorchSharp's <c>equal</c> is element-wise).</summary>
        public static bool Same(TorchSharp.torch.Tensor a, TorchSharp.torch.Tensor b) =>
            a.shape.AsSpan().SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
    }
}
