using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>[ConvTranspose]: checked by <see cref="ConvTransposeKind"/>.</summary>
        public static ConvTranspose2d ConvTranspose2d(BuildContext ctx, string name, ref TensorShape shape, ConvTransposeArgs a)
        {
            int inChannels = shape.C;
            shape = ctx.Apply(name, ConvTransposeKind.Instance, shape, a);
            return nn.ConvTranspose2d(inChannels, a.OutChannels, a.Kernel, stride: a.Stride, padding: a.Padding, output_padding: a.OutputPadding,
                dilation: a.Dilation, groups: a.Groups, bias: a.Bias);
        }
    }
}
