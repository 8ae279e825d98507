using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetDsl.Shapes;
using NetDsl.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>infer MODEL (--checkpoint FILE | --weights FILE) --input X.safetensors --output Y.safetensors</c>: loads
    /// the weights strictly, runs tensor <c>input</c> (N×C×H×W, floating point) in eval mode without gradients
    /// on <c>--device</c> (default auto) and writes tensor <c>output</c>. The model is built at the checkpoint's input (or its declared
    /// one); an input of another C×H×W is accepted when the model builds there with the same weight shapes
    /// (global pooling), else refused naming the input and the shape the model takes.
    /// </summary>
    internal static class InferCommand
    {
        public static int Run(CliArguments args, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            var entry = ModelLookup.Find(models, args.SinglePositional("a model name"));
            string inputPath = args.Value("input") ?? throw new CliUsageException("'infer' needs --input X.safetensors");
            string outputPath = OutputPath.Check(args.Value("output") ?? throw new CliUsageException("'infer' needs --output Y.safetensors"), "--output", args: args);
            Device device = DeviceOption.Read(args);
            var source = WeightSource.From(args, entry, required: true)!;

            using var scope = NewDisposeScope();
            using var inputs = SafeTensors.Read(inputPath);
            if (!inputs.TryGetValue("input", out Tensor? x))
                throw new InvalidDataException($"{inputPath}: no tensor named 'input' (it has {(inputs.Count == 0 ? "none" : string.Join(", ", inputs.Keys.Take(10).Select(k => "'" + k + "'")))})");
            bool oneD = entry.DeclaredInput.Is1d;
            if (x.dim() != (oneD ? 3 : 4) || x.shape.Skip(1).Any(d => d <= 0 || d > int.MaxValue))
                throw new InvalidDataException($"{inputPath}: tensor 'input' has shape [{string.Join(", ", x.shape)}]; expected {(oneD ? "N x C x L with positive C, L" : "N x C x H x W with positive C, H, W")}");
            if (!x.is_floating_point())
                throw new InvalidDataException($"{inputPath}: tensor 'input' is {x.dtype}; expected floating point (F32)");

            TensorShape reference = source.Input ?? entry.DeclaredInput;
            var network = ModelBuild.Create(entry, reference, source.Classes, source.Arguments);
            source.LoadInto(network);
            var shape = oneD ? TensorShape.Sequence((int)x.shape[1], (int)x.shape[2]) : new TensorShape((int)x.shape[1], (int)x.shape[2], (int)x.shape[3]);
            if (shape != reference) network = Rebuild(entry, network, shape, reference, inputPath, x, source);
            using (network)
            {
                network.to(device);
                using var inference = network.ForInference();   // eval mode, no autograd, BatchNorm folded
                Tensor y = inference.forward(x.to_type(ScalarType.Float32).to(device)).cpu();
                SafeTensors.Write(outputPath, new[] { ("output", y) }, new Dictionary<string, string> { [NetDsl.Weights.WeightLoader.ModelMetadataKey] = entry.Name });
                console.Out.WriteLine($"{entry.Name}: input [{string.Join(", ", x.shape)}] -> output [{string.Join(", ", y.shape)}] written to {outputPath}");
            }
            return ExitCodes.Success;
        }

        /// <summary>
        /// The model at the input's size with the loaded weights, when its weights keep their shapes there;
        /// otherwise the input is at fault, and the error names it and the shape the model takes.
        /// </summary>
        static Network Rebuild(ModelEntry entry, Network loaded, TensorShape shape, TensorShape reference, string inputPath, Tensor x, WeightSource source)
        {
            string refused = $"{inputPath}: tensor 'input' has shape [{string.Join(", ", x.shape)}], but {entry.Name} with {source.Description} takes N x {reference.C} x {reference.H} x {reference.W}";
            Network resized;
            try { resized = ModelBuild.Create(entry, shape, source.Classes, source.Arguments); }
            catch (ShapeException e)
            {
                loaded.Dispose();
                throw new InvalidDataException($"{refused} ({e.Message})");
            }
            var weights = StateDictOrder.Entries(loaded).ToDictionary(e => e.Key, e => e.Value);
            var report = WeightLoader.Load(resized, weights, strict: false, source.Path);
            loaded.Dispose();
            if (report.Complete) return resized;
            resized.Dispose();
            throw new InvalidDataException($"{refused}: at {shape} its weights would change shape ({string.Join(", ", report.ShapeMismatches.Take(3))})");
        }
    }
}
