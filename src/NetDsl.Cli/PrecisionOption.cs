using TorchSharp;

namespace NetDsl.Cli
{
    /// <summary><c>--precision fp32|bf16-mixed|fp16-mixed</c> for train, eval and bench; a slow combination is a warning on stderr.</summary>
    internal static class PrecisionOption
    {
        public const string Name = "precision";

        public static Precision Parse(CliArguments args, params string[] allowed)
        {
            string text = args.Choice(Name, "fp32", allowed.Length > 0 ? allowed : PrecisionNames.All);
            PrecisionNames.TryParse(text, out var precision);
            return precision;
        }

        /// <summary>Throws (fp16 without CUDA) or warns (bf16 on a CPU without AVX512-BF16/AMX) before any work starts.</summary>
        public static void Check(Precision precision, torch.Device device, CliConsole console)
        {
            string? warning;
            try { warning = PrecisionSupport.Require(precision, device); }
            catch (System.ArgumentException e) { throw new CliUsageException("--precision: " + e.Message); }
            if (warning != null) console.Warn(warning);
        }
    }
}
