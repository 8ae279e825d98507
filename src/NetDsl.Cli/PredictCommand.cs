using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using NetDsl.Runtime.Data.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>predict MODEL (--checkpoint FILE | --weights FILE) IMAGE|DIR... [--top K] [--out FILE|DIR] [--json] [--data SOURCE]
    /// [--labels FILE] [--batch N]</c>: a trained classifier's most probable classes for image files (or a segmenter's class
    /// masks), the images prepared as the model's training data was (the normalisation and class names its checkpoint or
    /// exported weights record).
    /// </summary>
    internal static class PredictCommand
    {
        public static int Run(CliArguments args, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            if (args.Positionals.Count < 2) throw new CliUsageException("'predict' needs a model name and at least one image file or folder");
            var entry = ModelLookup.Find(models, args.Positionals[0]);
            if (entry.Task is not (ModelTask.Classification or ModelTask.Segmentation))
                throw new CliUsageException($"'predict' reads classifiers and segmenters; {entry.Name} is a {entry.Task.ToString().ToLowerInvariant()} model: 'infer' writes its raw output");
            bool segmenter = entry.Task == ModelTask.Segmentation;
            int top = args.Int("top", 5, 1), batch = args.Int("batch", segmenter ? 8 : 32, 1);
            string? output = args.Value("out");
            if (segmenter && output == null) throw new CliUsageException($"'predict' of a segmenter ({entry.Name}) needs --out DIR for its masks");
            if (output != null) OutputPath.Check(output, "--out", isFolder: segmenter);
            Device device = DeviceOption.Read(args);
            var source = WeightSource.From(args, entry, required: true)!;
            var settings = Settings(args, source);
            var images = ImageInputs.Expand(args.Positionals.Skip(1));
            if (images.Count == 0) throw new InvalidDataException($"{string.Join(", ", args.Positionals.Skip(1))}: no image files (PNG, JPEG or BMP) found");

            using var network = ModelBuild.Create(entry, source.Input ?? entry.DeclaredInput, source.Classes, source.Arguments);
            source.LoadInto(network);
            if (NetDsl.Weights.WeightChecks.FirstNonFinite(network) is var (key, count))
                throw new InvalidDataException($"{source.Path}: '{key}' holds {count} NaN or infinite values (a diverged run?); its predictions would mean nothing");
            if (settings.ClassNames is { } names && args.Value("labels") != null && names.Count != network.OutputShape.C)
                throw new InvalidDataException($"{args.Value("labels")}: {names.Count} class names, but {entry.Name} with {source.Description} has {network.OutputShape.C} outputs");
            network.to(device);
            bool json = args.Flag("json");
            if (!json)   // --json prints one JSON value and nothing else
            {
                console.Out.WriteLine($"model: {entry.Name}  input: {network.InputShape}  from: {source.Path}");
                console.Out.WriteLine($"images: {images.Count}  {settings.Normalization} ({settings.Origin}); class names: {(settings.ClassNames == null ? "none (outputs shown by index)" : settings.ClassNames.Count.ToString(CultureInfo.InvariantCulture))}");
            }
            return segmenter
                ? WriteMasks(network, images, settings, batch, output!, json, console)
                : WriteClasses(network, images, settings, top, batch, output, json, console);
        }

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

        static int WriteClasses(Network network, IReadOnlyList<ImageInput> images, InferenceSettings settings, int top, int batch, string? csv, bool json, CliConsole console)
        {
            var results = network.Classify(images.Select(i => i.Path), settings, top, batch);
            if (json)
                console.Out.WriteLine(JsonSerializer.Serialize(results.Select(r => new
                {
                    image = r.Image,
                    top = r.Top.Select(s => new { index = s.Index, label = s.Label, probability = s.Probability }),
                })));
            else
                foreach (var result in results)
                    console.Out.WriteLine($"{result.Image}: " + string.Join(", ", result.Top.Select(s => string.Format(CultureInfo.InvariantCulture, "{0} {1:F4}", s.Label, s.Probability))));
            if (csv != null)
            {
                var text = new StringBuilder("image,rank,index,label,probability\n");
                foreach (var result in results)
                    for (int rank = 0; rank < result.Top.Count; rank++)
                    {
                        var s = result.Top[rank];
                        text.Append(CultureInfo.InvariantCulture, $"{Csv(result.Image)},{rank + 1},{s.Index},{Csv(s.Label)},{s.Probability.ToString("R", CultureInfo.InvariantCulture)}\n");
                    }
                File.WriteAllText(csv, text.ToString());
                if (!json) console.Out.WriteLine($"wrote {csv}");
            }
            return ExitCodes.Success;
        }

        /// <summary>
        /// One gray PNG per image under <paramref name="directory"/> (the class of each output pixel, as <c>maskfolder:</c> reads
        /// masks), at the image's path below the folder it was found in; an existing file there is refused before any is written.
        /// </summary>
        static int WriteMasks(Network network, IReadOnlyList<ImageInput> images, InferenceSettings settings, int batch, string directory, bool json, CliConsole console)
        {
            var targets = images.Select(i => Path.Combine(directory, Path.ChangeExtension(i.Name, ".png"))).ToList();
            var clash = targets.GroupBy(t => t, System.StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (clash != null)
                throw new InvalidDataException($"{clash.Key}: two images would write this mask ({string.Join(", ", images.Where((_, i) => targets[i] == clash.Key).Select(i => i.Path))}); predict them into separate --out folders");
            if (targets.FirstOrDefault(File.Exists) is string existing)
                throw new IOException($"{existing}: already exists; predict into an empty --out folder (nothing was written)");
            var results = network.Segment(images.Select(i => i.Path), settings, batch);
            var summaries = new List<object>();
            for (int i = 0; i < results.Count; i++)
            {
                var mask = results[i];
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(targets[i]))!);
                PngWriter.Write(targets[i], mask.Classes, mask.Width, mask.Height, 1);
                var fractions = mask.Fractions();
                if (json) summaries.Add(new { image = mask.Image, mask = targets[i], classes = fractions.Select(f => new { index = f.Class, label = settings.Label(f.Class), fraction = f.Fraction }) });
                else console.Out.WriteLine($"{mask.Image} -> {targets[i]}: " + string.Join(", ", fractions.Select(f => string.Format(CultureInfo.InvariantCulture, "{0} {1:F3}", settings.Label(f.Class), f.Fraction))));
            }
            if (json) console.Out.WriteLine(JsonSerializer.Serialize(summaries));
            return ExitCodes.Success;
        }

        static string Csv(string value) => value.IndexOfAny(new[] { ',', '"', '\n' }) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
    }
}
