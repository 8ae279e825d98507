using static TorchSharp.torch;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>--device cpu|cuda[:N]|auto</c> (default auto) on the commands that compute: a misspelt device is a usage error;
    /// CUDA asked for and absent fails the command with <see cref="DeviceUnavailableException"/>'s message (what to add).
    /// </summary>
    internal static class DeviceOption
    {
        public const string Name = "device";

        public static Device Read(CliArguments args)
        {
            string text = args.Value(Name) ?? "auto";
            try { return DeviceSpec.Parse(text); }
            catch (System.FormatException e) { throw new CliUsageException($"--{Name}: {e.Message}"); }
        }
    }
}
