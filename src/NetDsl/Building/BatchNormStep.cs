using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// A TorchSharp BatchNorm layer's forward, computed as TorchSharp's own (the same <c>batch_norm</c> call with the same
    /// arguments) without the Scalars it drops. In training, TorchSharp 0.107's forward counts the batch with
    /// <c>num_batches_tracked.add_(1)</c>: a Scalar converted from 1 and an alpha made inside <c>add_</c>, both left to the
    /// finalizer, which can free them while LibTorch reads them (every BatchNorm, every step, beside data-loading threads).
    /// </summary>
    internal static class BatchNormStep
    {
        public static Tensor Forward(BatchNorm norm, Tensor x)
        {
            long dims = x.ndim;
            string? expected = norm switch
            {
                BatchNorm1d when dims is not (2 or 3) => "2D or 3D",
                BatchNorm2d when dims != 4 => "4D",
                BatchNorm3d when dims != 5 => "5D",
                _ => null,
            };
            if (expected != null) throw new System.ArgumentException($"expected {expected} input, but got {dims}D input.");

            double factor = norm.momentum ?? 0.0;
            // A frozen layer (FineTuning.LoadBackbone(…, freeze: true)) runs as in eval() whatever train() set.
            bool training = norm.training && !Weights.FrozenBatchNorm.IsFrozen(norm);
            if (training && norm.track_running_stats && norm.num_batches_tracked is Tensor count)
            {
                count.add_(Scalars.One, alpha: Scalars.One);
                if (norm.momentum is null) factor = 1.0 / count.item<long>();   // a cumulative average, as torch's momentum=None
            }
            bool batchStatistics = training || (norm.running_mean is null && norm.running_var is null);
            bool passRunning = !training || norm.track_running_stats;
            return nn.functional.batch_norm(x, passRunning ? norm.running_mean : null, passRunning ? norm.running_var : null,
                norm.weight, norm.bias, batchStatistics, factor, norm.eps);
        }
    }
}
