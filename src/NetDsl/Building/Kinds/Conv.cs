using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>
        /// [Conv]: checked by <see cref="ConvKind"/>; a Conv1d on a CxL map, a Conv2d on a CxHxW map (what generated code calls:
        /// one block may be built at either rank).
        /// </summary>
        public static Convolution Conv(BuildContext ctx, string name, ref TensorShape shape, ConvArgs a)
        {
            if (!shape.Is1d) return Conv2d(ctx, name, ref shape, a);
            int inChannels = shape.C;
            shape = ctx.Apply(name, ConvKind.Instance, shape, a);
            return nn.Conv1d(inChannels, a.OutChannels, a.Kernel, stride: a.Stride, padding: a.Padding, dilation: a.Dilation,
                groups: a.Groups, bias: a.Bias, padding_mode: Mode(a.PaddingMode));
        }

        /// <summary>[Conv] on a CxHxW map: checked by <see cref="ConvKind"/> (<see cref="Conv"/> takes a CxL map too).</summary>
        public static Conv2d Conv2d(BuildContext ctx, string name, ref TensorShape shape, ConvArgs a)
        {
            Require2d(ctx, name, shape, "Conv2d", "Conv");
            int inChannels = shape.C;
            shape = ctx.Apply(name, ConvKind.Instance, shape, a);
            if (a.IsRectangular)
                return nn.Conv2d(inChannels, a.OutChannels, (a.Kernel, a.KernelWidth), stride: (a.Stride, a.StrideWidth),
                    padding: (a.Padding, a.PaddingWidth), dilation: (a.Dilation, a.DilationWidth), groups: a.Groups, bias: a.Bias, padding_mode: Mode(a.PaddingMode));
            return nn.Conv2d(inChannels, a.OutChannels, a.Kernel, stride: a.Stride, padding: a.Padding, dilation: a.Dilation,
                groups: a.Groups, bias: a.Bias, padding_mode: Mode(a.PaddingMode));
        }

        /// <summary>
        /// Refuses a CxL <paramref name="shape"/> in a factory that builds a 2-D module (<paramref name="factory"/>), naming the
        /// rank-polymorphic one (<paramref name="instead"/>) that builds the 1-D module there.
        /// </summary>
        static void Require2d(BuildContext ctx, string name, TensorShape shape, string factory, string instead)
        {
            if (shape.Is1d)
                throw new ShapeException(new ShapeIssue(ShapeIssueIds.TwoDimensionalOnly,
                    $"{ctx.PathOf(name)}: Layers.{factory} builds a 2-D module, but its input is the 1-D map {shape} (CxL); call Layers.{instead}, which builds the 1-D module there."));
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
