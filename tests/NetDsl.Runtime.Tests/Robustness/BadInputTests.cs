using System;
using System.IO;
using System.Linq;
using NetDsl.Cli;
using NetDsl.Runtime.Training;
using NetDsl.Weights;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// The defects of the robustness issue, each fed its bad input through the CLI: the error names the file,
    /// field and value, the exit code says failure, and nothing already written changes.
    /// </summary>
    public class BadInputTests
    {
        [Fact]
        public void An_option_missing_its_value_does_not_swallow_the_next_option()
        {
            using var dir = new TempFolder();
            string run = dir.File("run");
            var (code, output, error) = RobustFiles.Cli("train", "tinycnn", "--batch", "--lr", "0.1", "--out", run);
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Equal("", output);
            Assert.Equal("error: --batch needs a number and got '--lr'", error.Trim());
            Assert.False(Directory.Exists(run));
        }

        [Fact]
        public void A_png_whose_data_fails_its_checksum_stops_training_naming_the_file()
        {
            using var dir = new TempFolder();
            string data = Path.Combine(dir.Path, "data"), run = Path.Combine(dir.Path, "run");
            var files = DataTestFiles.WriteClassFolders(Path.Combine(data, "train"), new[] { "a", "b" }, perClass: 4);
            DataTestFiles.WriteClassFolders(Path.Combine(data, "test"), new[] { "a", "b" }, perClass: 2);
            string bad = files["b"][1];
            RobustFiles.FlipAfter(bad, "IDAT", 6);   // inside the compressed data: stb would decode it silently
            var before = RobustFiles.Fingerprint(data);

            var (code, _, error) = RobustFiles.Cli("train", "tinycnn", "--data", "folder:" + data, "--input", "3x8x8", "--epochs", "1", "--batch", "4", "--out", run);

            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains($"{bad}: chunk 'IDAT' at byte ", error);
            Assert.Contains("fails its CRC", error);
            Assert.Equal(before, RobustFiles.Fingerprint(data));
            Assert.False(File.Exists(Path.Combine(run, Checkpoint.FileName)));
        }

        [Fact]
        public void A_png_with_a_valid_crc_but_a_wrong_adler32_is_named()
        {
            using var dir = new TempFolder();
            string path = Path.Combine(dir.Path, "x.png");
            DataTestFiles.WriteImage(path, 8, 6, seed: 1);
            byte[] bytes = File.ReadAllBytes(path);
            int idat = bytes.AsSpan().IndexOf("IDAT"u8) - 4;
            int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(idat));
            bytes[idat + 8 + length - 1] ^= 0x01;   // the Adler-32's last byte; then the chunk's CRC made to match
            uint crc = Runtime.Data.Checksums.Crc32(0, bytes.AsSpan(idat + 4, 4 + length));
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(idat + 8 + length), crc);
            File.WriteAllBytes(path, bytes);

            var error = Assert.Throws<InvalidDataException>(() => Runtime.Data.ImageFiles.Decode(path, 3));
            Assert.StartsWith($"{path}: the image data fails its Adler-32 checksum", error.Message);
        }

        [Fact]
        public void A_truncated_jpeg_is_named_instead_of_decoded_grey()
        {
            using var dir = new TempFolder();
            string path = Path.Combine(dir.Path, "x.jpg");
            DataTestFiles.WriteJpeg(path, DataTestFiles.Pattern(16, 16, 3, 2), 16, 16, 3);
            byte[] bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..^20]);   // inside the scan: stb would fill the rest with grey
            var error = Assert.Throws<InvalidDataException>(() => Runtime.Data.ImageFiles.Decode(path, 3));
            Assert.Equal($"{path}: truncated at byte {bytes.Length - 20}: no end-of-image marker", error.Message);
        }

        [Fact]
        public void A_safetensors_file_with_a_huge_unexpected_tensor_is_refused_from_its_header()
        {
            using var dir = new TempFolder();
            string path = Path.Combine(dir.Path, "w.safetensors");
            random.manual_seed(1);
            using var model = new TinyCnn();
            var keys = StateDictOrder.Entries(model).Select(e => (e.Key, e.Value.shape)).ToList();
            // The model's own entries plus a 1.6 GB 'extra' tensor; the file is sparse, so the test costs nothing.
            const long Huge = 400_000_000;
            long modelBytes = keys.Sum(k => k.shape.Aggregate(4L, (a, d) => a * d));
            RobustFiles.WriteHeaderOnly(path, keys.Append(("extra", new[] { Huge })), modelBytes + 4 * Huge);
            var before = StateDictOrder.Entries(model).Select(e => e.Value.clone()).ToList();

            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            var error = Assert.Throws<InvalidDataException>(() => WeightLoader.Load(model, path));
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;

            Assert.Equal($"{path}: does not fit TinyCnn: unexpected keys (1): extra", error.Message);
            Assert.True(allocated < 10_000_000, $"{allocated:N0} bytes allocated to refuse the file");
            Assert.All(StateDictOrder.Entries(model).Zip(before), p => Assert.True(Tensors.Same(p.First.Value, p.Second)));

            var (code, _, cliError) = RobustFiles.Cli("export", "tinycnn", "--weights", path, "--format", "safetensors", "--out", dir.File("out.safetensors"));
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains("unexpected keys (1): extra", cliError);
            Assert.False(File.Exists(dir.File("out.safetensors")));
        }

        [Fact]
        public void A_safetensors_header_claiming_more_than_the_file_holds_is_refused_before_reading()
        {
            using var dir = new TempFolder();
            string path = Path.Combine(dir.Path, "w.safetensors");
            RobustFiles.WriteHeaderOnly(path, new[] { ("conv1.weight", new[] { 400_000_000L }) }, dataLength: 64);
            using var model = new TinyCnn();
            var error = Assert.Throws<InvalidDataException>(() => WeightLoader.Load(model, path));
            Assert.Equal($"{path}: entry 'conv1.weight': data_offsets [0, 1600000000] run past the data buffer (64 bytes)", error.Message);
        }

        [Fact]
        public void Infer_with_an_input_of_the_wrong_channels_names_the_input_and_the_shape_the_model_takes()
        {
            using var dir = new TempFolder();
            string weights = dir.File("w.safetensors"), input = dir.File("x.safetensors"), output = dir.File("y.safetensors");
            Assert.Equal(0, RobustFiles.Cli("export", "tinycnn", "--format", "safetensors", "--out", weights).Code);
            using (var x = randn(2, 1, 32, 32)) SafeTensors.Write(input, new[] { ("input", x) });

            var (code, _, error) = RobustFiles.Cli("infer", "tinycnn", "--weights", weights, "--input", input, "--output", output);

            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains($"{input}: tensor 'input' has shape [2, 1, 32, 32], but tinycnn with weights from {weights} takes N x 3 x 32 x 32", error);
            Assert.DoesNotContain("does not fit", error);
            Assert.False(File.Exists(output));
        }

        [Fact]
        public void An_image_folder_too_small_to_split_names_the_folder_and_the_split()
        {
            using var dir = new TempFolder();
            string data = dir.File("data");
            DataTestFiles.WriteClassFolders(data, new[] { "a", "b" }, perClass: 1);
            var (code, _, error) = RobustFiles.Cli("train", "tinycnn", "--data", "folder:" + data, "--input", "3x8x8", "--epochs", "1", "--out", dir.File("run"));
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains($"{data}: too small to split: 2 images in 2 classes leave the test split empty", error);
            Assert.DoesNotContain("Parameter", error);
        }

        [Fact]
        public void A_mask_value_above_the_models_classes_names_the_mask_file()
        {
            using var dir = new TempFolder();
            for (int i = 0; i < 4; i++)
            {
                DataTestFiles.WriteImage(Path.Combine(dir.Path, "images", $"m{i}.png"), 8, 8, seed: i);
                DataTestFiles.WriteMask(Path.Combine(dir.Path, "masks", $"m{i}.png"), 8, 8, classes: i == 2 ? 9 : 2);
            }
            string culprit = Path.Combine(dir.Path, "masks", "m2.png");
            // --classes 7 fixes the head (without it train would size the head to the masks' nine classes).
            var (code, _, error) = RobustFiles.Cli("train", "tinyseg", "--data", "maskfolder:" + dir.Path, "--input", "3x8x8", "--epochs", "1", "--classes", "7", "--out", dir.File("run"));
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains($"{culprit} holds class 8; no classes.txt lists the classes", error);
        }

        [Fact]
        public void Eval_refuses_weights_holding_nan_naming_the_file_and_key()
        {
            using var dir = new TempFolder();
            string weights = dir.File("nan.safetensors");
            random.manual_seed(2);
            using (var model = new TinyCnn())
            {
                using var held = new ScalarScope();
                using (no_grad()) model.named_parameters().First().parameter.fill_(held[float.NaN]);
                WeightLoader.Save(model, weights);
            }
            var (code, output, error) = RobustFiles.Cli("eval", "tinycnn", "--weights", weights, "--input", "3x32x32");
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains($"{weights}: 'conv1.weight' holds 432 NaN or infinite values", error);
            Assert.DoesNotContain("test accuracy", output);
        }
    }
}
