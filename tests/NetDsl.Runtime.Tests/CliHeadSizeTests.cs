using System.IO;
using System.Linq;
using NetDsl.Weights;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>Weights whose output head has another size than the model's: the error names the head's size and <c>--classes</c>.</summary>
    public class CliHeadSizeTests
    {
        static (int Code, string Output, string Error) Run(params string[] args) => CliCapture.Run(args);

        [Fact]
        public void Weights_with_another_head_size_name_the_classes_option()
        {
            using var dir = new TempFolder();
            string recorded = dir.File("recorded.safetensors"), bare = dir.File("w3.safetensors");
            var (code, _, error) = Run("export", "tinycnn", "--format", "safetensors", "--classes", "3", "--out", recorded);
            Assert.True(code == 0, error);
            // Without the netdsl.classes metadata export records, as a state dict saved by PyTorch comes.
            using (var tensors = SafeTensors.Read(recorded))
                SafeTensors.Write(bare, tensors.Select(t => (t.Key, t.Value)).ToList());
            (code, _, error) = Run("export", "tinycnn", "--format", "safetensors", "--weights", bare, "--out", dir.File("y.safetensors"));
            Assert.Equal(1, code);
            Assert.Contains("shape mismatches", error);
            Assert.Contains("; the file's head has 3 outputs: pass --classes 3 (to fine-tune with a new head instead: train MODEL --weights FILE --classes N)", error);
            (code, _, error) = Run("export", "tinycnn", "--format", "safetensors", "--weights", bare, "--classes", "3", "--out", dir.File("y.safetensors"));
            Assert.True(code == 0, error);
        }

        [Fact]
        public void A_head_wider_than_the_data_trains_with_a_note_on_its_unused_outputs()
        {
            using var dir = new TempFolder();
            var (code, output, error) = Run("train", "tinycnn", "--input", "3x8x8", "--epochs", "1", "--train-images", "32", "--batch", "16", "--classes", "8",
                "--out", dir.File("run"));
            Assert.True(code == 0, error);
            Assert.Contains("note: --classes 8 for data with 6 classes: outputs 6..7 are never a target (leave --classes out to size the head to the data)", output);
        }
    }
}
