using System.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// Whether a precision is fast or possible where it runs. bf16 on CPU: fast with AVX512-BF16 or AMX (Linux: the
    /// <c>/proc/cpuinfo</c> flags <c>avx512_bf16</c>, <c>amx_bf16</c>); without them libtorch still computes bf16
    /// correctly but emulated and slower than fp32, so callers warn and go on. Elsewhere (Windows, macOS) the flags
    /// are not read and the warning says the support is unknown. fp16 runs on CUDA only (refused on CPU).
    /// </summary>
    public static class PrecisionSupport
    {
        static readonly System.Lazy<bool?> cpuBf16 = new(ReadCpuBf16);

        /// <summary>True/false where /proc/cpuinfo says so, null where it cannot be read.</summary>
        public static bool? CpuHasBf16 => cpuBf16.Value;

        /// <summary>A warning for a slow combination, or null; throws for an impossible one (fp16 on CPU).</summary>
        public static string? Require(Precision precision, Device device)
        {
            if (precision == Precision.Fp16Mixed && device.type != DeviceType.CUDA)
                throw new System.ArgumentException("fp16-mixed needs CUDA (dynamic loss scaling for fp16 tensor cores); on CPU use bf16-mixed");
            if (precision != Precision.Bf16Mixed || device.type != DeviceType.CPU) return null;
            return CpuHasBf16 switch
            {
                true => null,
                false => "this CPU has neither AVX512-BF16 nor AMX: bf16-mixed runs correctly but emulated, slower than fp32",
                null => "cannot tell whether this CPU has AVX512-BF16 or AMX (no /proc/cpuinfo): bf16-mixed is slower than fp32 without them",
            };
        }

        /// <summary>
        /// Whether <paramref name="device"/> computes <paramref name="precision"/> in hardware: fp32 always, bf16 on CUDA or
        /// on a CPU known to have AVX512-BF16 or AMX, fp16 on CUDA. Elsewhere it is emulated, slower than fp32; with hardware
        /// it beats fp32 where the convolutions are large enough (tests/NetDsl.Benchmarks --precision-layers). A model
        /// card's precision applies only where this holds.
        /// </summary>
        public static bool IsFast(Precision precision, Device device) => precision switch
        {
            Precision.Fp32 => true,
            Precision.Fp16Mixed => device.type == DeviceType.CUDA,
            _ => device.type == DeviceType.CUDA || (device.type == DeviceType.CPU && CpuHasBf16 == true),
        };

        /// <summary>The device of the module's first parameter (the CPU for one without).</summary>
        public static Device DeviceOf(nn.Module module)
        {
            foreach (var p in module.parameters()) return p.device;
            return CPU;
        }

        static bool? ReadCpuBf16()
        {
            const string path = "/proc/cpuinfo";
            if (!File.Exists(path)) return null;
            try
            {
                foreach (var line in File.ReadLines(path))
                {
                    if (!line.StartsWith("flags", System.StringComparison.Ordinal)) continue;
                    var flags = " " + line.Substring(line.IndexOf(':') + 1).Trim() + " ";
                    return flags.Contains(" avx512_bf16 ", System.StringComparison.Ordinal) || flags.Contains(" amx_bf16 ", System.StringComparison.Ordinal);
                }
                return false;
            }
            catch (IOException) { return null; }
        }
    }
}
