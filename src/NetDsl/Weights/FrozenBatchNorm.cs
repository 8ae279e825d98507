using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace NetDsl.Weights
{
    /// <summary>
    /// BatchNorm layers kept in inference mode while the rest of the network trains, as Keras's <c>trainable=False</c>
    /// and timm's <c>freeze</c> (<c>FrozenBatchNorm2d</c>) do: a frozen layer normalises with its running mean and variance
    /// and never updates them (nor <c>num_batches_tracked</c>), whatever <c>train()</c> says, so the statistics a
    /// pretrained backbone learnt are not pulled towards a small fine-tuning set. The mark is on the module object: it
    /// survives <c>train()</c>/<c>eval()</c>, a checkpoint load and a resumed <c>Trainer</c> on the same model.
    /// <c>FineTuning.LoadBackbone(…, freeze: true)</c> marks the backbone's layers. Applies to the BatchNorm layers of
    /// NetDsl networks (their forward reads the mark); Precise BN recalibration leaves frozen layers alone.
    /// </summary>
    public static class FrozenBatchNorm
    {
        static readonly ConditionalWeakTable<nn.Module, object> frozen = new();
        static readonly object mark = new();

        /// <summary>Keeps <paramref name="norm"/> (a BatchNorm layer) in inference mode from now on.</summary>
        public static void Freeze(nn.Module norm) => frozen.AddOrUpdate(norm, mark);

        /// <summary>Lets <paramref name="norm"/> follow <c>train()</c> again.</summary>
        public static void Unfreeze(nn.Module norm) => frozen.Remove(norm);

        /// <summary>Whether <paramref name="norm"/> was frozen with <see cref="Freeze"/>.</summary>
        public static bool IsFrozen(nn.Module norm) => frozen.TryGetValue(norm, out _);
    }
}
