using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// "Precise BN" (Wu and Johnson, 2021; fvcore's PreciseBN): before evaluation, replace every BatchNorm's running
    /// mean and variance by their plain average over a number of training batches, forwarded in training mode without
    /// gradients. A short run of a network whose BatchNorm momentum is small (MobileNetV3's and EfficientNet-B5+'s
    /// 0.01, torchvision's ports of TensorFlow) otherwise evaluates with statistics that lag far behind its weights.
    /// Frozen layers (<see cref="NetDsl.Weights.FrozenBatchNorm"/>) keep their statistics.
    /// </summary>
    internal static class BatchNormRecalibration
    {
        public static void Run(nn.Module<Tensor, Tensor> model, IEnumerable<(Tensor Images, Tensor Targets)> batches, int count)
        {
            var norms = model.modules().OfType<NormBase>().Where(m => m.track_running_stats && !NetDsl.Weights.FrozenBatchNorm.IsFrozen(m) && m.running_mean is not null && m.running_var is not null).ToList();
            if (norms.Count == 0 || count <= 0) return;
            var momenta = norms.Select(m => m.momentum).ToList();
            bool training = model.training;
            using (no_grad())
            {
                foreach (var m in norms)
                {
                    m.running_mean!.zero_();
                    m.running_var!.fill_(Scalars.One);
                    m.num_batches_tracked?.zero_();
                    m.momentum = null;   // a cumulative average over the batches below
                }
                model.train();
                int seen = 0;
                foreach (var (images, targets) in batches)
                {
                    using (images)
                    using (targets)
                    using (NewDisposeScope())
                        model.call(images);
                    if (++seen == count) break;
                }
            }
            for (int i = 0; i < norms.Count; i++) norms[i].momentum = momenta[i];
            model.train(training);
        }
    }
}
