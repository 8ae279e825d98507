using System.IO;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Export;
using NetDsl.Shapes;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary><c>data shapes --out</c>: the synthetic set written as files reads back through the folder sources as rendered.</summary>
    public class DataShapesFolderTests
    {
        [Fact]
        public void ClassificationFolderReadsBackAsTheInMemorySet()
        {
            using var dir = new TempFolder();
            var input = new TensorShape(3, 16, 12);
            var info = ShapesFolder.Write(dir.Path, input, trainCount: 18, testCount: 7, seed: 5, masks: false);
            Assert.Equal(ShapeKinds.Count, info.ClassCount);

            var (train, test) = ImageFolderDataset.Open(dir.Path);
            Assert.Equal(ShapeKinds.Names.OrderBy(n => n, System.StringComparer.Ordinal), train.ClassNames);
            Assert.Equal((18, 7), (train.Count, test.Count));
            using var splits = ShapesDataset.Load(input, 5, 18, 7);
            AssertSame(train, splits.Train);
            AssertSame(test, splits.Test);
        }

        [Fact]
        public void SegmentationFolderHoldsImagesMasksAndClassNames()
        {
            using var dir = new TempFolder();
            var input = new TensorShape(1, 12, 12);
            ShapesFolder.Write(dir.Path, input, trainCount: 5, testCount: 3, seed: 2, masks: true);

            var (train, test) = MaskFolderDataset.Open(dir.Path);
            Assert.Equal(ShapesDataset.SegmentationClasses, train.ClassNames);
            Assert.Equal((5, 3), (train.Count, test.Count));
            using var splits = ShapesDataset.LoadSegmentation(input, 2, 5, 3);
            float[] pixels = splits.Test.Images.data<float>().ToArray();
            long[] masks = splits.Test.Targets.data<long>().ToArray();
            for (int i = 0; i < test.Count; i++)
            {
                Sample s = test.Read(i, 1);
                Assert.Equal(masks.Skip(i * 144).Take(144).Select(v => (byte)v), s.Mask!);
                Assert.Equal(pixels.Skip(i * 144).Take(144).Select(ShapesFolder.ToByte), s.Pixels.Select(ToByte));
            }
        }

        [Fact]
        public void RefusesAFolderThatAlreadyHoldsASplit()
        {
            using var dir = new TempFolder();
            Directory.CreateDirectory(Path.Combine(dir.Path, "test"));
            var e = Assert.Throws<IOException>(() => ShapesFolder.Write(dir.Path, new TensorShape(3, 8, 8), 6, 6, 0, masks: false));
            Assert.Contains(Path.Combine(dir.Path, "test"), e.Message);
        }

        /// <summary>Every file holds the in-memory image with the same index (its name) and class, rounded to bytes.</summary>
        static void AssertSame(ImageFolderDataset files, LabeledImages rendered)
        {
            int sample = (int)rendered.SampleShape.Elements;
            float[] pixels = rendered.Images.data<float>().ToArray();
            long[] labels = rendered.Targets.data<long>().ToArray();
            for (int i = 0; i < files.Count; i++)
            {
                Sample s = files.Read(i, rendered.SampleShape.C);
                int index = int.Parse(Path.GetFileNameWithoutExtension(s.Source), System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(rendered.ClassNames[(int)labels[index]], files.ClassNames[s.Label]);
                Assert.Equal(pixels.Skip(index * sample).Take(sample).Select(ShapesFolder.ToByte), s.Pixels.Select(ToByte));
            }
        }

        static byte ToByte(float unit) => (byte)System.Math.Round(unit * 255f);
    }
}
