using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[Conv]: checked by <see cref="ConvKind"/>.</summary>
        public static Conv2d Conv2d(BuildContext ctx, string name, ref TensorShape shape, ConvArgs a)
        {
            int inChannels = shape.C;
            shape = ctx.Apply(name, ConvKind.Instance, shape, a);
            if (a.IsRectangular)
                return nn.Conv2d(inChannels, a.OutChannels, (a.Kernel, a.KernelWidth), stride: (a.Stride, a.StrideWidth),
                    padding: (a.Padding, a.PaddingWidth), dilation: (a.Dilation, a.DilationWidth), groups: a.Groups, bias: a.Bias, padding_mode: Mode(a.PaddingMode));
            return nn.Conv2d(inChannels, a.OutChannels, a.Kernel, stride: a.Stride, padding: a.Padding, dilation: a.Dilation,
                groups: a.Groups, bias: a.Bias, padding_mode: Mode(a.PaddingMode));
        }

        /// <summary>TorchSharp's padding mode for <paramref name="mode"/>.</summary>
        public static PaddingModes Mode(PaddingMode mode) => mode switch
        {
            PaddingMode.Reflect => PaddingModes.Reflect,
            PaddingMode.Replicate => PaddingModes.Replicate,
            PaddingMode.Circular => PaddingModes.Circular,
            _ => PaddingModes.Zeros,
        };
    }
}
