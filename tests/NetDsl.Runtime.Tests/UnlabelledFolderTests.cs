using System.IO;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>An autoencoder needs no labels: a flat folder of images is its data (class folders still are); a classifier's is refused as before.</summary>
    public sealed class UnlabelledFolderTests
    {
        [Fact]
        public void AnAutoencoder_TrainsOnAFlatImageFolder_WhileAClassifierIsStillRefused()
        {
            using var dir = new TempFolder();
            Directory.CreateDirectory(dir.File("flat"));
            for (int i = 0; i < 10; i++) DataTestFiles.WriteImage(dir.File($"flat/{i:00}.png"), 8, 8, seed: i);
            File.WriteAllText(dir.File("flat/notes.txt"), "not an image");
            var (code, output, error) = CliCapture.Run("train", "tinyae", "--data", "folder:" + dir.File("flat"), "--epochs", "1", "--batch", "4", "--out", dir.File("run"));
            Assert.True(code == 0, output + error);
            Assert.Contains("test PSNR", output);

            // train/ and test/ each flat too.
            foreach (string split in new[] { "train", "test" })
            {
                Directory.CreateDirectory(dir.File($"split/{split}"));
                for (int i = 0; i < 4; i++) DataTestFiles.WriteImage(dir.File($"split/{split}/{i}.png"), 8, 8, seed: i);
            }
            (code, output, error) = CliCapture.Run("train", "tinyae", "--data", "folder:" + dir.File("split"), "--epochs", "1", "--batch", "4", "--out", dir.File("run2"));
            Assert.True(code == 0, output + error);
            Assert.Contains("(4 train / 4 test", output);

            (code, _, error) = CliCapture.Run("train", "tinycnn", "--data", "folder:" + dir.File("flat"), "--epochs", "1", "--out", dir.File("run3"));
            Assert.NotEqual(0, code);
            Assert.Contains("no class folders; put each class's images in a sub-folder", error);
        }
    }
}
