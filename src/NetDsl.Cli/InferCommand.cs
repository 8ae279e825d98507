using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetDsl.Shapes;
using NetDsl.Weights;
using static TorchSharp.torch;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>infer MODEL --weights FILE --input X.safetensors --output Y.safetensors</c>: loads the weights
    /// strictly, runs tensor <c>input</c> (N×C×H×W, floating point) in eval mode without gradients on the
    /// CPU and writes tensor <c>output</c>. The model is built at the input's C×H×W when that differs from
    /// its declared input (the same shape rules run at construction).
    /// </summary>
    public static class InferCommand
    {
        public static readonly string[] ValueOptions = { "weights", "input", "output" };
        public static readonly string[] Flags = System.Array.Empty<string>();

        public static int Run(CliArguments args, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            var entry = ModelLookup.Find(models, args.SinglePositional("a model name"));
            string weights = args.Value("weights") ?? throw new CliUsageException("'infer' needs --weights FILE");
            string inputPath = args.Value("input") ?? throw new CliUsageException("'infer' needs --input X.safetensors");
            string outputPath = args.Value("output") ?? throw new CliUsageException("'infer' needs --output Y.safetensors");
            if (!File.Exists(weights)) throw new FileNotFoundException($"{weights}: weights file not found", weights);

            using var scope = NewDisposeScope();
            using var inputs = SafeTensors.Read(inputPath);
            if (!inputs.TryGetValue("input", out Tensor? x))
                throw new InvalidDataException($"{inputPath}: no tensor named 'input' (it has {(inputs.Count == 0 ? "none" : string.Join(", ", inputs.Keys.Take(10).Select(k => "'" + k + "'")))})");
            if (x.dim() != 4 || x.shape.Skip(1).Any(d => d <= 0 || d > int.MaxValue))
                throw new InvalidDataException($"{inputPath}: tensor 'input' has shape [{string.Join(", ", x.shape)}]; expected N x C x H x W with positive C, H, W");
            if (!x.is_floating_point())
                throw new InvalidDataException($"{inputPath}: tensor 'input' is {x.dtype}; expected floating point (F32)");

            var shape = new TensorShape((int)x.shape[1], (int)x.shape[2], (int)x.shape[3]);
            using var network = shape == entry.DeclaredInput ? entry.Create() : entry.Create(shape);
            WeightLoader.Load(network, weights, strict: true);
            network.eval();
            Tensor y;
            using (no_grad()) y = network.forward(x.to_type(ScalarType.Float32));
            SafeTensors.Write(outputPath, new[] { ("output", y) }, new Dictionary<string, string> { ["netdsl.model"] = entry.Name });
            console.Out.WriteLine($"{entry.Name}: input [{string.Join(", ", x.shape)}] -> output [{string.Join(", ", y.shape)}] written to {outputPath}");
            return ExitCodes.Success;
        }
    }
}
