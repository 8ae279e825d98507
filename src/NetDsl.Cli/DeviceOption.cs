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

        /// <summary>
        /// <c>  threads: N</c> (libtorch's intra-op threads) for the CPU, where the count decides the speed and, on a shared machine,
        /// the load (README: <c>OMP_NUM_THREADS=1</c>); empty for a GPU.
        /// </summary>
        public static string Threads(Device device) =>
            device.type == TorchSharp.DeviceType.CPU ? "  threads: " + get_num_threads().ToString(System.Globalization.CultureInfo.InvariantCulture) : "";

        public static Device Read(CliArguments args)
        {
            string text = args.Value(Name) ?? "auto";
            try { return DeviceSpec.Parse(text); }
            catch (System.FormatException e) { throw new CliUsageException($"--{Name}: {e.Message}"); }
        }
    }
}
