using System;
using System.IO;
using NetDsl.Runtime.Data;
using Xunit;

namespace NetDsl.Conformance.Tests
{
    /// <summary>BMP images, as PIL writes them, decode to the pixels PIL's <c>convert("RGB")</c> gives (torchvision's ImageFolder).</summary>
    public class BmpDecodingTests
    {
        [OracleFact]
        public void BmpPixelsAreThoseOfPilsConvertRgbInEveryDepthPilWrites()
        {
            using var dir = new TempDir();
            Oracle.RunScriptFile("bmp_oracle.py", dir.Path);
            foreach (string name in new[] { "rgb24", "gray8", "palette8", "mono1", "rgba32" })
            {
                string bmp = Path.Combine(dir.Path, name + ".bmp");
                var image = ImageFiles.Decode(bmp, 3);
                byte[] expected = File.ReadAllBytes(Path.Combine(dir.Path, name + ".rgb"));
                Assert.Equal((7, 5), (image.Width, image.Height));
                Assert.True(expected.AsSpan().SequenceEqual(image.Data), $"{name}: NetDsl's pixels differ from PIL's convert(\"RGB\")");
            }
        }
    }
}
