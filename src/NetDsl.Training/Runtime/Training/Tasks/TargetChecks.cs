using System.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    static class TargetChecks
    {
        /// <summary>
        /// Class indices (labels or mask pixels) must lie in [0, classes): otherwise names the sample and value,
        /// since cross-entropy would read out of bounds or fail with a bare native error.
        /// </summary>
        public static void ClassIndices(Tensor targets, long classes, string where, string what)
        {
            if (targets.dtype != ScalarType.Int64)
                throw new InvalidDataException($"{where}: {what} are {targets.dtype}; expected int64 class indices");
            using var scope = NewDisposeScope();
            Tensor perSample = targets.reshape(targets.shape[0], -1);
            using var held = new ScalarScope();
            Tensor bad = perSample.lt(held[0L]).logical_or(perSample.ge(held[classes])).any(1);
            if (!bad.any().item<bool>()) return;
            long sample = bad.nonzero()[0, 0].item<long>();
            Tensor row = perSample[sample];
            long value = row.lt(held[0L]).any().item<bool>() ? row.min().item<long>() : row.max().item<long>();
            throw new InvalidDataException($"{where}, sample {sample}: {what} {value} is outside 0..{classes - 1} (the model has {classes} outputs)");
        }
    }
}
