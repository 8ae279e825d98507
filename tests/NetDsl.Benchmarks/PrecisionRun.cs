using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using NetDsl.Benchmarks.HandWritten;
using NetDsl.Runtime.Benchmarking;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Benchmarks
{
    /// <summary>
    /// <c>--precision [ROUNDS]</c>: ResNet-18, batch 32, 3x64x64, against the hand-written TorchSharp model, alternating
    /// every variant in each round (<see cref="StepTimer"/>). Train step (forward, cross-entropy, backward; no
    /// optimizer step, as <see cref="ResNet18TrainingStep"/>): hand-written fp32, generated fp32, generated bf16-mixed.
    /// Eval forward (no grad): hand-written fp32, the generated network's inference path in fp32 and bf16, each also
    /// channels-last (<see cref="MemoryLayout"/>), and the network's ONNX export in ONNX Runtime (<see cref="OnnxRuntimeStep"/>).
    /// </summary>
    public static class PrecisionRun
    {
        public static int Run(int rounds, TextWriter output)
        {
            torch.manual_seed(0);
            const int batch = ResNet18TrainingStep.Batch, size = ResNet18TrainingStep.Size;
            using var input = torch.randn(batch, 3, size, size);
            using var channelsLast = MemoryLayout.ChannelsLast(input);
            using var labels = torch.randint(0, ResNet18TrainingStep.Classes, new long[] { batch }, dtype: ScalarType.Int64);
            using var hand = new ResNet18(ResNet18TrainingStep.Classes);
            using var generated = (Network)ResNet18TrainingStep.CreateGenerated();
            var bf16 = ComputeMode.For(Precision.Bf16Mixed);

            Action Train(nn.Module<Tensor, Tensor> model, ComputeMode? mode) => () =>
            {
                model.train();
                model.zero_grad();
                using var scope = torch.NewDisposeScope();
                using (Compute.Use(mode)) nn.functional.cross_entropy(model.forward(input), labels).backward();
            };
            var train = StepTimer.Run(new List<(string, Action)>
            {
                ("hand-written fp32", Train(hand, null)),
                ("generated fp32", Train(generated, null)),
                ("generated bf16-mixed", Train(generated, bf16)),
                ("generated fp32 NHWC", Train(generated, ComputeMode.For(Precision.Fp32, channelsLast: true))),
                ("generated bf16 NHWC", Train(generated, ComputeMode.For(Precision.Bf16Mixed, channelsLast: true))),
            }, warmup: 2, rounds);
            Write(output, "train step", train, batch);

            hand.eval();
            generated.eval();
            using var inference32 = generated.ForInference(Precision.Fp32, channelsLast: false);
            using var inference16 = generated.ForInference(Precision.Bf16Mixed, channelsLast: false);
            using var inference32Last = generated.ForInference(Precision.Fp32, channelsLast: true);
            using var inference16Last = generated.ForInference(Precision.Bf16Mixed, channelsLast: true);
            using var onnx = new OnnxRuntimeStep(generated, input);
            Action Eval(nn.Module<Tensor, Tensor> model, Tensor x) => () =>
            {
                using var scope = torch.NewDisposeScope();
                using var noGrad = torch.no_grad();
                model.forward(x);
            };
            var eval = StepTimer.Run(new List<(string, Action)>
            {
                ("hand-written fp32", Eval(hand, input)),
                ("inference fp32", Eval(inference32, input)),
                ("inference bf16-mixed", Eval(inference16, input)),
                ("inference fp32 NHWC", Eval(inference32Last, input)),
                ("inference bf16 NHWC", Eval(inference16Last, input)),
                ("inference fp32 NHWC in", Eval(inference32, channelsLast)),
                ("ONNX Runtime fp32", onnx.Run),
            }, warmup: 2, rounds);
            Write(output, "eval forward", eval, batch);
            return 0;
        }

        static void Write(TextWriter output, string what, IReadOnlyList<VariantTiming> timings, int batch)
        {
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "ResNet-18 {0}, batch {1}, 3x{2}x{2}, {3} threads:",
                what, batch, ResNet18TrainingStep.Size, torch.get_num_threads()));
            foreach (var t in timings)
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0,-22} median {1,8:F1} ms  {2,7:F1} images/s  ratio to hand-written (median of rounds) {3:F3}",
                    t.Name, t.MedianMs, batch * 1000.0 / t.MedianMs, t.RatioToBaseline));
        }
    }
}
