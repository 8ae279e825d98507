using System;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// Where a network computes, as users write it (<c>--device cpu|cuda[:N]|auto</c>): <c>cpu</c>; <c>cuda</c> or
    /// <c>cuda:N</c>, which must exist (TorchSharp loaded a CUDA libtorch and sees that GPU); <c>auto</c>, CUDA when
    /// available, else the CPU. <c>network.to(DeviceSpec.Parse("cuda:1"))</c>.
    /// </summary>
    public static class DeviceSpec
    {
        /// <summary>What <see cref="Parse(string)"/> accepts, for help texts.</summary>
        public const string Choices = "cpu|cuda[:N]|auto";

        /// <summary>
        /// The device <paramref name="text"/> names. Throws <see cref="FormatException"/> for anything but the forms above, and
        /// <see cref="DeviceUnavailableException"/> when a CUDA device is asked for and this process has none (or fewer).
        /// </summary>
        public static Device Parse(string text)
        {
            var (type, index) = Describe(text, cuda.is_available(), () => cuda.device_count());
            return type == DeviceType.CPU ? CPU : new Device(type, index);
        }

        /// <summary>
        /// What <see cref="Parse(string)"/> decides, given what CUDA offers (so it is testable without a GPU: TorchSharp
        /// cannot even describe a CUDA device where no CUDA libtorch is loaded).
        /// </summary>
        public static (DeviceType Type, int Index) Describe(string text, bool cudaAvailable, Func<int> cudaDevices)
        {
            text ??= "";
            string t = text.Trim().ToLowerInvariant();
            if (t == "cpu") return (DeviceType.CPU, 0);
            if (t == "auto") return cudaAvailable ? (DeviceType.CUDA, 0) : (DeviceType.CPU, 0);
            if (t != "cuda" && !t.StartsWith("cuda:", StringComparison.Ordinal))
                throw new FormatException($"unknown device '{text}'; use {Choices}");
            int index = 0;
            if (t.Length > 4 && !int.TryParse(t.Substring(5), NumberStyles.None, CultureInfo.InvariantCulture, out index))
                throw new FormatException($"unknown device '{text}'; a CUDA device is cuda or cuda:N with N = 0, 1, …");
            if (!cudaAvailable) throw new DeviceUnavailableException(Absent(text) + ", or use DeviceSpec.Parse(\"cpu\") or DeviceSpec.Parse(\"auto\")").WithCommandLine(Absent(text) + ", or use --device cpu|auto");
            int count = cudaDevices();
            if (index >= count)
                throw new DeviceUnavailableException($"device '{text}' does not exist: CUDA sees {count} device{(count == 1 ? "" : "s")} (cuda:0{(count > 1 ? $"…cuda:{count - 1}" : "")})");
            return (DeviceType.CUDA, index);
        }

        /// <summary>Why CUDA is absent and what to add.</summary>
        static string Absent(string text) =>
            $"device '{text}' asked for, but CUDA is not available: TorchSharp loaded a CPU-only libtorch (NetDsl.Cpu / libtorch-cpu) " +
            "or found no NVIDIA driver. For the GPU, reference a CUDA libtorch instead of NetDsl.Cpu (Linux: libtorch-cuda-12.8-linux-x64 " +
            "2.10.0 or TorchSharp-cuda-linux 0.107.0; Windows: libtorch-cuda-12.8-win-x64 or TorchSharp-cuda-windows)";
    }

    /// <summary>A CUDA device was asked for and this process has none (or not that one); the message says what to add.</summary>
    public sealed class DeviceUnavailableException : InvalidOperationException
    {
        /// <summary>Creates the exception with the message that names the device and the package to add.</summary>
        public DeviceUnavailableException(string message) : base(message) { }
    }
}
