using System.Collections.Generic;
using System.Linq;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// What a data check saw in one split: <see cref="Samples"/> listed, <see cref="Readable"/> of them read as training reads them,
    /// and of those the count per class (by label; empty for masks and for the shapes set, whose classes are drawn per image),
    /// the sizes (smallest and largest height and width, how many distinct HxW), the file formats (e.g. "PNG RGB": count)
    /// and for masks the pixels per class value and the void ones (255).
    /// </summary>
    public sealed record DataSplitCheck(
        string Name, int Samples, int Readable, IReadOnlyList<int> PerClass,
        (int Height, int Width)? MinSize, (int Height, int Width)? MaxSize, int DistinctSizes,
        IReadOnlyDictionary<string, int> Formats, IReadOnlyList<long>? MaskPixels, long VoidPixels)
    {
        /// <summary>A split known by its count alone (the in-memory shapes set).</summary>
        internal static DataSplitCheck CountOnly(string name, int samples) =>
            new(name, samples, samples, new int[0], null, null, 0, new SortedDictionary<string, int>(), null, 0);

        /// <summary>Mask pixels read, void ones included.</summary>
        public long TotalMaskPixels => (MaskPixels?.Sum() ?? 0) + VoidPixels;

        /// <summary>The share of mask pixels of class <paramref name="label"/> (0 without masks).</summary>
        public double MaskFraction(int label) =>
            MaskPixels == null || TotalMaskPixels == 0 || label >= MaskPixels.Count ? 0 : (double)MaskPixels[label] / TotalMaskPixels;

        /// <summary>The share of void (255) mask pixels.</summary>
        public double VoidFraction => TotalMaskPixels == 0 ? 0 : (double)VoidPixels / TotalMaskPixels;
    }
}
