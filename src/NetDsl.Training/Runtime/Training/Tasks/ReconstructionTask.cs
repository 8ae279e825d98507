using System;
using System.Collections.Generic;
using System.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// An autoencoder's output against its own input: mean squared error, and PSNR per image with the
    /// image's own value range as the peak (the data is normalized, so there is no fixed 0–255 scale).
    /// Targets (labels) are ignored.
    /// </summary>
    internal sealed class ReconstructionTask : ITrainingTask
    {
        public ModelTask Kind => ModelTask.Reconstruction;
        public string MetricName => "PSNR";

        public Tensor Loss(Tensor output, Tensor images, Tensor targets) => nn.functional.mse_loss(output, images);

        public void CheckTargets(Tensor output, Tensor images, Tensor targets, string where)
        {
            // Broadcasting would otherwise hide a size mismatch inside the loss.
            if (!output.shape.AsSpan().SequenceEqual(images.shape))
                throw new InvalidDataException($"{where}: a reconstruction must have the input's shape [{string.Join(", ", images.shape)}], got [{string.Join(", ", output.shape)}]");
        }

        public IMetricAccumulator NewAccumulator(bool training) => new Accumulator();

        public sealed class Accumulator : IMetricAccumulator
        {
            double psnrSum, seen;

            public void Add(Tensor output, Tensor images, Tensor targets)
            {
                using var scope = NewDisposeScope();
                Tensor flatOut = output.flatten(1), flatIn = images.flatten(1);
                Tensor mse = flatOut.sub(flatIn).square().mean(new long[] { 1 });
                using var held = new ScalarScope();
                Tensor range = flatIn.amax(new long[] { 1 }).sub(flatIn.amin(new long[] { 1 })).clamp_min(held[1e-6]);
                // 10·log10(peak² / mse), with the mse floored so a perfect copy reads as 100 dB rather than infinity.
                Tensor psnr = range.square().div(mse.clamp_min(held[1e-10])).log10().mul(held[10L]);
                psnrSum += psnr.sum().item<float>();
                seen += images.shape[0];
            }

            public double Value => seen == 0 ? 0 : psnrSum / seen;
            public IReadOnlyDictionary<string, double> Details { get; } = new Dictionary<string, double>();
            public double[] Save() => new[] { psnrSum, seen };
            public void Restore(double[] state) => (psnrSum, seen) = (state[0], state[1]);
        }
    }
}
