using System;
using System.Collections.Generic;
using NetDsl.Runtime.Training;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Benchmarking
{
    /// <summary>What <see cref="ModelBench"/> times.</summary>
    public enum BenchMode
    {
        /// <summary>Time the training step (forward, loss, backward, optimizer step).</summary>
        Train,
        /// <summary>Time the eval-mode forward without gradients.</summary>
        Eval,
        /// <summary>Both.</summary>
        All,
    }

    /// <summary>What to measure: batch, precisions compared against the fp32 eager baseline, rounds.</summary>
    public sealed record BenchOptions
    {
        /// <summary>Samples per timed step.</summary>
        public int Batch { get; init; } = 32;
        /// <summary>What is timed.</summary>
        public BenchMode Mode { get; init; } = BenchMode.All;

        /// <summary>Low-precision modes measured next to fp32 (empty: fp32 only).</summary>
        public IReadOnlyList<Precision> Precisions { get; init; } = new[] { Precision.Bf16Mixed };
        /// <summary>Untimed rounds first.</summary>
        public int Warmup { get; init; } = 3;
        /// <summary>Timed rounds, alternating the variants.</summary>
        public int Rounds { get; init; } = 15;
        /// <summary>Seed of the weights and the batch.</summary>
        public int Seed { get; init; }
    }

    /// <summary>One mode's results: the baseline first (ratio 1), each variant with its median ratio to it.</summary>
    public sealed record BenchSection(string Mode, int Batch, IReadOnlyList<VariantTiming> Variants)
    {
        /// <summary>Throughput of <paramref name="v"/>: the batch over its median step time.</summary>
        public double ImagesPerSecond(VariantTiming v) => Batch * 1000.0 / v.MedianMs;
    }

    /// <summary>
    /// Times a network's training step and eval forward next to the same network's plain fp32 eager run (what a
    /// hand-written TorchSharp module does: no cast, no folding) in one process, alternating the variants. Train:
    /// forward, a loss over the whole output (mean of squares: any task's output shape), backward, an SGD step.
    /// Eval: a no-grad eval-mode forward, then the inference path (BatchNorm folded) in fp32 and each precision.
    /// </summary>
    public static class ModelBench
    {
        /// <summary>The name of the plain fp32 eager run every variant is compared with.</summary>
        public const string Baseline = "eager fp32";

        /// <summary>Times <paramref name="network"/> as <paramref name="options"/> say: one section per mode, baseline first.</summary>
        public static IReadOnlyList<BenchSection> Run(Network network, BenchOptions options)
        {
            var device = PrecisionSupport.DeviceOf(network);
            foreach (var p in options.Precisions) PrecisionSupport.Require(p, device);
            random.manual_seed(options.Seed);
            var s = network.InputShape;
            using var input = randn(s.BatchDims(options.Batch), device: device);
            var sections = new List<BenchSection>();
            if (options.Mode != BenchMode.Eval) sections.Add(Train(network, input, options));
            if (options.Mode != BenchMode.Train) sections.Add(Eval(network, input, options));
            return sections;
        }

        /// <summary>The optimizer bench's training step updates with: plain momentum SGD at a small rate.</summary>
        internal static IOptimizer StepOptimizer(Network network) =>
            new MomentumSgd(network, learningRate: 1e-4, momentum: 0.9, weightDecay: 0, nesterov: false, exemptNormsAndBiases: true);

        /// <summary>The training step bench times: forward in <paramref name="mode"/>, the mean of squares, backward, the update.</summary>
        internal static Action TrainStep(Network network, Tensor input, IOptimizer optimizer, ComputeMode? mode) => () =>
        {
            using var scope = NewDisposeScope();
            network.zero_grad();
            using (Compute.Use(mode))
            {
                var output = network.forward(input);
                output.square().mean().backward();
            }
            optimizer.Step();
        };

        static BenchSection Train(Network network, Tensor input, BenchOptions options)
        {
            network.train();
            using var optimizer = StepOptimizer(network);
            Action Step(ComputeMode? mode) => TrainStep(network, input, optimizer, mode);
            // Channels-last variants only where that layout is used (not on a CPU whose kernels failed the probe).
            bool channelsLast = MemoryLayout.UsableOn(input.device_type);
            var variants = new List<(string, Action)> { (Baseline, Step(null)) };
            if (channelsLast) variants.Add(("fp32 channels-last", Step(ComputeMode.For(Precision.Fp32, channelsLast: true))));
            foreach (var p in options.Precisions)
            {
                variants.Add((p.Name(), Step(ComputeMode.For(p))));
                if (channelsLast) variants.Add((p.Name() + " channels-last", Step(ComputeMode.For(p, channelsLast: true))));
            }
            var timings = StepTimer.Run(variants, options.Warmup, options.Rounds);
            return new BenchSection("train", options.Batch, timings);
        }

        static BenchSection Eval(Network network, Tensor input, BenchOptions options)
        {
            network.eval();
            bool channelsLast = MemoryLayout.UsableOn(input.device_type);
            var inference = new List<InferenceNetwork> { network.ForInference(Precision.Fp32, channelsLast: false) };
            if (channelsLast) inference.Add(network.ForInference(Precision.Fp32));
            foreach (var p in options.Precisions)
            {
                inference.Add(network.ForInference(p, channelsLast: false));
                if (channelsLast) inference.Add(network.ForInference(p));
            }
            try
            {
                var variants = new List<(string, Action)>
                {
                    (Baseline, () => { using var scope = NewDisposeScope(); using var noGrad = no_grad(); network.forward(input); }),
                };
                foreach (var path in inference)
                {
                    var run = path;
                    variants.Add(("inference " + run.Precision.Name() + (run.ChannelsLast ? " channels-last" : ""), () => { using var scope = NewDisposeScope(); run.forward(input); }));
                }
                return new BenchSection("eval", options.Batch, StepTimer.Run(variants, options.Warmup, options.Rounds));
            }
            finally
            {
                foreach (var path in inference) path.Dispose();
            }
        }
    }
}
