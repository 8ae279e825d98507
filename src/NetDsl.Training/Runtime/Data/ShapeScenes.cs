using System;
using System.Collections.Generic;
using NetDsl.Shapes;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// Scenes of the shapes set for dense tasks, from the same seeded generator as the classification set:
    /// segmentation (one or two shapes, a per-pixel class mask with 0 = background) and detection (one to
    /// three shapes, each with its class and tight box, encoded for a YOLO grid).
    /// </summary>
    public static partial class ShapesDataset
    {
        const int SegmentationMaxShapes = 2;

        /// <summary>Segmentation classes: background, then the shapes.</summary>
        public static IReadOnlyList<string> SegmentationClasses { get; } = BuildSegmentationClasses();

        /// <summary>
        /// Train and test splits with int64 masks <c>[N, H, W]</c> (0 = background, k + 1 = shape k). With
        /// <paramref name="maskSize"/> smaller than <paramref name="shape"/> (a network with valid convolutions), the
        /// scenes are drawn at the mask size and their images mirrored out to <paramref name="shape"/>
        /// (<see cref="OverlapTile"/>): the masks are then the output's size and every pixel is labelled.
        /// </summary>
        public static DataSplits LoadSegmentation(TensorShape shape, int seed, int trainCount = DefaultTrainCount, int testCount = DefaultTestCount,
            (int Height, int Width)? maskSize = null) =>
            new DataSplits("shapes", Segmentation(trainCount, shape, seed, maskSize), Segmentation(testCount, shape, unchecked(seed * 31 + 1_000_003), maskSize))
            { Normalization = Augmentations.Normalize.Shapes };

        static LabeledImages Segmentation(int count, TensorShape shape, int seed, (int Height, int Width)? maskSize)
        {
            if (maskSize is not { } mask || (mask.Height == shape.H && mask.Width == shape.W)) return GenerateSegmentation(count, shape, seed);
            long rows = OverlapTile.Margin(shape.H, mask.Height), columns = OverlapTile.Margin(shape.W, mask.Width);
            var scenes = GenerateSegmentation(count, new TensorShape(shape.C, mask.Height, mask.Width), seed);
            // The masks pass to the tiled set as they are; only the drawn images are replaced by their mirrored tiles.
            using var drawn = scenes.Images;
            return new LabeledImages(OverlapTile.Mirror(drawn, rows, columns), scenes.Targets, shape, scenes.ClassNames);
        }

        /// <summary>Train and test splits with box grids <c>[N, 5 + K, S, S]</c> (see <see cref="GenerateDetection"/>).</summary>
        public static DataSplits LoadDetection(TensorShape shape, int grid, int seed, int trainCount = DefaultTrainCount, int testCount = DefaultTestCount,
            int classes = 0) =>
            new DataSplits("shapes", GenerateDetection(trainCount, shape, grid, seed, classes),
                GenerateDetection(testCount, shape, grid, unchecked(seed * 31 + 1_000_003), classes)) { Normalization = Augmentations.Normalize.Shapes };

        /// <summary>Scenes of one to <paramref name="maxShapes"/> non-overlapping shapes with their class masks.</summary>
        public static LabeledImages GenerateSegmentation(int count, TensorShape shape, int seed, int maxShapes = SegmentationMaxShapes, double minHalf = 0.16, double maxHalf = 0.34)
        {
            var (channels, height, width) = ImageSize(shape);
            var random = new Random(seed);
            var masks = new long[(long)count * height * width];
            var pixels = Render(count, channels, height, width, random, minShapes: 1, maxShapes, minHalf, maxHalf,
                (i, placed) => PaintMask(placed, height, width, new Span<long>(masks, i * height * width, height * width)));
            return new LabeledImages(tensor(pixels, Dims(count, shape)), tensor(masks, new long[] { count, height, width }), shape, SegmentationClasses);
        }

        /// <summary>
        /// Images with one to three shapes whose box centres fall in distinct cells of an S×S grid. Targets are
        /// float <c>[N, 5 + K, S, S]</c>: channel 0 is 1 where a box centre lies in the cell; 1–2 the centre's
        /// offset within the cell (0–1); 3–4 the box width and height as fractions of the image; 5 + k is 1 for class k.
        /// K is the shape kinds' count, or <paramref name="classes"/> when larger: a detector head for more classes
        /// (VOC's 20) gets class channels no box uses, named "(none k)".
        /// </summary>
        public static LabeledImages GenerateDetection(int count, TensorShape shape, int grid, int seed, int classes = 0)
        {
            if (grid < 1) throw new ArgumentOutOfRangeException(nameof(grid), grid, "the grid needs at least one cell");
            var (channels, height, width) = ImageSize(shape);
            var random = new Random(seed);
            var names = new List<string>(ShapeKinds.Names);
            while (names.Count < classes) names.Add("(none " + names.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")");
            int depth = 5 + names.Count, cells = grid * grid;
            var targets = new float[(long)count * depth * cells];
            var pixels = Render(count, channels, height, width, random, minShapes: 1, maxShapes: 3, minHalf: 0.12, maxHalf: 0.24,
                (i, placed) =>
                {
                    var cell = new Span<float>(targets, i * depth * cells, depth * cells);
                    foreach (var p in placed)
                    {
                        var (x0, y0, x1, y1) = p.Box;
                        double cx = (x0 + x1) / 2 / width * grid, cy = (y0 + y1) / 2 / height * grid;
                        int gx = Math.Min(grid - 1, (int)cx), gy = Math.Min(grid - 1, (int)cy), at = gy * grid + gx;
                        cell[at] = 1;
                        cell[cells + at] = (float)(cx - gx);
                        cell[2 * cells + at] = (float)(cy - gy);
                        cell[3 * cells + at] = (float)((x1 - x0) / width);
                        cell[4 * cells + at] = (float)((y1 - y0) / height);
                        cell[(5 + p.Kind) * cells + at] = 1;
                    }
                },
                accept: (placed, candidate) => Separate(placed, candidate, width, height, grid));
            return new LabeledImages(tensor(pixels, Dims(count, shape)), tensor(targets, new long[] { count, depth, grid, grid }), shape, names);
        }

        /// <summary>A shape placed in an image: class, centre and half-size in pixels.</summary>
        readonly record struct Placed(int Kind, double X, double Y, double Half)
        {
            public (double X0, double Y0, double X1, double Y1) Box
            {
                get
                {
                    var (l, t, r, b) = ShapeKinds.Extent(Kind);
                    return (X + l * Half, Y + t * Half, X + r * Half, Y + b * Half);
                }
            }
        }

        static float[] Render(int count, int channels, int height, int width, Random random, int minShapes, int maxShapes, double minHalf, double maxHalf,
            Action<int, List<Placed>> annotate, Func<List<Placed>, Placed, bool>? accept = null)
        {
            if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "need at least one image");
            int plane = height * width, sample = channels * plane, small = Math.Min(height, width);
            var pixels = new float[(long)count * sample];
            var placed = new List<Placed>();
            for (int i = 0; i < count; i++)
            {
                placed.Clear();
                int wanted = random.Next(minShapes, maxShapes + 1);
                // Rejection sampling keeps shapes apart; a scene that cannot fit more keeps what it has.
                for (int tries = 0; placed.Count < wanted && tries < 30; tries++)
                {
                    double half = small * (minHalf + (maxHalf - minHalf) * random.NextDouble());
                    var candidate = new Placed(random.Next(ShapeKinds.Count),
                        half + random.NextDouble() * (width - 2 * half), half + random.NextDouble() * (height - 2 * half), half);
                    if (accept?.Invoke(placed, candidate) ?? !Overlaps(placed, candidate)) placed.Add(candidate);
                }
                Paint(random, placed, channels, height, width, new Span<float>(pixels, i * sample, sample));
                annotate(i, placed);
            }
            return pixels;
        }

        static void Paint(Random random, List<Placed> placed, int channels, int height, int width, Span<float> output)
        {
            var (background, _) = PickColours(random, channels);
            var colours = new List<double[]>();
            foreach (var _ in placed) colours.Add(Foreground(random, background));
            int plane = height * width;
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    for (int c = 0; c < channels; c++)
                    {
                        double value = background[c];
                        for (int s = 0; s < placed.Count; s++)
                            value += Coverage(placed[s], x, y) * (colours[s][c] - value);
                        value += NoiseSigma * Gaussian(random);
                        output[c * plane + y * width + x] = (float)((Math.Clamp(value, 0.0, 1.0) - Mean) / Std);
                    }
        }

        /// <summary>The last shape covering at least half of a pixel names it (later shapes are painted on top).</summary>
        static void PaintMask(List<Placed> placed, int height, int width, Span<long> mask)
        {
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    for (int s = 0; s < placed.Count; s++)
                        if (Coverage(placed[s], x, y) >= 0.5) mask[y * width + x] = placed[s].Kind + 1;
        }

        /// <summary>Fraction of pixel (x, y) inside the shape, from 2x2 supersampling as in the classification set.</summary>
        static double Coverage(Placed p, int x, int y)
        {
            int hits = 0;
            for (int sy = 0; sy < 2; sy++)
                for (int sx = 0; sx < 2; sx++)
                    if (ShapeKinds.Contains(p.Kind, (x + 0.25 + 0.5 * sx - p.X) / p.Half, (y + 0.25 + 0.5 * sy - p.Y) / p.Half)) hits++;
            return hits / 4.0;
        }

        static double[] Foreground(Random random, double[] background)
        {
            var colour = new double[background.Length];
            do { for (int c = 0; c < colour.Length; c++) colour[c] = random.NextDouble(); }
            while (Math.Abs(Brightness(colour) - Brightness(background)) < 0.3);
            return colour;
        }

        static bool Overlaps(List<Placed> placed, Placed candidate)
        {
            foreach (var p in placed)
                if (Math.Abs(p.X - candidate.X) < p.Half + candidate.Half && Math.Abs(p.Y - candidate.Y) < p.Half + candidate.Half) return true;
            return false;
        }

        /// <summary>Detection scenes: no overlapping boxes and one box centre per grid cell.</summary>
        static bool Separate(List<Placed> placed, Placed candidate, int width, int height, int grid)
        {
            if (Overlaps(placed, candidate)) return false;
            static (int, int) Cell(Placed p, int width, int height, int grid)
            {
                var (x0, y0, x1, y1) = p.Box;
                return (Math.Min(grid - 1, (int)((x0 + x1) / 2 / width * grid)), Math.Min(grid - 1, (int)((y0 + y1) / 2 / height * grid)));
            }
            var cell = Cell(candidate, width, height, grid);
            foreach (var p in placed) if (Cell(p, width, height, grid) == cell) return false;
            return true;
        }

        static long[] Dims(int count, TensorShape shape) =>
            shape.BatchDims(count);

        static IReadOnlyList<string> BuildSegmentationClasses()
        {
            var names = new List<string> { "background" };
            names.AddRange(ShapeKinds.Names);
            return names;
        }
    }
}
