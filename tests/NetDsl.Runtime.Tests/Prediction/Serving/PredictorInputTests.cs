using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using NetDsl.Runtime.Data;
using Xunit;
using Xunit.Abstractions;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// What a service meets in its inputs: one bad image among good ones fails only itself, an image whose header declares more
    /// pixels than <see cref="PredictorOptions.MaxPixels"/> is refused before decoding, and a long batch stops when cancelled.
    /// </summary>
    public class PredictorInputTests(ServedModel served, ITestOutputHelper log) : IClassFixture<ServedModel>
    {
        /// <summary>A PNG signature and an IHDR chunk (valid CRC) declaring <paramref name="width"/>x<paramref name="height"/> RGB, and no pixel data.</summary>
        static byte[] PngHeaderOnly(int width, int height)
        {
            var png = new byte[8 + 25];
            new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(png, 0);
            BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(8), 13);
            "IHDR"u8.CopyTo(png.AsSpan(12));
            BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
            BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
            png[24] = 8;   // bit depth
            png[25] = 2;   // RGB
            BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Checksums.Crc32(0, png.AsSpan(12, 17)));
            return png;
        }

        [Fact]
        public void AHeaderDeclaringMorePixelsThanTheLimit_IsRefusedBeforeDecoding()
        {
            using var predictor = served.Load();
            var huge = Assert.Throws<InvalidDataException>(() => predictor.Classify(PngHeaderOnly(20000, 20000), "huge.png"));
            Assert.Contains("huge.png: its header declares 20000x20000 = 400,000,000 pixels, more than the 25,000,000 this predictor accepts (PredictorOptions.MaxPixels)", huge.Message);
            // Under PNG's absolute ceiling (16384²) but over the service default: refused by the limit, not by a decode.
            Assert.Contains("6000x6000", Assert.Throws<InvalidDataException>(() => predictor.Classify(PngHeaderOnly(6000, 6000), "big.png")).Message);
            Assert.Equal(25_000_000, PredictorOptions.DefaultMaxPixels);
        }

        [Fact]
        public void TheLimit_ReadsPngJpegAndBmpHeaders()
        {
            var pixels = DataTestFiles.Pattern(40, 30, 3, seed: 1);
            DataTestFiles.WritePng(served.File("limit/a.png"), pixels, 40, 30, 3);
            DataTestFiles.WriteJpeg(served.File("limit/a.jpg"), pixels, 40, 30, 3);
            DataTestFiles.WriteBmp(served.File("limit/a.bmp"), pixels, 40, 30, 3);
            using var strict = served.Load(new PredictorOptions { MaxPixels = 1199 });
            using var exact = served.Load(new PredictorOptions { MaxPixels = 1200 });
            foreach (string format in new[] { "png", "jpg", "bmp" })
            {
                string file = served.File("limit/a." + format);
                Assert.Contains("40x30 = 1,200 pixels, more than the 1,199", Assert.Throws<InvalidDataException>(() => strict.Classify(file)).Message);
                Assert.NotEmpty(exact.Classify(file).Top);
            }
        }

        /// <summary>An endless stream that counts the bytes it gave.</summary>
        sealed class EndlessStream : Stream
        {
            public long Given { get; private set; }
            public override int Read(byte[] buffer, int offset, int count) { Given += count; return count; }
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => Given; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }

        [Fact]
        public void AnInputLongerThanMaxBytes_IsRefusedWithoutReadingItWhole()
        {
            byte[] good = File.ReadAllBytes(served.Files[0]);
            using var strict = served.Load(new PredictorOptions { MaxBytes = good.Length - 1 });
            using var exact = served.Load(new PredictorOptions { MaxBytes = good.Length });
            string limit = $"the {good.Length - 1:N0} bytes an encoded image may have here (PredictorOptions.MaxBytes)";

            Assert.Equal($"{served.Files[0]}: {good.Length:N0} bytes, more than {limit}", Assert.Throws<InvalidDataException>(() => strict.Classify(served.Files[0])).Message);
            Assert.Equal($"upload: {good.Length:N0} bytes, more than {limit}", Assert.Throws<InvalidDataException>(() => strict.Classify(good, "upload")).Message);
            using (var stream = new MemoryStream(good))
                Assert.Equal($"body: the stream holds more than {limit}", Assert.Throws<InvalidDataException>(() => strict.Classify(stream, "body")).Message);
            var endless = new EndlessStream();
            Assert.StartsWith("socket: the stream holds more than", Assert.Throws<InvalidDataException>(() => strict.Classify(endless, "socket")).Message);
            Assert.Equal(good.Length, endless.Given);   // one byte past the limit, not the stream's end
            using (var stream = new MemoryStream(good))
                Assert.Equal(exact.Classify(served.Files[0]).Top, exact.Classify(stream, "body").Top);
            Assert.Equal(exact.Classify(served.Files[0]).Top, exact.Classify(good, "upload").Top);
            Assert.Throws<ArgumentOutOfRangeException>(() => served.Load(new PredictorOptions { MaxBytes = 0 }));
            Assert.Equal(100_000_000, PredictorOptions.DefaultMaxBytes);
        }

        [Fact]
        public void ABatch_AnswersEachInput_ABadOneFailingOnlyItself()
        {
            using var predictor = served.Load(new PredictorOptions { BatchSize = 2 });
            byte[] good = File.ReadAllBytes(served.Files[0]);
            File.WriteAllBytes(served.File("truncated.png"), good[..(good.Length / 2)]);
            var inputs = new ImageSource[]
            {
                served.Files[0], served.File("truncated.png"), served.Files[1], served.File("missing.png"),
                ImageSource.FromBytes(PngHeaderOnly(20000, 20000), "huge.png"), ImageSource.FromBytes(good, "good bytes"),
            };
            var results = predictor.ClassifyMany(inputs);

            Assert.Equal(inputs.Select(i => i.Name), results.Select(r => r.Input));
            Assert.Equal(new[] { true, false, true, false, false, true }, results.Select(r => r.Succeeded));
            Assert.StartsWith(served.File("truncated.png") + ": ", results[1].Error!.Message);
            Assert.IsType<InvalidDataException>(results[1].Error);
            Assert.IsType<FileNotFoundException>(results[3].Error);
            Assert.StartsWith("huge.png: its header declares 20000x20000", results[4].Error!.Message);
            Assert.Equal(predictor.Classify(served.Files[0]).Top, results[0].Top);
            Assert.Equal(predictor.Classify(served.Files[1]).Top, results[2].Top);
            Assert.Equal(results[0].Top, results[5].Top);
            Assert.Contains("no answer for " + served.File("missing.png"), Assert.Throws<InvalidOperationException>(() => results[3].Best).Message);
            // The single-input call throws the error, naming the input.
            Assert.StartsWith(served.File("truncated.png") + ": ", Assert.Throws<InvalidDataException>(() => predictor.Classify(served.File("truncated.png"))).Message);
        }

        /// <summary>A classifier whose answer is NaN for a dark image (the square root of its negative normalised mean) and a number otherwise.</summary>
        sealed class NaNForDarkImages : Network
        {
            TorchSharp.Modules.Linear fc = null!;

            public override NetDsl.Shapes.TensorShape DeclaredInput => new(3, 16, 16);

            protected override void Build(BuildContext ctx, ref NetDsl.Shapes.TensorShape shape)
            {
                Layers.GlobalAvgPool(ctx, "pool", ref shape, new());
                Layers.Flatten(ctx, "flatten", ref shape, new());
                fc = Layers.Linear(ctx, "fc", ref shape, new() { OutFeatures = 4 });
                register_module("fc", fc);
            }

            public override TorchSharp.torch.Tensor forward(TorchSharp.torch.Tensor x)
            {
                using var scope = TorchSharp.torch.NewDisposeScope();
                var brightness = x.mean(new long[] { 1, 2, 3 }, keepdim: false).sqrt().unsqueeze(1);
                return (fc.call(x.mean(new long[] { 2, 3 })) * brightness).MoveToOuterDisposeScope();
            }
        }

        [Fact]
        public void ABatch_AnImageTheModelAnswersWithNaN_FailsOnlyItself()
        {
            using var network = new NaNForDarkImages();
            using var predictor = new Predictor(network, InferenceSettings.ImageNet, new PredictorOptions { BatchSize = 4, Top = 2 });
            DataTestFiles.WritePng(served.File("nan/dark.png"), new byte[16 * 16 * 3], 16, 16, 3);
            DataTestFiles.WritePng(served.File("nan/light.png"), Enumerable.Repeat((byte)230, 16 * 16 * 3).ToArray(), 16, 16, 3);
            DataTestFiles.WritePng(served.File("nan/pattern.png"), DataTestFiles.Pattern(16, 16, 3, seed: 4).Select(b => (byte)(128 + b / 2)).ToArray(), 16, 16, 3);
            var files = new[] { served.File("nan/light.png"), served.File("nan/dark.png"), served.File("nan/pattern.png") };

            var results = predictor.ClassifyMany(files);

            Assert.Equal(new[] { true, false, true }, results.Select(r => r.Succeeded));
            Assert.Equal(served.File("nan/dark.png") + ": the model's output for this image holds NaN (or +infinity), so it has no class: " +
                         "the model produced NaN from the image's finite pixels (check its weights for NaN or infinity)", results[1].Error!.Message);
            Assert.IsType<InvalidOperationException>(results[1].Error);
            // The answered images get what they get alone (rows are independent in eval mode).
            Assert.Equal(predictor.Classify(files[0]).Top, results[0].Top);
            Assert.Equal(predictor.Classify(files[2]).Top, results[2].Top);
            Assert.IsType<InvalidOperationException>(Assert.ThrowsAny<Exception>(() => predictor.Classify(files[1])));
        }

        /// <summary>The token is cancelled once the first mini-batch of 3,000 images is done: the call stops before reading the next image.</summary>
        [Fact]
        public void Cancellation_StopsALongBatch_AfterItsFirstMiniBatch()
        {
            const int batch = 16, total = 3000;
            using var predictor = served.Load(new PredictorOptions { BatchSize = batch });
            using var cancel = new CancellationTokenSource();
            int pulled = 0;
            IEnumerable<ImageSource> Images()
            {
                for (int i = 0; i < total; i++)
                {
                    if (i == batch) cancel.Cancel();   // asked for the 17th: the first mini-batch has been answered
                    pulled++;
                    yield return served.Files[i % served.Files.Count];
                }
            }
            var full = Stopwatch.StartNew();
            predictor.ClassifyMany(served.Files.Take(batch).Select(f => (ImageSource)f));
            double oneBatch = full.Elapsed.TotalMilliseconds;
            var watch = Stopwatch.StartNew();
            Assert.Throws<OperationCanceledException>(() => predictor.ClassifyMany(Images(), cancel.Token));
            log.WriteLine($"cancelled after {watch.Elapsed.TotalMilliseconds:F0} ms, {pulled} of {total} images pulled; one mini-batch of {batch} takes {oneBatch:F0} ms, all {total / batch} about {oneBatch * total / batch:F0} ms");
            Assert.True(pulled <= 2 * batch, $"{pulled} images pulled");   // the second mini-batch is gathered, then refused before its first read
            Assert.True(watch.Elapsed.TotalMilliseconds < oneBatch * total / batch / 10, $"{watch.Elapsed.TotalMilliseconds:F0} ms");
        }
    }
}
