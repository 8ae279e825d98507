using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using NetDsl.Cli;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Weights;
using StbImageWriteSharp;
using static TorchSharp.torch;

namespace NetDsl.Fuzzing
{
    /// <summary>
    /// Every file reader NetDsl has, and the CLI's argument parsing, as fuzz targets with valid seeds. The
    /// documented rejections are <see cref="InvalidDataException"/> and the not-found exceptions for
    /// files, <see cref="CliUsageException"/> for command lines; anything else is a finding.
    /// </summary>
    public static class FuzzTargets
    {
        static readonly Type[] FileErrors = { typeof(InvalidDataException), typeof(FileNotFoundException), typeof(DirectoryNotFoundException) };

        public static IReadOnlyList<FuzzTarget> All() => new[]
        {
            IdxImages(gzip: false), IdxImages(gzip: true), IdxLabels(), Cifar(), Png(), Jpeg(), Bmp(), ImageFolder(), MaskFolder(), SafeTensorsFile(), CheckpointFile(), CliArguments(),
        };

        public static FuzzTarget IdxImages(bool gzip)
        {
            var images = new byte[16 + 5 * 4 * 3];
            BinaryPrimitives.WriteInt32BigEndian(images, IdxReader.ImagesMagic);
            BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), 5);
            BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), 4);
            BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), 3);
            for (int i = 16; i < images.Length; i++) images[i] = (byte)(i * 7);
            string name = gzip ? "images.idx.gz" : "images.idx";
            return new FuzzTarget(gzip ? "idx-images-gz" : "idx-images", new[] { gzip ? Gzip(images) : images },
                (dir, input) => IdxReader.ReadImages(Write(dir, name, input)), FileErrors);
        }

        public static FuzzTarget IdxLabels()
        {
            var labels = new byte[8 + 6];
            BinaryPrimitives.WriteInt32BigEndian(labels, IdxReader.LabelsMagic);
            BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), 6);
            for (int i = 8; i < labels.Length; i++) labels[i] = (byte)(i % 10);
            return new FuzzTarget("idx-labels", new[] { labels }, (dir, input) => IdxReader.ReadLabels(Write(dir, "labels.idx", input)), FileErrors);
        }

        public static FuzzTarget Cifar()
        {
            var records = new byte[3 * Cifar10Dataset.RecordSize];
            for (int i = 0; i < records.Length; i++) records[i] = i % Cifar10Dataset.RecordSize == 0 ? (byte)(i % 10) : (byte)i;
            return new FuzzTarget("cifar10", new[] { records }, (dir, input) =>
            {
                Write(dir, "data_batch_1.bin", input);
                Write(dir, "test_batch.bin", records);
                var (train, _) = Cifar10Dataset.Open(dir);
                for (int i = 0; i < train.Count; i++) train.Read(i, 3);
            }, FileErrors);
        }

        /// <summary>Every other input gets its chunk CRCs recomputed, so the header, zlib and decoder checks behind them are fuzzed too.</summary>
        public static FuzzTarget Png() => new FuzzTarget("png", new[] { PngBytes(5, 4, 1), PngBytes(6, 3, 3), PngBytes(3, 5, 4) },
            (dir, input) => ImageFiles.Decode(Write(dir, "x.png", input), 3), FileErrors) { Repair = RepairPngCrcs };

        static byte[] RepairPngCrcs(byte[] input)
        {
            var repaired = (byte[])input.Clone();
            for (int at = 8; at + 12 <= repaired.Length;)
            {
                uint length = BinaryPrimitives.ReadUInt32BigEndian(repaired.AsSpan(at));
                if (length > (uint)(repaired.Length - at - 12)) break;
                uint crc = Checksums.Crc32(0, repaired.AsSpan(at + 4, 4 + (int)length));
                BinaryPrimitives.WriteUInt32BigEndian(repaired.AsSpan(at + 8 + (int)length), crc);
                at += 12 + (int)length;
            }
            return repaired;
        }

        public static FuzzTarget Jpeg() => new FuzzTarget("jpeg", new[] { JpegBytes(8, 8, 3), JpegBytes(9, 5, 1) },
            (dir, input) => ImageFiles.Decode(Write(dir, "x.jpg", input), 3), FileErrors);

        public static FuzzTarget Bmp() => new FuzzTarget("bmp", new[] { BmpBytes(5, 3, 3), BmpBytes(4, 4, 4) },
            (dir, input) => ImageFiles.Decode(Write(dir, "x.bmp", input), 3), FileErrors);

        /// <summary>
        /// Input: 4 layout bytes (train/test sub-folders or not, class count, images per class, extras such as a
        /// hidden folder, an empty class or a stray file), then the bytes every image file holds.
        /// </summary>
        public static FuzzTarget ImageFolder()
        {
            byte[] seed = new byte[] { 1, 2, 3, 0 }.Concat(PngBytes(6, 4, 3)).ToArray();
            return new FuzzTarget("image-folder", new[] { seed, new byte[] { 0, 3, 4, 0 }.Concat(JpegBytes(8, 8, 3)).ToArray() }, (dir, input) =>
            {
                var (layout, image) = Split(input, 4);
                bool split = (layout[0] & 1) != 0;
                int classes = layout[1] % 5, perClass = layout[2] % 6;
                foreach (string part in split ? new[] { "train", "test" } : new[] { "" })
                    for (int c = 0; c < classes; c++)
                        for (int i = 0; i < (part == "test" ? Math.Min(perClass, 1 + (layout[3] & 1)) : perClass); i++)
                            Write(Path.Combine(dir, part, "class" + c), $"img{i}.png", image);
                if ((layout[0] & 2) != 0) Directory.CreateDirectory(Path.Combine(dir, split ? "train" : "", ".hidden"));
                if ((layout[0] & 4) != 0) Directory.CreateDirectory(Path.Combine(dir, split ? "test" : "", "extra"));
                if ((layout[0] & 8) != 0) Write(dir, "notes.txt", image);
                var (train, test) = ImageFolderDataset.Open(dir);
                for (int i = 0; i < train.Count; i++) train.Read(i, 3);
                for (int i = 0; i < test.Count; i++) test.Read(i, 1);
            }, FileErrors);
        }

        /// <summary>Input: 4 layout bytes (pairs, classes.txt lines, a missing mask, train/test), 2 bytes of mask length, the mask PNG, the image PNG.</summary>
        public static FuzzTarget MaskFolder()
        {
            byte[] mask = PngBytes(6, 4, 1, value: i => (byte)(i % 3)), image = PngBytes(6, 4, 3);
            var seed = new byte[] { 4, 3, 0, 0, (byte)(mask.Length >> 8), (byte)mask.Length }.Concat(mask).Concat(image).ToArray();
            return new FuzzTarget("mask-folder", new[] { seed }, (dir, input) =>
            {
                var (layout, rest) = Split(input, 6);
                int maskLength = Math.Min(rest.Length, layout[4] << 8 | layout[5]);
                byte[] maskBytes = rest[..maskLength], imageBytes = rest[maskLength..];
                bool split = (layout[3] & 1) != 0;
                foreach (string part in split ? new[] { "train", "test" } : new[] { "" })
                    for (int i = 0; i < layout[0] % 6; i++)
                    {
                        Write(Path.Combine(dir, part, "images"), $"p{i}.png", imageBytes);
                        if (i != 3 || (layout[2] & 1) == 0) Write(Path.Combine(dir, part, "masks"), $"p{i}.png", maskBytes);
                    }
                if (layout[1] % 8 > 0)
                    File.WriteAllLines(Path.Combine(dir, MaskFolderDataset.ClassesFile), Enumerable.Range(0, layout[1] % 8).Select(c => "c" + c));
                var (train, test) = MaskFolderDataset.Open(dir);
                for (int i = 0; i < train.Count; i++) train.Read(i, 3);
                for (int i = 0; i < test.Count; i++) test.Read(i, 3);
            }, FileErrors);
        }

        public static FuzzTarget SafeTensorsFile()
        {
            using var model = NewModel();
            string temporary = Path.Combine(Path.GetTempPath(), "netdsl-fuzz-seed-" + Guid.NewGuid().ToString("N") + ".safetensors");
            WeightLoader.Save(model, temporary, new Dictionary<string, string> { ["format"] = "pt" });
            byte[] seed = File.ReadAllBytes(temporary);
            File.Delete(temporary);
            return new FuzzTarget("safetensors", new[] { seed }, (dir, input) =>
            {
                string path = Write(dir, "w.safetensors", input);
                using (var file = SafeTensors.Read(path)) { }
                using var target = NewModel();
                WeightLoader.Load(target, path, strict: true);
            }, FileErrors);
        }

        /// <summary>A format-3 checkpoint; every other input gets its length and CRC-32 recomputed, so the parser behind them is fuzzed too.</summary>
        public static FuzzTarget CheckpointFile()
        {
            using var model = NewModel();
            using var optimizer = new TrainerOptions().CreateOptimizer(model);
            string temporary = Path.Combine(Path.GetTempPath(), "netdsl-fuzz-seed-" + Guid.NewGuid().ToString("N") + ".bin");
            var info = new CheckpointInfo("fuzznet", "3x8x8", 1, 10, 0, new[] { new EpochMetrics(1, 10, 0.1, 1.5, 0.5, 1.4, 0.6, 2.0, "accuracy", null) })
            {
                Position = ResumePoint.AtEpochEnd(optimizer.Kind, 10),
                Settings = new RunSettings("shapes", 8, 0.1, "cosine", 2, "sgd"),
            };
            Checkpoint.Save(temporary, info, model, optimizer);
            byte[] seed = File.ReadAllBytes(temporary);
            File.Delete(temporary);
            return new FuzzTarget("checkpoint", new[] { seed }, (dir, input) =>
            {
                string path = Write(dir, "checkpoint.bin", input);
                using var target = NewModel();
                using var state = new TrainerOptions().CreateOptimizer(target);
                Checkpoint.Load(path, target, state);
            }, FileErrors) { Repair = RepairFrame };
        }

        static byte[] RepairFrame(byte[] input)
        {
            const int Payload = 8 + 4 + 8 + 4;
            if (input.Length < Payload || BinaryPrimitives.ReadInt32LittleEndian(input.AsSpan(8)) != Checkpoint.FormatVersion) return input;
            var repaired = (byte[])input.Clone();
            BinaryPrimitives.WriteInt64LittleEndian(repaired.AsSpan(12), repaired.Length - Payload);
            BinaryPrimitives.WriteUInt32LittleEndian(repaired.AsSpan(20), Checksums.Crc32(0, repaired.AsSpan(Payload)));
            return repaired;
        }

        /// <summary>Command lines as newline-separated tokens, parsed (not run) as the CLI host parses each command.</summary>
        public static FuzzTarget CliArguments()
        {
            string[][] seeds =
            {
                new[] { "train", "fuzznet", "--data", "folder:/tmp/x", "--input", "3x8x8", "--epochs", "2", "--batch", "8", "--lr", "0.1", "--resume", "--out", "runs/a" },
                new[] { "train", "fuzznet", "--optimizer", "adamw", "--schedule", "onecycle", "--warmup", "5", "--weight-decay", "0.01", "--clip", "1", "--patience", "2", "--checkpoint-every", "10", "--label-smoothing", "0.1" },
                new[] { "eval", "fuzznet", "--checkpoint", "a.bin", "--data", "shapes", "--batch", "4", "--seed", "3" },
                new[] { "export", "fuzznet", "--format", "safetensors", "--out", "w.safetensors", "--weights", "x.safetensors" },
                new[] { "infer", "fuzznet", "--checkpoint", "best.bin", "--input", "x.safetensors", "--output", "y.safetensors" },
                new[] { "summary", "fuzznet", "--input", "3x16x16", "--json" },
            };
            var entries = new[] { new ModelEntry("fuzznet", typeof(FuzzNet).FullName!, new NetDsl.Shapes.TensorShape(3, 8, 8), 0, 0, NewModel) };
            return new FuzzTarget("cli-arguments", seeds.Select(s => Encoding.UTF8.GetBytes(string.Join('\n', s))).ToArray(), (_, input) =>
            {
                string[] tokens = Encoding.UTF8.GetString(input).Split('\n');
                ParseOnly(tokens, entries);
            }, new[] { typeof(CliUsageException) });
        }

        static void ParseOnly(string[] tokens, IReadOnlyList<ModelEntry> entries)
        {
            if (tokens.Length == 0) return;
            var rest = tokens[1..];
            switch (tokens[0])
            {
                case "train":
                    var train = Cli.CliArguments.Parse("train", rest);
                    var entry = ModelLookup.Find(entries, train.SinglePositional("a model name"));
                    DataSourceSyntax.Parse(train.Value("data") ?? "shapes");
                    train.Shape("input");
                    TrainOptionsParser.Parse(train, entry);
                    break;
                case "eval":
                    var eval = Cli.CliArguments.Parse("eval", rest);
                    ModelLookup.Find(entries, eval.SinglePositional("a model name"));
                    eval.Shape("input");
                    eval.Int("batch", 64, 1);
                    eval.Int("seed", 0, 0);
                    break;
                case "export":
                    var export = Cli.CliArguments.Parse("export", rest);
                    ModelLookup.Find(entries, export.SinglePositional("a model name"));
                    export.Int("seed", 0, 0);
                    break;
                case "infer":
                    var infer = Cli.CliArguments.Parse("infer", rest);
                    ModelLookup.Find(entries, infer.SinglePositional("a model name"));
                    break;
                case "summary":
                    var summary = Cli.CliArguments.Parse("summary", rest);
                    ModelLookup.Find(entries, summary.SinglePositional("a model name"));
                    summary.Shape("input");
                    break;
            }
        }

        static Network NewModel()
        {
            random.manual_seed(7);
            return new FuzzNet();
        }

        static (byte[] Head, byte[] Tail) Split(byte[] input, int head)
        {
            var padded = input.Length >= head ? input : input.Concat(new byte[head - input.Length]).ToArray();
            return (padded[..head], padded[head..]);
        }

        static string Write(string directory, string name, byte[] bytes)
        {
            Directory.CreateDirectory(directory);
            string path = Path.Combine(directory, name);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        static byte[] Gzip(byte[] bytes)
        {
            using var memory = new MemoryStream();
            using (var gzip = new GZipStream(memory, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(bytes);
            return memory.ToArray();
        }

        static byte[] Pixels(int width, int height, int channels, Func<int, byte>? value) =>
            Enumerable.Range(0, width * height * channels).Select(i => value?.Invoke(i) ?? (byte)(i * 37 + 11)).ToArray();

        static StbImageWriteSharp.ColorComponents Components(int channels) => channels switch
        {
            1 => StbImageWriteSharp.ColorComponents.Grey,
            3 => StbImageWriteSharp.ColorComponents.RedGreenBlue,
            _ => StbImageWriteSharp.ColorComponents.RedGreenBlueAlpha,
        };

        static byte[] PngBytes(int width, int height, int channels, Func<int, byte>? value = null)
        {
            using var memory = new MemoryStream();
            new ImageWriter().WritePng(Pixels(width, height, channels, value), width, height, Components(channels), memory);
            return memory.ToArray();
        }

        static byte[] BmpBytes(int width, int height, int channels)
        {
            using var memory = new MemoryStream();
            new ImageWriter().WriteBmp(Pixels(width, height, channels, null), width, height, Components(channels), memory);
            return memory.ToArray();
        }

        static byte[] JpegBytes(int width, int height, int channels)
        {
            using var memory = new MemoryStream();
            new ImageWriter().WriteJpg(Pixels(width, height, channels, null), width, height, Components(channels), memory, 90);
            return memory.ToArray();
        }
    }
}
