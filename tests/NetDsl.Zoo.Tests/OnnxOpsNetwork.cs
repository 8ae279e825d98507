using NetDsl.Shapes;

namespace NetDsl.Zoo.Tests.OnnxOps
{
    /// <summary>Two branches added, then a ReLU: the branch-add merge and the activation after it (no zoo model has them).</summary>
    [Block, Branches(Merge.Add, After = Act.ReLU)]
    public partial class AddBranches
    {
        [Conv("C", 3, Padding = 1)]             Layer wide;
        [Conv("C", 1), BatchNorm, Tanh]         Layer narrow;
    }

    /// <summary>
    /// The layer forms no zoo model uses, so the ONNX tests see every mapping: LRN, exact GELU, nearest and
    /// align-corners resizing, transposed convolution with output padding, LeakyReLU, padded average pooling,
    /// hard-sigmoid, adaptive max pooling with uneven bins, a per-channel affine input map (and a disabled one), a rectangular convolution gating a kept map by [Multiply], dropout kinds, a
    /// bias-free Linear and a branch add with an activation.
    /// </summary>
    [Network(Input = "3x20x20")]
    public partial class OnnxOpsNet
    {
        [ChannelAffine("0.5, 2, -1", "0.1, 0, -0.2")]                                            Layer affine;
        [Conv(8, 3, Padding = 1), LRN(3), GELU, ChannelAffine("1.5", "-0.5", Enabled = false)]   Layer stem;
        [Upsample(2), Sigmoid]                                                                   Layer up;
#pragma warning disable ND0101 // kernel 3 at stride 2 on purpose: the export of OutputPadding is what is tested
        [ConvTranspose(8, 3, Stride = 2, Padding = 1, OutputPadding = 1), LeakyReLU(0.2), Dropout2d] Layer deconv;
#pragma warning restore ND0101
        [AvgPool(3, Stride = 2, Padding = 1), Hardsigmoid]                                       Layer pool;
        [Use(typeof(AddBranches))]                                                               Layer branches;
        [Upsample(Height = 30, Width = 30, Mode = Interpolation.Bilinear, AlignCorners = true), ReLU6] Layer resize;
        [AdaptiveMaxPool(4, 5), SiLU]                                                            Layer grid;   // 30 rows in 4 uneven bins
        [Conv(8, 1, KernelW = 3, PaddingW = 1), Sigmoid]                                         Layer gate;   // a 1x3 window: exported as [1, 3], not square
        [Multiply(nameof(grid)), Flatten, Dropout(0.3), Linear(10, Bias = false)]                Layer head;
    }
}
