using System.Collections.Generic;
using System.CommandLine;
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
    internal static class InferCommand
    {
        /// <summary><c>infer</c>'s command line, declared once.</summary>
        internal sealed class Args(CommandSpec c)
        {
            public readonly Argument<string> Model = c.Model();
            public readonly Option<string> Weights = c.RequiredText("--weights", "FILE", "a safetensors state dict (torchvision keys), loaded strictly");
            public readonly Option<string> Input = c.RequiredText("--input", "X.safetensors", "a safetensors file with tensor 'input' (NxCxHxW)");
            public readonly Option<string> Output = c.RequiredText("--output", "Y.safetensors", "the safetensors file to write tensor 'output' to");
        }

        public static int Run(ParseResult args, Args a, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            var entry = ModelLookup.Find(models, args.GetValue(a.Model)!);
            string weights = args.GetValue(a.Weights)!;
            string inputPath = args.GetValue(a.Input)!;
            string outputPath = args.GetValue(a.Output)!;
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
