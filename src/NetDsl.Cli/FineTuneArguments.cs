using System.IO;
using NetDsl.Weights;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>train</c>'s fine-tuning options: <c>--classes N</c> builds the model with an N-way head, and then
    /// <c>--weights FILE</c> (a PyTorch <c>.pth</c>/<c>.pt</c> or safetensors) loads the backbone and leaves the
    /// head keys whose shape differs at their fresh initialisation, naming them; <c>--freeze</c> also stops
    /// gradients to every loaded parameter. Without <c>--classes</c>, <c>--weights</c> loads strictly.
    /// </summary>
    internal sealed record FineTuneArguments(int? Classes, bool Freeze)
    {
        /// <summary>Reads and checks the options (<c>--freeze</c> needs <c>--weights</c>).</summary>
        public static FineTuneArguments Parse(CliArguments args)
        {
            int? classes = args.Value("classes") == null ? null : args.Int("classes", 1, 1);
            bool freeze = args.Flag("freeze");
            if (freeze && args.Value("weights") == null) throw new CliUsageException("--freeze needs --weights: it freezes the loaded backbone");
            return new FineTuneArguments(classes, freeze);
        }

        /// <summary>Loads <paramref name="weights"/> into <paramref name="network"/> and writes what happened to <paramref name="output"/>.</summary>
        public void Load(Network network, string weights, TextWriter output)
        {
            if (Classes == null && !Freeze)
            {
                var loaded = WeightLoader.Load(network, weights, strict: true);
                output.WriteLine($"weights: {loaded.Loaded.Count} tensors from {weights}");
                return;
            }
            var report = FineTuning.LoadBackbone(network, weights, Freeze);
            output.WriteLine($"weights: {weights}: {report.Describe()}");
        }
    }
}
