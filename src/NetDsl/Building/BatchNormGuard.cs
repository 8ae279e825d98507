using System.Runtime.CompilerServices;
using NetDsl.Shapes;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// PyTorch refuses training-mode BatchNorm on one value per channel (its batch statistics would be that value); TorchSharp
    /// silently normalises it to zeros. Each BatchNorm the factories build is registered with its path, and
    /// <see cref="Compute.BatchNorm"/> checks it before running, with the message of <see cref="ForwardGuards.TrainingBatchNorm"/>.
    /// </summary>
    internal static class BatchNormGuard
    {
        static readonly ConditionalWeakTable<nn.Module, string> paths = new ConditionalWeakTable<nn.Module, string>();

        public static void Register(nn.Module module, string path) => paths.AddOrUpdate(module, path);

        public static void Check(nn.Module module, Tensor x)
        {
            if (!module.training || !paths.TryGetValue(module, out var path) || Weights.FrozenBatchNorm.IsFrozen(module)) return;
            BuildContext.Check(ForwardGuards.TrainingBatchNorm(path, x.shape));
        }
    }
}
