using System.IO;
using System.Linq;
using NetDsl.Cli;
using NetDsl.Runtime.Training;
using NetDsl.Weights;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>Checkpoints as weights: bit rot named, export/infer --checkpoint, and each kind of file named when passed as the other.</summary>
    public class CheckpointInterchangeTests
    {
        static string TrainedRun(TempFolder dir)
        {
            string run = dir.File("run");
            var (code, _, error) = RobustFiles.Cli("train", "tinycnn", "--input", "3x8x8", "--epochs", "1", "--batch", "32", "--lr", "0.05", "--out", run);
            Assert.True(code == 0, error);
            return run;
        }

        [Fact]
        public void A_bit_flipped_checkpoint_is_named_and_leaves_the_model_as_it_was()
        {
            using var dir = new TempFolder();
            string path = Path.Combine(TrainedRun(dir), Checkpoint.BestFileName);
            byte[] bytes = File.ReadAllBytes(path);
            bytes[bytes.Length / 2] ^= 0x04;
            File.WriteAllBytes(path, bytes);
            random.manual_seed(0);
            using var model = new TinyCnn();
            var before = StateDictOrder.Entries(model).Select(e => e.Value.clone()).ToList();

            var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, model, null));

            Assert.StartsWith($"{path}: corrupt checkpoint: the payload's CRC-32 is 0x", error.Message);
            Assert.EndsWith("(bit rot or a damaged copy); nothing was loaded", error.Message);
            Assert.All(StateDictOrder.Entries(model).Zip(before), p => Assert.True(Tensors.Same(p.First.Value, p.Second)));
            var (code, _, cliError) = RobustFiles.Cli("eval", "tinycnn", "--checkpoint", path);
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains("corrupt checkpoint", cliError);
        }

        [Fact]
        public void Export_and_infer_take_a_checkpoint_and_name_the_option_when_given_the_other_kind()
        {
            using var dir = new TempFolder();
            string best = Path.Combine(TrainedRun(dir), Checkpoint.BestFileName);
            string weights = dir.File("w.safetensors"), input = dir.File("x.safetensors"), output = dir.File("y.safetensors");

            var (code, _, error) = RobustFiles.Cli("export", "tinycnn", "--weights", best, "--format", "safetensors", "--out", weights);
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains($"{best}: this is a NetDsl checkpoint, not safetensors; use --checkpoint {best}", error);
            Assert.False(File.Exists(weights));
            using (var model = new TinyCnn(3, 8))
            {
                // From C# the same mistake names the API to call, not the CLI's flag.
                var library = Assert.Throws<InvalidDataException>(() => WeightLoader.Load(model, best));
                Assert.Contains($"{best}: this is a NetDsl checkpoint, not safetensors; load it with Checkpoint.Load(\"{best}\", model, optimizer)", library.Message);
                Assert.DoesNotContain("--checkpoint", library.Message);
            }

            (code, var said, error) = RobustFiles.Cli("export", "tinycnn", "--checkpoint", best, "--format", "safetensors", "--out", weights);
            Assert.True(code == 0, error);
            Assert.Contains($"checkpoint {best} (epoch 1, input 3x8x8)", said);
            using (var fromCheckpoint = new TinyCnn(3, 8))
            using (var fromExport = new TinyCnn(3, 8))
            {
                Checkpoint.Load(best, fromCheckpoint, null);
                WeightLoader.Load(fromExport, weights);
                Assert.All(StateDictOrder.Entries(fromCheckpoint).Zip(StateDictOrder.Entries(fromExport)), p => Assert.True(Tensors.Same(p.First.Value, p.Second.Value), p.First.Key));
            }

            (code, _, error) = RobustFiles.Cli("eval", "tinycnn", "--checkpoint", weights);
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains($"{weights}: this is a safetensors weights file, not a NetDsl checkpoint; use --weights {weights}", error);
            using (var model = new TinyCnn(3, 8))
            {
                var library = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(weights, model, null));
                Assert.Equal($"{weights}: this is a safetensors weights file, not a NetDsl checkpoint; load it with WeightLoader.Load(model, \"{weights}\")", library.Message);
            }

            using (var x = randn(2, 3, 8, 8)) SafeTensors.Write(input, new[] { ("input", x) });
            (code, said, error) = RobustFiles.Cli("infer", "tinycnn", "--checkpoint", best, "--input", input, "--output", output);
            Assert.True(code == 0, error);
            using var y = SafeTensors.Read(output);
            Assert.Equal(new long[] { 2, 6 }, y["output"].shape);
        }
    }
}
