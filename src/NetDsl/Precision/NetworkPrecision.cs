using static TorchSharp.torch;

namespace NetDsl
{
    public abstract partial class NetDslModule
    {
        /// <summary>
        /// Generated: <c>[Conv]</c>/<c>[BatchNorm]</c> member pairs whose convolution feeds only that BatchNorm, as
        /// state-dict names in pairs; the inference path folds them (Sequential children are found at run time).
        /// </summary>
        protected virtual string[] FoldablePairs => System.Array.Empty<string>();

        internal string[] FoldablePairNames => FoldablePairs;
    }

    public abstract partial class Network
    {
        Precision precision;

        /// <summary>
        /// What convolutions and linear layers compute in, in every forward of this network (training and eval):
        /// <see cref="Precision.Bf16Mixed"/> casts them to bf16 from the fp32 weights; everything else stays as
        /// PyTorch's autocast keeps it. An enclosing <see cref="Compute.Use"/> (a trainer's) takes precedence.
        /// </summary>
        public Precision Precision
        {
            get => precision;
            set { precision = value; Mode = ComputeMode.For(value); }
        }

        internal ComputeMode? Mode { get; private set; }

        /// <summary>
        /// The inference path: BatchNorm folded into the convolution before it, no autograd, eval mode, weights
        /// prepared once in <paramref name="precision"/>'s compute type. A snapshot: call again after training further.
        /// </summary>
        /// <param name="precision">The compute type of convolutions and linear layers.</param>
        /// <param name="channelsLast">Hold convolution weights and activations channels-last (NHWC storage), the layout
        /// oneDNN's CPU convolutions run fastest in; the output values are the same. On by default: ResNet-18, batch 32,
        /// 3x64x64, 2 threads, quiet machine: fp32 eval 0.853 of the eager network (NCHW inference path: 0.964), bf16 0.473
        /// (NCHW: 0.645), and fp32 at 0.97–0.99 of ONNX Runtime on the same model. Not on a CPU whose convolution kernels
        /// failed <see cref="ConvKernelCheck"/> (<see cref="MemoryLayout.UsableOn"/>).</param>
        public InferenceNetwork ForInference(Precision precision = Precision.Fp32, bool channelsLast = true) => InferenceNetwork.Prepare(this, precision, channelsLast);
    }
}
