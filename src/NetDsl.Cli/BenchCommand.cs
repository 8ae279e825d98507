using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetDsl.Runtime.Benchmarking;
using TorchSharp;
using NetDsl.Shapes;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>bench MODEL [--input CxHxW] [--batch N] [--precision all|fp32|bf16-mixed|fp16-mixed] [--mode train|eval|all] [--json]</c>:
    /// median step times and images/s of the training step and the eval forward, next to the same network's plain
    /// fp32 eager run in the same process (see <see cref="ModelBench"/>).
    /// </summary>
    internal static class BenchCommand
    {
        /// <summary>Said in the output rather than measured: bench times NetDsl only.</summary>
        public const string OnnxNote = "ONNX Runtime: not measured here; export MODEL --format onnx writes a file it runs";

        public static int Run(CliArguments args, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            var entry = ModelLookup.Find(models, args.SinglePositional("a model name"));
            TensorShape? input = args.Shape("input");
            string precision = args.Choice("precision", "all", "all", "fp32", "bf16-mixed", "fp16-mixed");
            var options = new BenchOptions
            {
                Batch = args.Int("batch", 32, 1),
                Rounds = args.Int("rounds", 15, 1),
                Seed = args.Int("seed", 0, 0),
                Mode = args.Choice("mode", "all", "train", "eval", "all") switch { "train" => BenchMode.Train, "eval" => BenchMode.Eval, _ => BenchMode.All },
                Precisions = precision switch
                {
                    "fp32" => System.Array.Empty<Precision>(),
                    "all" => new[] { Precision.Bf16Mixed },
                    _ => new[] { PrecisionNames.TryParse(precision, out var p) ? p : Precision.Fp32 },
                },
            };
            TorchSharp.torch.random.manual_seed(options.Seed);
            var device = DeviceOption.Read(args);
            using Network network = ModelBuild.Create(entry, input, null, ModelBuild.Arguments(args, entry));
            network.to(device);
            string? warning = options.Precisions.Select(p => PrecisionSupport.Require(p, PrecisionSupport.DeviceOf(network))).FirstOrDefault(w => w != null);
            if (warning != null) console.Error.WriteLine("warning: " + warning);
            var sections = ModelBench.Run(network, options);
            console.Out.WriteLine(args.Flag("json") ? Json(entry.Name, network.InputShape, options, sections) : Text(entry.Name, network.InputShape, options, sections));
            return ExitCodes.Success;
        }

        static string Text(string name, TensorShape input, BenchOptions options, IReadOnlyList<BenchSection> sections)
        {
            var lines = new List<string>
            {
                string.Format(CultureInfo.InvariantCulture, "bench {0}  input {1}  batch {2}  threads {3}  {4} alternating rounds after {5} warm-up",
                    name, input, options.Batch, TorchSharp.torch.get_num_threads(), options.Rounds, options.Warmup),
            };
            foreach (var section in sections)
            {
                lines.Add(section.Mode + ":");
                foreach (var v in section.Variants)
                    lines.Add(string.Format(CultureInfo.InvariantCulture, "  {0,-22} {1,9:F1} ms  {2,8:F1} images/s  ratio to {3} {4:F3}",
                        v.Name, v.MedianMs, section.ImagesPerSecond(v), ModelBench.Baseline, v.RatioToBaseline));
            }
            lines.Add(OnnxNote);
            return string.Join(System.Environment.NewLine, lines);
        }

        static string Json(string name, TensorShape input, BenchOptions options, IReadOnlyList<BenchSection> sections) =>
            JsonText.Of(json =>
            {
                json.WriteStartObject();
                json.WriteString("model", name);
                json.WriteStartArray("input");
                foreach (int size in input.ToArray()) json.WriteNumberValue(size);
                json.WriteEndArray();
                json.WriteNumber("batch", options.Batch);
                json.WriteNumber("threads", TorchSharp.torch.get_num_threads());
                json.WriteNumber("rounds", options.Rounds);
                json.WriteNumber("warmup", options.Warmup);
                json.WriteString("baseline", ModelBench.Baseline);
                json.WriteString("onnx", OnnxNote);
                foreach (var section in sections)
                {
                    json.WriteStartArray(section.Mode);
                    foreach (var v in section.Variants)
                    {
                        json.WriteStartObject();
                        json.WriteString("name", v.Name);
                        json.WriteNumber("medianMs", System.Math.Round(v.MedianMs, 3));
                        json.WriteNumber("imagesPerSecond", System.Math.Round(section.ImagesPerSecond(v), 2));
                        json.WriteNumber("ratioToBaseline", System.Math.Round(v.RatioToBaseline, 4));
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            });
    }
}
