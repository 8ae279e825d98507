using System.IO;
using System.Linq;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>predict's header names the normalisation it applies to the model's channels.</summary>
    public sealed class PredictHeaderTests
    {
        /// <summary>A gray model given ImageNet's statistics uses them averaged (before: the header printed the 3-channel ones).</summary>
        [Fact]
        public void AGrayModelsHeader_PrintsTheAveragedStatistics_ItUses()
        {
            using var dir = new TempFolder();
            string weights = dir.File("w.safetensors"), image = dir.File("a.png");
            Assert.Equal(0, CliCapture.Run("export", "tinycnn-gray", "--format", "safetensors", "--out", weights).code);
            DataTestFiles.WriteImage(image, 28, 28, seed: 1);
            Directory.CreateDirectory(dir.File("data"));
            var (code, output, error) = CliCapture.Run("predict", "tinycnn-gray", "--weights", weights, "--data", "folder:" + dir.File("data"), image);
            Assert.True(code == 0, output + error);
            Assert.DoesNotContain("0.485/0.456/0.406", output);
            Assert.Contains($"normalize (mean {new[] { 0.485f, 0.456f, 0.406f }.Average()}, std {new[] { 0.229f, 0.224f, 0.225f }.Average()})", output);
        }
    }
}
