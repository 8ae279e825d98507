using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using NetDsl.Runtime.Data.Export;
using NetDsl.Runtime.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>predict MODEL (--checkpoint FILE | --weights FILE) IMAGE|DIR... [--top K] [--min-score X] [--mask-size image|model]
    /// [--out FILE|DIR] [--json] [--data SOURCE] [--labels FILE] [--batch N]</c>: a trained classifier's most probable classes for image files (a
    /// segmenter's class masks, a detector's boxes, a region proposal network's proposals), the images prepared as the model's training data was (the normalisation
    /// and class names its checkpoint or exported weights record).
    /// </summary>
    internal static class PredictCommand
    {
        public static int Run(CliArguments args, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            if (args.Positionals.Count < 2) throw new CliUsageException("'predict' needs a model name and at least one image file or folder");
            var entry = ModelLookup.Find(models, args.Positionals[0]);
            if (entry.Task is not (ModelTask.Classification or ModelTask.Segmentation or ModelTask.Detection or ModelTask.RegionProposal))
                throw new CliUsageException($"'predict' reads classifiers, segmenters, detectors and region proposal networks; {entry.Name} is a {entry.Task.ToString().ToLowerInvariant()} model: 'infer' writes its raw output");
            bool segmenter = entry.Task == ModelTask.Segmentation;
            bool proposer = entry.Task == ModelTask.RegionProposal;   // --top: the proposals kept per image (10 unless given)
            int top = args.Int("top", proposer ? 10 : 5, 1), batch = args.Int("batch", segmenter ? 8 : 32, 1);
            double minScore = args.Number("min-score", 0, 1) ?? (proposer ? 0.5 : 0.25);
            bool atImageSize = args.Choice("mask-size", "image", "image", "model") == "image";
            string? output = args.Value("out");
            if (segmenter && output == null) throw new CliUsageException($"'predict' of a segmenter ({entry.Name}) needs --out DIR for its masks");
            // The images a folder argument holds are inputs too: --out is checked against every file it reads, not only the arguments.
            var images = ImageInputs.Expand(args.Positionals.Skip(1));
            if (output != null) OutputPath.Check(output, "--out", isFolder: segmenter, args: args, images: args.Positionals.Skip(1).Concat(images.Select(i => i.Path)));
            Device device = DeviceOption.Read(args);
            var source = WeightSource.From(args, entry, required: true)!;
            var settings = Settings(args, source);
            if (images.Count == 0) throw new InvalidDataException($"{string.Join(", ", args.Positionals.Skip(1))}: no image files (PNG, JPEG or BMP) found");

            using var network = ModelBuild.Create(entry, source.Input ?? entry.DeclaredInput, source.Classes, source.Arguments);
            source.LoadInto(network);
            if (NetDsl.Weights.WeightChecks.FirstNonFinite(network) is var (key, count))
                throw new InvalidDataException($"{source.Path}: '{key}' holds {count} NaN or infinite values (a diverged run?); its predictions would mean nothing");
            int outputs = network.OutputShape.C;
            bool detector = entry.Task == ModelTask.Detection;
            if (settings.ClassNames is { } names && args.Value("labels") != null && !proposer && (detector ? names.Count >= outputs || (outputs - names.Count) % 5 != 0 : names.Count != outputs))
                throw new InvalidDataException($"{args.Value("labels")}: {names.Count} class names, but {entry.Name} with {source.Description} has {outputs} " +
                                               (detector ? "channels per cell, B·5 + classes" : "outputs"));
            network.to(device);
            bool json = args.Flag("json");
            if (!json)   // --json prints one JSON value and nothing else
            {
                console.Out.WriteLine($"model: {entry.Name}  input: {network.InputShape}  from: {source.Path}{DeviceOption.Threads(device)}");
                // The statistics as applied to the model's channels (a gray model's are the RGB ones averaged), not as recorded.
                console.Out.WriteLine(proposer
                    ? $"images: {images.Count}  {settings.Normalization.For(network.InputShape.C)} ({settings.Origin}); region proposals: class-agnostic objects, {RegionProposals.AnchorsPerCell(outputs)} anchors per cell, NMS at IoU {RegionProposals.NmsIoU}, at most {top} per image, boxes clipped to the image"
                    : $"images: {images.Count}  {settings.Normalization.For(network.InputShape.C)} ({settings.Origin}); class names: {(settings.ClassNames == null ? "none (outputs shown by index)" : settings.ClassNames.Count.ToString(CultureInfo.InvariantCulture))}");
            }
            // One file that cannot be read costs only its own result: the others are printed (and written), then one error line per
            // bad file on stderr, and the exit code is 1.
            var failures = new List<string>();
            int code = entry.Task switch
            {
                ModelTask.Segmentation => WriteMasks(network, images, settings, batch, atImageSize, output!, json, console, failures),
                ModelTask.Detection => WriteObjects(Tolerant(images, batch, failures, chunk => network.Detect(chunk, settings, minScore, Prediction.BoxesPerCell(network, settings), batch)), minScore, output, json, console),
                ModelTask.RegionProposal => WriteObjects(Tolerant(images, batch, failures, chunk => network.Propose(chunk, settings, minScore, top, batch)), minScore, output, json, console),
                _ => WriteClasses(network, images, settings, top, batch, output, json, console, failures),
            };
            if (failures.Count == 0) return code;
            console.Out.Flush();
            foreach (string failure in failures) console.Error.WriteLine("error: " + failure);
            console.Error.WriteLine($"error: {failures.Count} of {images.Count} images could not be predicted (listed above); the other {images.Count - failures.Count} were");
            return ExitCodes.Failure;
        }

        /// <summary>
        /// <paramref name="predict"/> over the images <paramref name="batch"/> at a time, each batch's results as soon as it is done (a
        /// million images are written as they come, never held); a batch that fails on a file (unreadable, not an image, truncated)
        /// is run again image by image, so each bad file adds its error to <paramref name="failures"/> and the rest their results.
        /// </summary>
        static IEnumerable<IReadOnlyList<T>> Tolerant<T>(IReadOnlyList<ImageInput> images, int batch, List<string> failures, System.Func<IReadOnlyList<string>, IReadOnlyList<T>> predict)
        {
            for (int start = 0; start < images.Count; start += batch)
            {
                var chunk = new List<string>();
                for (int i = start; i < System.Math.Min(images.Count, start + batch); i++) chunk.Add(images[i].Path);
                IReadOnlyList<T> results;
                try
                {
                    results = predict(chunk);
                }
                catch (System.Exception e) when (IsFileError(e))
                {
                    var one = new List<T>();
                    foreach (string path in chunk)
                    {
                        try { one.AddRange(predict(new[] { path })); }
                        catch (System.Exception error) when (IsFileError(error)) { failures.Add(NetDsl.CommandLineWording.For(error)); }
                    }
                    results = one;
                }
                yield return results;
            }
        }

        static bool IsFileError(System.Exception e) => e is InvalidDataException or IOException or System.UnauthorizedAccessException;

        /// <summary>The checkpoint's or weights file's recorded settings, else ImageNet's; <c>--data</c> and <c>--labels</c> override each part.</summary>
        static InferenceSettings Settings(CliArguments args, WeightSource source)
        {
            var settings = source.Inference ?? InferenceSettings.ImageNet with { Origin = $"ImageNet's statistics: {source.Path} records none; --data names the data it was trained on" };
            if (args.Value("data") is string data)
            {
                var given = DataSourceSyntax.Parse(data);
                settings = settings with { Normalization = given.Normalization, Origin = $"the {given.KindName} data's statistics (--data)" };
            }
            if (args.Value("labels") is string labels)
            {
                if (!File.Exists(labels)) throw new FileNotFoundException($"{labels}: labels file not found (--labels: one class name per line)", labels);
                var lines = File.ReadAllLines(labels).Select(l => l.Trim()).ToList();
                while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
                if (lines.Count == 0) throw new InvalidDataException($"{labels}: no class names (--labels: one class name per line)");
                settings = settings with { ClassNames = lines };
            }
            return settings;
        }

        /// <summary>
        /// The CSV at <paramref name="path"/> (null: none), its missing parent folders created (as export, infer and train create theirs),
        /// written batch by batch into a hidden temporary beside it (<see cref="NetDsl.Files.ReplacingFile"/>) and renamed over it at the
        /// end: whole or not at all, as every file the CLI writes, while memory stays flat and a killed run's rows are in the temporary.
        /// </summary>
        static NetDsl.Files.ReplacingFile? OpenCsv(string? path, string header)
        {
            if (path == null) return null;
            var file = new NetDsl.Files.ReplacingFile(path);
            file.Append(header + "\n");
            return file;
        }

        /// <summary>Renames the finished CSV over <paramref name="path"/> and says so (not under --json, which prints one value and nothing else).</summary>
        static void FinishCsv(NetDsl.Files.ReplacingFile? file, string? path, bool json, CliConsole console)
        {
            if (file == null) return;
            file.Commit();
            if (!json) console.Out.WriteLine($"wrote {path}");
        }

        static int WriteClasses(Network network, IReadOnlyList<ImageInput> images, InferenceSettings settings, int top, int batch, string? csv, bool json, CliConsole console,
            List<string> failures)
        {
            using var rows = OpenCsv(csv, "image,rank,index,label,probability");
            var array = json ? new JsonArrayLines(console.Out) : null;
            foreach (var results in Tolerant(images, batch, failures, chunk => network.Classify(chunk, settings, top, batch)))
            {
                // The batch's rows are on disk before its lines are printed: what the console shows is what a killed run keeps.
                var text = new StringBuilder();
                foreach (var result in results)
                    for (int rank = 0; rank < result.Top.Count; rank++)
                    {
                        var s = result.Top[rank];
                        text.Append(CultureInfo.InvariantCulture, $"{Csv(result.Image)},{rank + 1},{s.Index},{Csv(s.Label)},{s.Probability.ToString("R", CultureInfo.InvariantCulture)}\n");
                    }
                rows?.Append(text.ToString());
                foreach (var result in results)
                {
                    if (array != null)
                        array.Add(json =>
                        {
                            json.WriteStartObject();
                            json.WriteString("image", result.Image);
                            json.WriteStartArray("top");
                            foreach (var s in result.Top)
                            {
                                json.WriteStartObject();
                                json.WriteNumber("index", s.Index);
                                json.WriteString("label", s.Label);
                                json.WriteNumber("probability", s.Probability);
                                json.WriteEndObject();
                            }
                            json.WriteEndArray();
                            json.WriteEndObject();
                        });
                    else
                        console.Out.WriteLine($"{result.Image}: " + string.Join(", ", result.Top.Select(s => string.Format(CultureInfo.InvariantCulture, "{0} {1:F4}", s.Label, s.Probability))));
                }
            }
            array?.End();
            FinishCsv(rows, csv, json, console);
            return ExitCodes.Success;
        }

        /// <summary>
        /// One gray PNG per image under <paramref name="directory"/> (the class of each pixel, as <c>maskfolder:</c> reads masks; at the
        /// image's own size unless <paramref name="atImageSize"/> is off), at the image's path below the folder it was found in; an
        /// existing file there is refused before any is written.
        /// </summary>
        static int WriteMasks(Network network, IReadOnlyList<ImageInput> images, InferenceSettings settings, int batch, bool atImageSize, string directory, bool json, CliConsole console,
            List<string> failures)
        {
            var targets = images.Select(i => Path.Combine(directory, Path.ChangeExtension(i.Name, ".png"))).ToList();
            var clash = targets.GroupBy(t => t, System.StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (clash != null)
                throw new InvalidDataException($"{clash.Key}: two images would write this mask ({string.Join(", ", images.Where((_, i) => targets[i] == clash.Key).Select(i => i.Path))}); predict them into separate --out folders");
            if (targets.FirstOrDefault(File.Exists) is string existing)
                throw new IOException($"{existing}: already exists; predict into an empty --out folder (nothing was written)");
            var targetOf = new Dictionary<string, string>(System.StringComparer.Ordinal);
            for (int i = 0; i < images.Count; i++) targetOf[images[i].Path] = targets[i];
            var array = json ? new JsonArrayLines(console.Out) : null;
            foreach (var results in Tolerant(images, batch, failures, chunk => network.Segment(chunk, settings, batch, atImageSize)))
                foreach (var mask in results)
                {
                    string target = targetOf[mask.Image];
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
                    PngWriter.Write(target, mask.Classes, mask.Width, mask.Height, 1);
                    var fractions = mask.Fractions();
                    if (array != null)
                        array.Add(writer =>
                        {
                            writer.WriteStartObject();
                            writer.WriteString("image", mask.Image);
                            writer.WriteString("mask", target);
                            writer.WriteStartArray("classes");
                            foreach (var f in fractions)
                            {
                                writer.WriteStartObject();
                                writer.WriteNumber("index", f.Class);
                                writer.WriteString("label", MaskLabel(settings, f.Class));
                                writer.WriteNumber("fraction", (double)f.Fraction);
                                writer.WriteEndObject();
                            }
                            writer.WriteEndArray();
                            writer.WriteEndObject();
                        });
                    else console.Out.WriteLine($"{mask.Image} -> {target}: " + string.Join(", ", fractions.Select(f => string.Format(CultureInfo.InvariantCulture, "{0} {1:F3}", MaskLabel(settings, f.Class), f.Fraction))));
                }
            array?.End();
            return ExitCodes.Success;
        }

        static int WriteObjects(IEnumerable<IReadOnlyList<ImageDetection>> batches, double minScore, string? csv, bool json, CliConsole console)
        {
            static string F(float v) => v.ToString("F3", CultureInfo.InvariantCulture);
            using var rows = OpenCsv(csv, "image,index,label,score,x0,y0,x1,y1,px0,py0,px1,py1");
            var array = json ? new JsonArrayLines(console.Out) : null;
            foreach (var results in batches)
            {
                var text = new StringBuilder();   // on disk before the batch's lines are printed, as for classes
                foreach (var result in results)
                    foreach (var o in result.Objects)
                    {
                        float[] p = Pixels(result, o);
                        text.Append(CultureInfo.InvariantCulture, $"{Csv(result.Image)},{o.Index},{Csv(o.Label)},{o.Score:R},{o.X0:R},{o.Y0:R},{o.X1:R},{o.Y1:R},{p[0]:F1},{p[1]:F1},{p[2]:F1},{p[3]:F1}\n");
                    }
                rows?.Append(text.ToString());
                foreach (var result in results)
                {
                    if (array != null)
                        array.Add(writer =>
                        {
                            writer.WriteStartObject();
                            writer.WriteString("image", result.Image);
                            writer.WriteNumber("width", result.Width);
                            writer.WriteNumber("height", result.Height);
                            writer.WriteStartArray("objects");
                            foreach (var o in result.Objects)
                            {
                                writer.WriteStartObject();
                                writer.WriteNumber("index", o.Index);
                                writer.WriteString("label", o.Label);
                                writer.WriteNumber("score", o.Score);
                                Numbers(writer, "box", o.X0, o.Y0, o.X1, o.Y1);
                                Numbers(writer, "pixels", Pixels(result, o));
                                writer.WriteEndObject();
                            }
                            writer.WriteEndArray();
                            writer.WriteEndObject();
                        });
                    else
                        console.Out.WriteLine($"{result.Image}: " + (result.Objects.Count == 0
                            ? string.Format(CultureInfo.InvariantCulture, "nothing scoring {0} or more", minScore)
                            : string.Join(", ", result.Objects.Select(o => $"{o.Label} {F(o.Score)} [{F(o.X0)} {F(o.Y0)} {F(o.X1)} {F(o.Y1)}]"))));
                }
            }
            array?.End();
            FinishCsv(rows, csv, json, console);
            return ExitCodes.Success;
        }

        /// <summary>A mask value's name: the class's, or "void" for the border a cropping model does not see.</summary>
        static string MaskLabel(InferenceSettings settings, int value) =>
            value == ImageSegmentation.Void ? "void" : settings.Label(value);

        /// <summary>A box's corners in its image's pixels, clipped to the image.</summary>
        static float[] Pixels(ImageDetection image, DetectedObject found)
        {
            var (x0, y0, x1, y1) = image.PixelBox(found);
            return new[] { x0, y0, x1, y1 };
        }

        static string Csv(string value) => NetDsl.Files.CsvText.Field(value);

        static void Numbers(System.Text.Json.Utf8JsonWriter writer, string name, params float[] values)
        {
            writer.WriteStartArray(name);
            foreach (float v in values) writer.WriteNumberValue(v);
            writer.WriteEndArray();
        }
    }
}
