using System;
using System.Collections.Generic;
using System.IO;
using NetDsl.Shapes;
using Xunit;

// Torch's thread pool and the redirected Console are process-wide: run tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace NetDsl.Runtime.Tests
{
    /// <summary>A fresh folder under the temp directory, deleted on dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "netdsl-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }
        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Catalogue entries for hand-written networks, as the generator emits them.</summary>
    public static class TestModels
    {
        public static ModelEntry Entry(string name, Func<Network> create, ModelTask task = ModelTask.Classification, bool withType = false)
        {
            using var sample = create();
            return new ModelEntry(name, sample.GetType().FullName!, sample.DeclaredInput, sample.ParameterTotal, sample.MultiplyAddTotal, create, task: task,
                type: withType ? sample.GetType() : null);
        }

        public static IReadOnlyList<ModelEntry> Catalogue { get; } = new[]
        {
            Entry("tinycnn", () => new TinyCnn()),
            Entry("tinycnn-gray", () => new TinyCnn(1, 28)),
            Entry("tinycnn-96", () => new TinyCnn(3, 96)),
            Entry("tinycnn-10", () => new TinyCnn(3, 32, 10)),
            Entry("fixedmlp", () => new FixedSizeMlp(64)),
            Entry("tinyseg", () => new TinySegNet(3, 32), ModelTask.Segmentation),
            Entry("validseg", () => new ValidSegNet(32), ModelTask.Segmentation),
            Entry("tinyae", () => new TinyAutoencoder(1, 32), ModelTask.Reconstruction),
            Entry("tinyyolo", () => new TinyDetector(3, 32), ModelTask.Detection),
            Entry("widemlp", () => new WideMlp()),
            Entry("bf16carded", () => new Bf16CardedNet(), withType: true),   // with its type, so its [ModelCard] is read
        };

        public static TensorShape Gray28 { get; } = new TensorShape(1, 28, 28);
        public static TensorShape Colour32 { get; } = new TensorShape(3, 32, 32);
    }
}

namespace NetDsl.Runtime.Tests
{
    public static class Tensors
    {
        /// <summary>Same shape and exactly the same values.</summary>
        public static bool Same(TorchSharp.torch.Tensor a, TorchSharp.torch.Tensor b)
        {
            if (!System.Linq.Enumerable.SequenceEqual(a.shape, b.shape)) return false;
            using var equal = a.eq(b);
            using var all = equal.all();
            return all.item<bool>();
        }

        /// <summary>Both modules' state dicts hold the same keys with bit-identical tensors.</summary>
        public static void AssertSameState(TorchSharp.torch.nn.Module expected, TorchSharp.torch.nn.Module actual)
        {
            var left = expected.state_dict();
            var right = actual.state_dict();
            Assert.Equal(left.Keys, right.Keys);
            foreach (var key in left.Keys) Assert.True(Same(left[key], right[key]), $"{key} differs");
        }
    }

    /// <summary>Throws from the observer after a given global step, like a crash between two steps.</summary>
    internal sealed class CrashAtStep(long step) : Exception("simulated crash"), NetDsl.Runtime.Training.ITrainingObserver
    {
        public void EpochStarting(int epoch, int epochs, int steps, int skipped) { }
        public void StepFinished(NetDsl.Runtime.Training.StepProgress progress)
        {
            if (progress.GlobalStep == step) throw this;
        }
        public void EpochFinished(NetDsl.Runtime.Training.EpochMetrics metrics, int epochs) { }
    }

    /// <summary>Runs the CLI host as the zoo app does, capturing what it writes to stdout and stderr.</summary>
    internal static class CliCapture
    {
        /// <summary>Runs the CLI host on the test catalogue with a non-interactive console that writes into strings.</summary>
        public static (int Code, string Output, string Error) Cli(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            int code = NetDsl.Cli.CliHost.Run(args, TestModels.Catalogue, new NetDsl.Cli.CliConsole(output, error, interactive: false));
            return (code, output.ToString(), error.ToString());
        }

        public static (int code, string output, string error) Run(params string[] args)
        {
            TextWriter oldOut = Console.Out, oldError = Console.Error;
            var output = new StringWriter();
            var error = new StringWriter();
            Console.SetOut(output);
            Console.SetError(error);
            try { return (NetDsl.Cli.CliHost.Run(args, TestModels.Catalogue), output.ToString(), error.ToString()); }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldError);
            }
        }
    }
}
