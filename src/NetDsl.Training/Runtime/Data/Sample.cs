namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// One decoded sample on its way to a batch: pixels <c>[C, H, W]</c> as floats (in [0, 1] until
    /// normalized), a class label, and for segmentation a mask of class indices <c>[H, W]</c>.
    /// <see cref="Source"/> names where it came from (a file, or a file and record) for error messages.
    /// Transforms may change the arrays in place or return a copy with new ones.
    /// </summary>
    public sealed record Sample(float[] Pixels, int Channels, int Height, int Width, int Label, byte[]? Mask, string Source)
    {
        /// <summary>Pixels per channel (height x width).</summary>
        public int Plane => Height * Width;
    }
}
