using System;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Augmentations;
using NetDsl.Shapes;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    public class DataAugmentationTests
    {
        /// <summary>A sample whose pixel values and mask encode their own position, so moves are traceable.</summary>
        static Sample Traceable(int channels = 3, int height = 6, int width = 8)
        {
            var pixels = new float[channels * height * width];
            for (int i = 0; i < pixels.Length; i++) pixels[i] = (i + 1) / (float)pixels.Length;
            var mask = new byte[height * width];
            for (int i = 0; i < mask.Length; i++) mask[i] = (byte)(i + 1);
            return new Sample(pixels, channels, height, width, 2, mask, "traceable");
        }

        [Fact]
        public void FlipMirrorsPixelsAndMaskTogether()
        {
            Sample s = Traceable(), flipped = new HorizontalFlip(1.0).Apply(s, new Random(0));
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < 6; y++)
                    for (int x = 0; x < 8; x++)
                        Assert.Equal(s.Pixels[c * 48 + y * 8 + 7 - x], flipped.Pixels[c * 48 + y * 8 + x]);
            for (int i = 0; i < 48; i++)
                Assert.Equal(s.Mask![i / 8 * 8 + 7 - i % 8], flipped.Mask![i]);
            Assert.Same(s, new HorizontalFlip(0.0).Apply(s, new Random(0)));
        }

        [Fact]
        public void CropWithPaddingKeepsTheShapeAndShiftsMaskWithPixelsPaddingTheMaskWithVoid()
        {
            var crop = new RandomCrop(3);
            int padded = 0;
            for (int seed = 0; seed < 20; seed++)
            {
                Sample s = Traceable(), cropped = crop.Apply(s, new Random(seed));
                Assert.Equal((3, 6, 8, 144, 48), (cropped.Channels, cropped.Height, cropped.Width, cropped.Pixels.Length, cropped.Mask!.Length));
                for (int i = 0; i < 48; i++)
                {
                    // Padding: zero pixels, void (no class) in the mask; never class 0, which the padded pixels do not show.
                    Assert.NotEqual(0, cropped.Mask[i]);
                    if (cropped.Mask[i] == 255)
                    {
                        padded++;
                        for (int c = 0; c < 3; c++) Assert.Equal(0f, cropped.Pixels[c * 48 + i]);
                        continue;
                    }
                    // A mask value m came from plane position m - 1; the pixels there must match, in every channel.
                    int from = cropped.Mask[i] - 1;
                    for (int c = 0; c < 3; c++) Assert.Equal(s.Pixels[c * 48 + from], cropped.Pixels[c * 48 + i]);
                }
                // One shift for the whole image: every kept pixel moved by the same offset.
                var offsets = Enumerable.Range(0, 48).Where(i => cropped.Mask[i] != 255)
                    .Select(i => (cropped.Mask[i] - 1 - i)).Distinct().ToArray();
                Assert.True(offsets.Length <= 1, $"seed {seed}: several offsets {string.Join(",", offsets)}");
            }
            Assert.True(padded > 0, "20 seeds and no crop reached the padding");
        }

        [Fact]
        public void ResizeMatchesTorchBilinearAndKeepsMaskValuesWhole()
        {
            Sample s = Traceable(height: 7, width: 5);
            Sample resized = new Resize(11, 9).Apply(s, new Random(0));
            using var source = tensor(s.Pixels, new long[] { 1, 3, 7, 5 });
            using var expected = nn.functional.interpolate(source, new long[] { 11, 9 }, mode: InterpolationMode.Bilinear, align_corners: false);
            float[] reference = expected.data<float>().ToArray();
            for (int i = 0; i < reference.Length; i++) Assert.Equal(reference[i], resized.Pixels[i], 5);
            Assert.All(resized.Mask!, m => Assert.Contains(m, s.Mask!));
            Sample down = new Resize(3, 2).Apply(s, new Random(0));
            Assert.Equal(6, down.Mask!.Length);
            Assert.Equal(s.Mask![0], down.Mask[0]);
        }

        /// <summary>
        /// Shrinking averages what each output pixel covers, as torchvision's Resize of an image does (PIL's bilinear filter)
        /// and torch's interpolate with antialias=True: sampling two pixels would alias a large photo's fine detail.
        /// </summary>
        [Theory]
        [InlineData(40, 30, 7, 5)]     // by about 6
        [InlineData(64, 64, 32, 32)]   // by exactly 2
        [InlineData(33, 50, 20, 50)]   // one axis shrinks, the other stays
        [InlineData(9, 30, 12, 20)]    // one grows, one shrinks
        public void ShrinkingMatchesTorchsAntialiasedBilinear(int height, int width, int toHeight, int toWidth)
        {
            var random = new Random(height * width);
            var pixels = new float[3 * height * width];
            for (int i = 0; i < pixels.Length; i++) pixels[i] = (float)random.NextDouble();
            var sample = new Sample(pixels, 3, height, width, 0, null, "x.png");
            Sample resized = new Resize(toHeight, toWidth).Apply(sample, new Random(0));
            using var source = tensor(pixels, new long[] { 1, 3, height, width });
            using var expected = nn.functional.interpolate(source, new long[] { toHeight, toWidth }, mode: InterpolationMode.Bilinear, align_corners: false, antialias: true);
            float[] reference = expected.data<float>().ToArray();
            Assert.All(reference.Select((value, i) => Math.Abs(value - resized.Pixels[i])), difference => Assert.True(difference < 1e-5, $"off by {difference}"));
        }

        [Fact]
        public void NormalizeUsesPerChannelStatistics()
        {
            var n = new Normalize(new[] { 0.5f, 0.25f, 0f }, new[] { 0.5f, 0.25f, 2f });
            Sample s = Traceable(), normalized = n.Apply(s, new Random(0));
            Assert.Equal((s.Pixels[48 + 7] - 0.25f) / 0.25f, normalized.Pixels[48 + 7], 5);
            Assert.Equal(s.Pixels[96] / 2f, normalized.Pixels[96], 5);
            Assert.Equal(new[] { (0.5f + 0.25f + 0f) / 3 }, n.For(1).Mean);
        }

        [Fact]
        public void JitterStaysInRangeAndZeroStrengthChangesNothing()
        {
            Sample s = Traceable();
            Sample jittered = new ColorJitter(0.8f, 0.8f, 0.8f).Apply(s, new Random(3));
            Assert.All(jittered.Pixels, p => Assert.InRange(p, 0f, 1f));
            Assert.NotEqual(s.Pixels, jittered.Pixels);
            Assert.Equal(s.Pixels, new ColorJitter(0, 0, 0).Apply(s, new Random(3)).Pixels);
        }

        [Fact]
        public void PipelineDrawsDependOnlyOnSeedEpochAndIndex()
        {
            var pipeline = AugmentationOptions.Parse("crop=2,flip,jitter=0.3").Training(new TensorShape(3, 6, 8), Normalize.ImageNet);
            Sample a = pipeline.Apply(Traceable(), SampleSeeds.ForSample(7, 2, 11));
            Sample b = pipeline.Apply(Traceable(), SampleSeeds.ForSample(7, 2, 11));
            Assert.Equal(a.Pixels, b.Pixels);
            Assert.Equal(a.Mask, b.Mask);
            bool anyDiffers = Enumerable.Range(3, 5).Any(epoch =>
                !pipeline.Apply(Traceable(), SampleSeeds.ForSample(7, epoch, 11)).Pixels.SequenceEqual(a.Pixels));
            Assert.True(anyDiffers);
        }

        [Fact]
        public void OptionsParseAndExplainMistakes()
        {
            var o = AugmentationOptions.Parse("crop=2, flip, jitter=0.1");
            Assert.Equal(new AugmentationOptions(2, true, 0.1f, 0.1f, 0.1f), o);
            Assert.Equal(AugmentationOptions.Standard, AugmentationOptions.Parse("standard"));
            Assert.Equal("crop,flip", AugmentationOptions.Standard.ToString());
            var steps = AugmentationOptions.Standard.Training(new TensorShape(3, 32, 32), Normalize.Cifar10).Steps;
            Assert.Equal(4, Assert.IsType<RandomCrop>(steps[1]).Padding);
            var error = Assert.Throws<ArgumentException>(() => AugmentationOptions.Parse("crop,rotate"));
            Assert.StartsWith("augmentations 'crop,rotate': unknown augmentation 'rotate'", error.Message);
        }
    }
}
