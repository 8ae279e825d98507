using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary><c>train --test-images N</c> sizes the shapes set's test split as <c>--train-images</c> sizes its training split.</summary>
    public sealed class TestImagesOptionTests
    {
        /// <summary>Before: only zoo-train had it; train scored the card's 1,000 test images (an unknown option here).</summary>
        [Fact]
        public void Train_TakesTestImages_ForTheShapesSet()
        {
            using var dir = new TempFolder();
            var (code, output, error) = CliCapture.Run("train", "tinyseg", "--train-images", "24", "--test-images", "12", "--epochs", "1", "--batch", "8", "--out", dir.File("run"));
            Assert.True(code == 0, output + error);
            Assert.Contains("(24 train / 12 test", output);
            Assert.Equal(2, CliCapture.Run("train", "tinyseg", "--test-images", "0", "--out", dir.File("r2")).code);
            Assert.Contains("--test-images N", CliCapture.Run("train", "--help").output);
        }
    }
}
