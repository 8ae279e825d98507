extern alias zoo;
using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NetDsl.Benchmarks.HandWritten;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Benchmarks
{
    /// <summary>
    /// One ResNet-18 training step on the CPU: forward, cross-entropy against fixed random labels,
    /// backward (no optimizer step; gradients are cleared before each step). Batch 32 of 3x64x64.
    /// Models, inputs and labels are built once in <see cref="Setup"/>; each step runs inside a dispose
    /// scope so memory stays flat. The hand-written TorchSharp model is the baseline; the generated one
    /// comes from the zoo catalogue.
    /// </summary>
    [Config(typeof(TrainingStepConfig))]
    [MemoryDiagnoser(displayGenColumns: false)]
    public class ResNet18TrainingStep
    {
        public const int Batch = 32;
        public const int Channels = 3;
        public const int Size = 64;
        public const int Classes = 1000;

        private Tensor input = null!;
        private Tensor labels = null!;
        private nn.Module<Tensor, Tensor> handWritten = null!;
        private nn.Module<Tensor, Tensor> generated = null!;

        [GlobalSetup]
        public void Setup()
        {
            torch.manual_seed(0);
            input = torch.randn(Batch, Channels, Size, Size);
            labels = torch.randint(0, Classes, new long[] { Batch }, dtype: ScalarType.Int64);
            handWritten = new ResNet18(Classes);
            handWritten.train();
            generated = CreateGenerated();
            generated.train();
        }

        /// <summary>The zoo's generated ResNet-18, built for a 3x64x64 input.</summary>
        public static nn.Module<Tensor, Tensor> CreateGenerated() =>
            zoo::NetDsl.Models.All
                .First(e => e.Name == "resnet18")
                .Create(new NetDsl.Shapes.TensorShape(Channels, Size, Size));

        [Benchmark(Baseline = true)]
        public float HandWritten() => Step(handWritten);

        [Benchmark]
        public float Generated() => Step(generated);

        private float Step(nn.Module<Tensor, Tensor> model)
        {
            model.zero_grad();
            using var scope = torch.NewDisposeScope();
            var output = model.forward(input);
            var loss = nn.functional.cross_entropy(output, labels);
            loss.backward();
            return loss.item<float>();
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            input?.Dispose();
            labels?.Dispose();
            handWritten?.Dispose();
            generated?.Dispose();
        }
    }

    /// <summary>
    /// A short job ("one run": 1 launch, 2 warm-up and 10 measured iterations of one step each), run
    /// in-process: BenchmarkDotNet's generated child project would not import this repository's
    /// native-load fix, so its copy of libLibTorchSharp.so would not load on Debian 12.
    /// </summary>
    public sealed class TrainingStepConfig : ManualConfig
    {
        public TrainingStepConfig()
        {
            AddJob(Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(2)
                .WithIterationCount(10)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithId("OneRun"));
        }
    }
}
