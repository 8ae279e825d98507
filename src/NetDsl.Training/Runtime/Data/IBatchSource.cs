using System.Collections.Generic;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// Where a training or evaluation loop takes its mini-batches from: in-memory tensors, or files decoded
    /// and augmented on background threads. The batches of an epoch depend only on the seed and the epoch
    /// number (order, augmentation draws), so a resumed run sees exactly what an uninterrupted one would.
    /// </summary>
    public interface IBatchSource
    {
        /// <summary>Batches in one epoch.</summary>
        int BatchesPerEpoch { get; }

        /// <summary>
        /// The batches of <paramref name="epoch"/> (1-based), starting at batch <paramref name="skip"/>, on
        /// <paramref name="device"/>: images <c>[B, C, H, W]</c> and targets whose first dimension is B
        /// (labels, masks or box grids). The caller owns and disposes both tensors.
        /// </summary>
        IEnumerable<(Tensor Images, Tensor Targets)> Epoch(int epoch, Device device, int skip = 0);
    }
}
