using System.Collections.Generic;
using System.Linq;

namespace NetDsl
{
    /// <summary>One class of a classifier's answer: its output index, its name (or the index where none is known) and its softmax probability.</summary>
    public sealed record ClassScore(int Index, string Label, float Probability);

    /// <summary>A classifier's answer for one image: the most probable classes, best first.</summary>
    public sealed record ImageClassification(string Image, IReadOnlyList<ClassScore> Top)
    {
        /// <summary>The most probable class.</summary>
        public ClassScore Best => Top[0];
    }

    /// <summary>
    /// A segmenter's answer for one image: the most probable class of every pixel, row by row (<see cref="Height"/> × <see cref="Width"/>:
    /// the image's own size, or the model's output size when <c>Segment</c> was asked for it); <see cref="Void"/> marks pixels the model does not see.
    /// </summary>
    public sealed record ImageSegmentation(string Image, int Height, int Width, byte[] Classes)
    {
        /// <summary>The value of a pixel the model does not see (the border around a cropping model's output), as void pixels are in training masks.</summary>
        public const byte Void = NetDsl.Runtime.Training.SegmentationTask.Void;

        /// <summary>The share of pixels each class present holds, largest first.</summary>
        public IReadOnlyList<(int Class, double Fraction)> Fractions() =>
            Classes.GroupBy(c => (int)c)
                   .Select(g => (Class: g.Key, Fraction: g.Count() / (double)Classes.Length))
                   .OrderByDescending(p => p.Fraction).ThenBy(p => p.Class)
                   .ToList();
    }

    /// <summary>One object a detector found: its class (index and name), score (confidence × class probability) and box corners as fractions of the image's width and height, clipped to [0, 1].</summary>
    public sealed record DetectedObject(int Index, string Label, float Score, float X0, float Y0, float X1, float Y1);

    /// <summary>A detector's answer for one image (<see cref="Width"/> × <see cref="Height"/> pixels): the objects it found, best first.</summary>
    public sealed record ImageDetection(string Image, IReadOnlyList<DetectedObject> Objects, int Width, int Height)
    {
        /// <summary>
        /// <paramref name="found"/>'s corners in this image's pixels (x from the left, y from the top), clipped to the image: a box
        /// the grid predicts past an edge ends at the edge.
        /// </summary>
        public (float X0, float Y0, float X1, float Y1) PixelBox(DetectedObject found) =>
            (Clip(found.X0, Width), Clip(found.Y0, Height), Clip(found.X1, Width), Clip(found.Y1, Height));

        static float Clip(float fraction, int size) => System.Math.Clamp(fraction * size, 0, size);
    }
}
