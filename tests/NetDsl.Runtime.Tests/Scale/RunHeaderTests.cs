using System.Linq;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// <c>train</c> and <c>predict</c> say how many threads libtorch uses on the CPU (as <c>bench</c> does), and <c>train</c> notes a
    /// <c>--batch</c> larger than the training split (one step of the whole split, while the recipe line names the batch asked for).
    /// </summary>
    public sealed class RunHeaderTests
    {
        [Fact]
        public void Train_NamesTheThreads_AndNotesABatchLargerThanTheData_PredictNamesTheThreads()
        {
            using var dir = new TempFolder();
            string threads = "  threads: " + TorchSharp.torch.get_num_threads();
            var (code, output, error) = CliCapture.Run("train", "tinycnn", "--device", "cpu", "--epochs", "1", "--train-images", "40", "--test-images", "8", "--batch", "64",
                "--out", dir.File("run"));
            Assert.True(code == 0, output + error);
            Assert.Contains(output.Split('\n'), l => l.StartsWith("data: ", System.StringComparison.Ordinal) && l.Contains(threads + "  out: ", System.StringComparison.Ordinal));
            Assert.Contains("note: --batch 64 is more than the 40 training images: each epoch is one step of 40", output);

            string image = dir.File("a.png");
            DataTestFiles.WriteImage(image, 32, 32, seed: 1);
            (code, output, error) = CliCapture.Run("predict", "tinycnn", "--device", "cpu", "--checkpoint", dir.File("run/checkpoint.bin"), image);
            Assert.True(code == 0, output + error);
            Assert.EndsWith(threads, output.Split('\n')[0].TrimEnd('\r'));
        }
    }
}
