using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// Which batches of an epoch make one optimizer step (<see cref="TrainerOptions.Accumulate"/> in a row, the last
    /// group possibly shorter), each batch's loss divided by its group's size so the summed gradient is the mean over
    /// the group, as one batch of the combined size would give; and the fp16 loss scaling around backward.
    /// </summary>
    sealed class GradientAccumulation(int accumulate, int batchesPerEpoch, LossScaler? scaler)
    {
        public int StepsPerEpoch => (batchesPerEpoch + accumulate - 1) / accumulate;

        public bool StartsStep(int batch) => batch % accumulate == 0;

        public bool EndsStep(int batch) => (batch + 1) % accumulate == 0 || batch + 1 == batchesPerEpoch;

        int GroupSize(int batch)
        {
            int start = batch - batch % accumulate;
            return System.Math.Min(accumulate, batchesPerEpoch - start);
        }

        public void Backward(Tensor loss, int batch)
        {
            using var scope = NewDisposeScope();
            int group = GroupSize(batch);
            using var held = new ScalarScope();
            var scaled = group == 1 ? loss : loss.div(held[group]);
            if (scaler != null) scaled = scaler.ScaleLoss(scaled);
            scaled.backward();
        }

        /// <summary>Before the step: fp16 gradients divided back by the loss scale; false (skip the step) on overflow.</summary>
        public bool Unscale(IEnumerable<Tensor> parameters)
        {
            if (scaler == null) return true;
            bool finite = scaler.Unscale(parameters);
            scaler.Update(finite);
            return finite;
        }
    }
}
