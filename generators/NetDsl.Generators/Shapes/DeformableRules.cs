namespace NetDsl.Shapes
{
    public static partial class LayerRules
    {
        /// <summary>
        /// Deformable convolution (DCN v1, or v2 when <paramref name="modulated"/>): the output size and every
        /// check are <see cref="Conv2d"/>'s (messages name the layer DeformConv2d). Parameters are the main
        /// convolution's plus its offset convolution's (Cin → 2·k·k offset channels, + k·k mask channels when
        /// modulated, with bias, same kernel/stride/padding/dilation, one offset group); multiply-adds are the two
        /// convolutions' (the bilinear sampling, about 4·Cin·k·k per output pixel, is left out, as for pooling).
        /// </summary>
        public static LayerOutcome DeformConv2d(string path, TensorShape input, int outChannels, int kernel, int stride,
            int padding, int dilation, int groups, bool bias, bool modulated, int? pinnedIn)
        {
            var main = Conv2d(path, input, outChannels, kernel, stride, padding, dilation, groups, bias, pinnedIn, "DeformConv2d");
            if (main.Issue != null) return main;
            int offsetChannels = (modulated ? 3 : 2) * kernel * kernel;
            var offset = Conv2d(path + ".offset", input, offsetChannels, kernel, stride, padding, dilation, 1, true, null);
            if (offset.Issue != null) return offset;
            return LayerOutcome.Success(main.Output, main.Parameters + offset.Parameters, main.MultiplyAdds + offset.MultiplyAdds);
        }
    }
}
