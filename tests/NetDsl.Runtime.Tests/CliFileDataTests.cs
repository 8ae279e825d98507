using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NetDsl.Cli;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Augmentations;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary><c>train</c> and <c>eval</c> on file-backed data: CIFAR-10 binaries and class folders, streamed by the prefetching loader.</summary>
    public class CliFileDataTests
    {
        static (int Code, string[] Lines, string Error) Run(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            int code = CliHost.Run(args, TestModels.Catalogue, new CliConsole(output, error, interactive: false));
            return (code, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), error.ToString());
        }

        /// <summary>CIFAR-10 binaries in <paramref name="folder"/>: 40 training images over all ten classes, the first 20 as the test set.</summary>
        static void WriteTenClassCifar(string folder)
        {
            var records = Enumerable.Range(0, 40).Select(i => ((byte)(i % 10), i)).ToArray();
            DataTestFiles.WriteCifar(Path.Combine(folder, "data_batch_1.bin"), records);
            DataTestFiles.WriteCifar(Path.Combine(folder, "test_batch.bin"), records.Take(20).ToArray());
        }

        /// <summary>Random bytes passed as --weights are named as possibly not safetensors at all, not only as a header length past the end.</summary>
        [Fact]
        public void Random_bytes_as_weights_are_named_as_maybe_not_safetensors()
        {
            using var dir = new TempFolder();
            string random = dir.File("random.bin");
            var bytes = new byte[4096];
            new Random(7).NextBytes(bytes);
            bytes[7] = 0x7f;   // a header length far past the end
            File.WriteAllBytes(random, bytes);
            var (code, _, error) = Run("eval", "tinycnn", "--weights", random, "--input", "3x8x8");
            Assert.Equal(1, code);
            Assert.EndsWith("runs past the end of the file (4096 bytes): a truncated safetensors file, or not one", error.Trim());
        }

        /// <summary>
        /// A legacy (pre-1.6, non-zip) torch.save file passed as --weights is named as PyTorch's legacy serialization with how to
        /// convert it (before: "header length … runs past the end of the file … a truncated safetensors file, or not one").
        /// </summary>
        [Fact]
        public void A_legacy_pytorch_pickle_as_weights_is_named_with_how_to_convert_it()
        {
            using var dir = new TempFolder();
            string legacy = dir.File("old.pth");
            // torch.save(sd, p, _use_new_zipfile_serialization=False) starts with its pickled magic number, then the protocol version.
            var head = new byte[] { 0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e, 0x80, 0x02, 0x4d, 0xe9, 0x03, 0x2e };
            File.WriteAllBytes(legacy, head.Concat(new byte[300]).ToArray());
            var (code, _, error) = Run("eval", "tinycnn", "--weights", legacy, "--input", "3x8x8");
            Assert.Equal(1, code);
            Assert.Contains($"{legacy}: this is PyTorch's legacy serialization", error);
            Assert.Contains("torch.save(state_dict, path) in torch >= 1.6", error);
            Assert.Contains("safetensors", error);
            Assert.DoesNotContain("runs past the end", error);
        }

        /// <summary>
        /// A .pth that is not a whole PyTorch zip archive names the file and the damage (before: "End of Central Directory record
        /// could not be found." with no file, or "a truncated safetensors file" for a .pth), through the CLI and WeightLoader.Load.
        /// </summary>
        [Fact]
        public void A_truncated_empty_or_random_pth_is_named_as_a_damaged_or_foreign_pytorch_file()
        {
            using var dir = new TempFolder();
            string whole = dir.File("whole.pth");
            using (var zip = System.IO.Compression.ZipFile.Open(whole, System.IO.Compression.ZipArchiveMode.Create))
            using (var entry = zip.CreateEntry("archive/data.pkl", System.IO.Compression.CompressionLevel.NoCompression).Open())
                entry.Write(new byte[4000]);
            byte[] bytes = File.ReadAllBytes(whole);
            string truncated = dir.File("trunc.pth"), empty = dir.File("zero.pth"), random = dir.File("random.pt");
            File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
            File.WriteAllBytes(empty, Array.Empty<byte>());
            var noise = new byte[2000];
            new Random(3).NextBytes(noise);
            noise[7] = 0x7f;
            File.WriteAllBytes(random, noise);

            var (code, _, error) = Run("eval", "tinycnn", "--weights", truncated, "--input", "3x8x8");
            Assert.Equal(1, code);
            Assert.Contains($"{truncated}: truncated or damaged PyTorch zip archive", error);
            using var net = TestModels.Catalogue.Single(m => m.Name == "tinycnn").Create();
            var e = Assert.Throws<InvalidDataException>(() => NetDsl.Weights.WeightLoader.Load(net, truncated));
            Assert.StartsWith($"{truncated}: truncated or damaged PyTorch zip archive", e.Message);
            e = Assert.Throws<InvalidDataException>(() => NetDsl.Weights.WeightLoader.Load(net, empty));
            Assert.StartsWith($"{empty}: empty file (0 bytes), not a PyTorch zip archive", e.Message);
            e = Assert.Throws<InvalidDataException>(() => NetDsl.Weights.WeightFile.Read(random));
            Assert.StartsWith($"{random}: not a PyTorch zip archive", e.Message);
            Assert.DoesNotContain("safetensors file", e.Message);
        }

        /// <summary>
        /// An output under a path that is a file is named before anything is computed (before: the file system's "Could not
        /// find a part of the path …/train/circle" or "The file … already exists"), and the file is left as it was.
        /// </summary>
        [Fact]
        public void Outputs_whose_folder_is_a_file_are_named_and_the_file_kept()
        {
            using var dir = new TempFolder();
            string file = dir.File("taken.bin");
            File.WriteAllText(file, "keep me");
            var (code, _, error) = Run("data", "shapes", "--out", file, "--count", "12");
            Assert.Equal((1, $"error: {file}: is a file, not a folder; choose another --out"), (code, error.Trim()));
            string onnx = Path.Combine(file, "model.onnx");
            (code, _, error) = Run("export", "tinycnn", "--format", "onnx", "--out", onnx);
            Assert.Equal((1, $"error: {onnx}: cannot be written: {file} is a file, not a folder; choose another --out"), (code, error.Trim()));
            string y = Path.Combine(file, "sub", "y.safetensors");
            (code, _, error) = Run("infer", "tinycnn", "--weights", file, "--input", file, "--output", y);
            Assert.Equal((1, $"error: {y}: cannot be written: {file} is a file, not a folder; choose another --output"), (code, error.Trim()));
            (code, _, error) = Run("export", "tinycnn", "--format", "safetensors", "--out", dir.Path);
            Assert.Equal((1, $"error: {dir.Path}: is a folder; --out names the file to write"), (code, error.Trim()));
            Assert.Equal("keep me", File.ReadAllText(file));
        }

        /// <summary>A --data folder that is not there is named once, with the option it came from (before: "folder folder not found").</summary>
        [Fact]
        public void A_missing_data_folder_is_named_with_its_option()
        {
            using var dir = new TempFolder();
            string missing = Path.Combine(dir.Path, "nowhere");
            var (code, _, error) = Run("train", "tinycnn", "--out", Path.Combine(dir.Path, "run"), "--data", "folder:" + missing);
            Assert.Equal(1, code);
            Assert.Equal($"error: {missing}: folder not found (--data folder:{missing})", error.Trim());
        }

        /// <summary>
        /// <c>compare --runs</c> counts the model each run trained (its head sized to the data's ten classes, not the declared
        /// six) and tells two runs of one model apart by their folders.
        /// </summary>
        [Fact]
        public void Compare_runs_counts_the_trained_head_and_labels_runs_of_one_model_by_folder()
        {
            using var dir = new TempFolder();
            WriteTenClassCifar(dir.Path);
            foreach (var run in new[] { "a", "b" })
            {
                var (trained, _, trainError) = Run("train", "tinycnn", "--data", "cifar10:" + dir.Path, "--input", "3x8x8", "--epochs", "1", "--batch", "8",
                    "--seed", run == "a" ? "1" : "2", "--out", Path.Combine(dir.Path, run));
                Assert.True(trained == 0, trainError);
            }
            string prefix = Path.Combine(dir.Path, "chart");
            var (code, _, error) = Run("compare", "--runs", Path.Combine(dir.Path, "a"), Path.Combine(dir.Path, "b") + "/", "--out", prefix);
            Assert.True(code == 0, error);
            var entry = TestModels.Catalogue.Single(m => m.Name == "tinycnn");
            long ten, six;
            using (var tenWay = entry.CreateWithClasses(10, new TensorShape(3, 8, 8))) ten = tenWay.ParameterTotal;
            using (var declared = entry.Create()) six = declared.ParameterTotal;
            Assert.NotEqual(six, ten);
            var rows = File.ReadAllLines(prefix + ".csv").Skip(1).Select(l => l.Split(',')).ToArray();
            Assert.Equal(new[] { "tinycnn (a)", "tinycnn (b)" }, rows.Select(r => r[0]));
            Assert.All(rows, r => Assert.Equal(ten.ToString(System.Globalization.CultureInfo.InvariantCulture), r[5]));
        }

        [Fact]
        public void Trains_and_evaluates_on_cifar10_binaries()
        {
            using var dir = new TempFolder();
            WriteTenClassCifar(dir.Path);
            string outDir = Path.Combine(dir.Path, "run");

            // Ten classes (CIFAR-10's names) for a six-way classifier: the head is rebuilt for the data's ten, as torchvision's
            // reference scripts do, and eval rebuilds it from the checkpoint.
            string sized = Path.Combine(dir.Path, "sized");
            var (code, lines, error) = Run("train", "tinycnn", "--data", "cifar10:" + dir.Path, "--input", "3x8x8", "--epochs", "1", "--batch", "8", "--out", sized);
            Assert.True(code == 0, error);
            Assert.Contains(lines, l => l.StartsWith("model: tinycnn  input: 3x8x8 (from --input)  classes: 10 (the data's; declared 6)", StringComparison.Ordinal));
            (code, lines, error) = Run("eval", "tinycnn", "--checkpoint", Path.Combine(sized, "best.bin"), "--data", "cifar10:" + dir.Path);
            Assert.True(code == 0, error);
            Assert.Matches(new Regex(@"^test accuracy: [01]\.\d{4}$"), lines[^1]);
            // Exported weights record the head (netdsl.classes), so --weights rebuilds it too.
            string exported = Path.Combine(dir.Path, "ten.safetensors");
            (code, _, error) = Run("export", "tinycnn", "--format", "safetensors", "--checkpoint", Path.Combine(sized, "best.bin"), "--out", exported);
            Assert.True(code == 0, error);
            (code, lines, error) = Run("eval", "tinycnn", "--weights", exported, "--input", "3x8x8", "--data", "cifar10:" + dir.Path);
            Assert.True(code == 0, error);
            Assert.Matches(new Regex(@"^test accuracy: [01]\.\d{4}$"), lines[^1]);

            // --weights whose head (6) is not the data's (10) without --classes: the head follows the data, as fine-tuning in
            // timm or Keras does (before: a 6-way head kept and refused); the backbone loads, the head is re-initialised, as
            // --classes 10 would, and eval rebuilds the 10-way head from the checkpoint.
            string weights = Path.Combine(dir.Path, "six.safetensors");
            Assert.Equal(0, Run("export", "tinycnn", "--format", "safetensors", "--input", "3x8x8", "--out", weights).Code);
            string tuned = Path.Combine(dir.Path, "tuned");
            (code, lines, error) = Run("train", "tinycnn", "--data", "cifar10:" + dir.Path, "--input", "3x8x8", "--epochs", "1", "--batch", "8",
                "--weights", weights, "--freeze", "--out", tuned);
            Assert.True(code == 0, error);
            Assert.Contains(lines, l => l.StartsWith("model: tinycnn  input: 3x8x8 (from --input)  classes: 10 (the data's; the weights' head has 6)", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith($"weights: {weights}: loaded ", StringComparison.Ordinal) &&
                                        l.Contains("re-initialised 2 whose shape differs: fc.weight [6, 32] → [10, 32], fc.bias [6] → [10]", StringComparison.Ordinal) &&
                                        l.Contains("backbone parameters and the statistics of 3 BatchNorm layers", StringComparison.Ordinal));
            (code, lines, error) = Run("eval", "tinycnn", "--checkpoint", Path.Combine(tuned, "best.bin"), "--data", "cifar10:" + dir.Path);
            Assert.True(code == 0, error);
            // A resume freezes again what the run froze (the checkpoint records it): the backbone and its BatchNorm statistics stay.
            string before = Path.Combine(dir.Path, "before.safetensors"), after = Path.Combine(dir.Path, "after.safetensors");
            Assert.Equal(0, Run("export", "tinycnn", "--format", "safetensors", "--checkpoint", Path.Combine(tuned, "checkpoint.bin"), "--out", before).Code);
            (code, lines, error) = Run("train", "tinycnn", "--data", "cifar10:" + dir.Path, "--input", "3x8x8", "--epochs", "2", "--batch", "8", "--out", tuned, "--resume");
            Assert.True(code == 0, error);
            Assert.Contains("frozen as the run was (--freeze): 9 backbone parameters and the statistics of 3 BatchNorm layers", lines);
            Assert.Equal(0, Run("export", "tinycnn", "--format", "safetensors", "--checkpoint", Path.Combine(tuned, "checkpoint.bin"), "--out", after).Code);
            using (var first = NetDsl.Weights.SafeTensors.Read(before))
            using (var second = NetDsl.Weights.SafeTensors.Read(after))
                foreach (var (key, value) in first.Entries)
                    Assert.True(key.StartsWith("fc.", StringComparison.Ordinal) != Tensors.Same(value, second[key]), key);
            // Weights whose head already fits the data (10, recorded by export) build that head and load strictly.
            (code, lines, error) = Run("train", "tinycnn", "--data", "cifar10:" + dir.Path, "--input", "3x8x8", "--epochs", "1", "--batch", "8",
                "--weights", exported, "--out", Path.Combine(dir.Path, "fits"));
            Assert.True(code == 0, error);
            Assert.Contains(lines, l => l.StartsWith("model: tinycnn  input: 3x8x8 (from --input)  classes: 10 (the data's; declared 6)", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("weights: ", StringComparison.Ordinal) && l.EndsWith($" tensors from {exported}", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains("the weights' head", StringComparison.Ordinal));

            (code, lines, error) = Run("train", "tinycnn-10", "--data", "cifar10:" + dir.Path, "--input", "3x8x8", "--epochs", "1", "--batch", "8", "--out", outDir);
            Assert.True(code == 0, error);
            Assert.Contains(lines, l => l.StartsWith("data: cifar10:" + dir.Path + " (40 train / 20 test, 10 classes)", StringComparison.Ordinal));
            Assert.Matches(new Regex(@"^test accuracy: [01]\.\d{4}$"), lines[^1]);

            (code, lines, error) = Run("eval", "tinycnn-10", "--checkpoint", Path.Combine(outDir, "checkpoint.bin"), "--data", "cifar10:" + dir.Path);
            Assert.True(code == 0, error);
            Assert.Contains(lines, l => l.StartsWith("data: cifar10:" + dir.Path + " (20 test samples)", StringComparison.Ordinal));
        }

        [Fact]
        public void Trains_on_a_folder_per_class_and_refuses_it_for_segmentation()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "train"), new[] { "cat", "dog", "owl" }, perClass: 6);
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "test"), new[] { "cat", "dog", "owl" }, perClass: 2);

            var (code, lines, error) = Run("train", "tinycnn", "--data", "folder:" + dir.Path, "--input", "3x8x8", "--epochs", "1", "--batch", "6",
                "--out", Path.Combine(dir.Path, "run"));
            Assert.True(code == 0, error);
            Assert.Contains(lines, l => l.Contains("(18 train / 6 test, 3 classes)", StringComparison.Ordinal));
            Assert.Matches(new Regex(@"^test accuracy: [01]\.\d{4}$"), lines[^1]);

            (code, _, error) = Run("train", "tinyseg", "--data", "folder:" + dir.Path, "--input", "3x8x8", "--epochs", "1");
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("has no masks", error, StringComparison.Ordinal);
        }

        [Fact]
        public void A_folder_with_one_class_is_refused_naming_the_class()
        {
            using var dir = new TempFolder();
            string data = Path.Combine(dir.Path, "data"), run = Path.Combine(dir.Path, "run");
            DataTestFiles.WriteClassFolders(data, new[] { "cat" }, perClass: 8);

            var (code, _, error) = Run("train", "tinycnn", "--data", "folder:" + data, "--input", "3x8x8", "--epochs", "1", "--batch", "4", "--out", run);
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains("the data has one class (cat); a classifier learns to tell classes apart: add at least one more class", error, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(run, "checkpoint.bin")));
        }

        /// <summary>Each training sample's pixel sum in one epoch, sorted: the same multiset whatever the shuffle, unless augmentation changes pixels.</summary>
        static double[] SampleSums(RunData data, int epoch)
        {
            var sums = new System.Collections.Generic.List<double>();
            foreach (var (images, targets) in data.Batches.Train.Epoch(epoch, TorchSharp.torch.CPU))
            using (images)
            using (targets)
            using (var perSample = images.sum(new long[] { 1, 2, 3 }))
                sums.AddRange(perSample.data<float>().ToArray().Select(v => Math.Round((double)v, 3)));
            sums.Sort();
            return sums.ToArray();
        }

        [Fact]
        public void Augment_reaches_the_training_batches_of_file_data()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "train"), new[] { "a", "b" }, perClass: 4);
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "test"), new[] { "a", "b" }, perClass: 2);
            var entry = TestModels.Catalogue.Single(m => m.Name == "tinycnn");
            var input = new TensorShape(3, 8, 8);
            using var network = entry.Create(input);
            RunData Open(AugmentationOptions? augment) => RunData.Open(entry, network, DataSource.ImageFolder(dir.Path), input, seed: 3, batchSize: 4, augment: augment);

            using (var none = Open(AugmentationOptions.None))
                Assert.Equal(SampleSums(none, 1), SampleSums(none, 2));       // none: every epoch sees the same pixels
            using (var standard = Open(null))
                Assert.NotEqual(SampleSums(standard, 1), SampleSums(standard, 2));   // the default crop and flip draw anew
        }

        [Fact]
        public void Augment_is_parsed_recorded_in_the_run_and_kept_or_overridden_on_resume()
        {
            using var dir = new TempFolder();
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "train"), new[] { "a", "b" }, perClass: 4);
            DataTestFiles.WriteClassFolders(Path.Combine(dir.Path, "test"), new[] { "a", "b" }, perClass: 2);
            string run = Path.Combine(dir.Path, "run"), checkpoint = Path.Combine(run, Checkpoint.FileName);
            string[] Train(params string[] more) => new[] { "train", "tinycnn", "--data", "folder:" + dir.Path, "--input", "3x8x8", "--batch", "4", "--out", run }
                .Concat(more).ToArray();

            // A bad word is a usage error naming it and the accepted ones; nothing is created.
            var (code, _, error) = Run(Train("--augment", "crop,flop"));
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("--augment: augmentations 'crop,flop': unknown augmentation 'flop'; use none, standard, or a list of crop[=PIXELS], flip, jitter[=STRENGTH]", error);
            Assert.False(Directory.Exists(run));
            // Data held in memory is never augmented: asking for it is refused, not ignored.
            (code, _, error) = Run("train", "tinycnn", "--input", "3x8x8", "--augment", "flip", "--out", run);
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("--augment flip: shapes data is held in memory and never augmented", error);

            (code, var lines, error) = Run(Train("--epochs", "1", "--augment", "none"));
            Assert.True(code == 0, error);
            Assert.Contains(lines, l => l.StartsWith("recipe: ", StringComparison.Ordinal) && l.EndsWith(", augment none", StringComparison.Ordinal));
            Assert.Equal("none", Checkpoint.ReadInfo(checkpoint).Settings!.Augment);

            // --resume without --augment opens the data as the run did; with another, says what it overrides.
            (code, lines, error) = Run(Train("--epochs", "2", "--resume"));
            Assert.True(code == 0, error);
            Assert.DoesNotContain(lines, l => l.Contains("--augment", StringComparison.Ordinal));
            Assert.Equal("none", Checkpoint.ReadInfo(checkpoint).Settings!.Augment);
            (code, lines, error) = Run(Train("--epochs", "3", "--resume", "--augment", "flip,jitter=0.2"));
            Assert.True(code == 0, error);
            Assert.Contains("resume overrides --augment: the run had none, now flip,jitter=0.2", lines);
            Assert.Equal("flip,jitter=0.2", Checkpoint.ReadInfo(checkpoint).Settings!.Augment);

            // Without --augment a fresh run records the default.
            (code, _, error) = Run("train", "tinycnn", "--data", "folder:" + dir.Path, "--input", "3x8x8", "--batch", "4", "--epochs", "1",
                "--out", Path.Combine(dir.Path, "default"));
            Assert.True(code == 0, error);
            Assert.Equal("crop,flip", Checkpoint.ReadInfo(Path.Combine(dir.Path, "default", Checkpoint.FileName)).Settings!.Augment);
        }
    
        /// <summary>
        /// An unreadable test image found at the epoch-end evaluation costs no training: the epoch is saved as a checkpoint after its
        /// last batch, the error points to data check and --resume, and the resume (file fixed) evaluates the epoch and ends exactly
        /// where an uninterrupted run does (before: the run folder held only steps.csv and the epoch was lost).
        /// </summary>
        [Fact]
        public void A_bad_test_image_keeps_the_epochs_training_and_resume_continues_exactly()
        {
            using var dir = new TempFolder();
            string Data(string name)
            {
                string data = dir.File(name);
                foreach (string split in new[] { "train", "test" })
                    DataTestFiles.WriteClassFolders(Path.Combine(data, split), new[] { "a", "b" }, 4);
                DataTestFiles.WriteImage(Path.Combine(data, "test", "b", "zz.png"), 8, 8, seed: 99);
                return data;
            }
            string[] Train(string data, string run, params string[] more) => new[] { "train", "tinycnn", "--data", "folder:" + data, "--input", "3x8x8",
                "--epochs", "2", "--batch", "4", "--seed", "5", "--out", run }.Concat(more).ToArray();
            string good = Data("good"), bad = Data("bad");
            var (code, _, error) = Run(Train(good, dir.File("whole")));
            Assert.True(code == 0, error);

            string image = Path.Combine(bad, "test", "b", "zz.png");
            byte[] png = File.ReadAllBytes(image);
            File.WriteAllBytes(image, png[..(png.Length / 2)]);
            string run = dir.File("run");
            (code, _, error) = Run(Train(bad, run));
            Assert.Equal(1, code);
            Assert.Contains(image, error);
            Assert.Contains($"epoch 1's training is saved in {Path.Combine(run, "checkpoint.bin")}", error);
            Assert.Contains("rerun with --resume", error);
            Assert.Contains("data check", error);

            File.WriteAllBytes(image, png);
            (code, _, error) = Run(Train(bad, run, "--resume"));
            Assert.True(code == 0, error);
            var expected = NetDsl.Runtime.Training.Checkpoint.ReadInfo(Path.Combine(dir.File("whole"), "checkpoint.bin")).History;
            var resumed = NetDsl.Runtime.Training.Checkpoint.ReadInfo(Path.Combine(run, "checkpoint.bin")).History;
            Assert.Equal(expected.Select(m => (m.Epoch, m.Step, m.LearningRate, m.TrainLoss, m.TrainMetric, m.TestLoss, m.TestMetric)),
                         resumed.Select(m => (m.Epoch, m.Step, m.LearningRate, m.TrainLoss, m.TrainMetric, m.TestLoss, m.TestMetric)));
        }

        /// <summary>
        /// A run records a folder source by its full path (eval --checkpoint from another working folder finds the data), and a
        /// resume spelling the same folder another way continues it (before: refused as another data set).
        /// </summary>
        [Fact]
        public void A_run_records_its_folder_by_full_path_and_resumes_from_another_spelling()
        {
            using var dir = new TempFolder();
            string data = dir.File("data");
            foreach (string split in new[] { "train", "test" })
                DataTestFiles.WriteClassFolders(Path.Combine(data, split), new[] { "a", "b" }, 4);
            string relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), data);
            string run = dir.File("run");
            var (code, output, error) = Run("train", "tinycnn", "--data", "folder:" + relative + "/", "--input", "3x8x8", "--epochs", "1", "--batch", "4", "--out", run);
            Assert.True(code == 0, error);
            Assert.Contains(output, l => l.StartsWith($"data: folder:{relative}/ (", System.StringComparison.Ordinal));   // the output names what was typed
            Assert.Equal("folder:" + Path.GetFullPath(data), NetDsl.Runtime.Training.Checkpoint.ReadInfo(Path.Combine(run, "checkpoint.bin")).Settings!.Data);
            (code, _, error) = Run("train", "tinycnn", "--data", "folder:" + data, "--input", "3x8x8", "--epochs", "2", "--batch", "4", "--out", run, "--resume");
            Assert.True(code == 0, error);
            foreach (string split in new[] { "train", "test" })
                DataTestFiles.WriteClassFolders(Path.Combine(dir.File("other"), split), new[] { "a", "b" }, 4);
            string other = relative + "/../other";
            (code, _, error) = Run("train", "tinycnn", "--data", "folder:" + other, "--input", "3x8x8", "--epochs", "3", "--batch", "4", "--out", run, "--resume");
            Assert.Equal(1, code);
            Assert.Contains($"the run was trained on folder:{Path.GetFullPath(data)}, not folder:{other};", error);
        }
    }
}
