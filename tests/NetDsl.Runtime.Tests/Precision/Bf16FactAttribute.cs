using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// A test that compares bf16 numbers with fp32 ones on the CPU: skipped, with the reason, on a CPU whose bf16
    /// convolution fails <see cref="Bf16ConvCheck"/>'s probe (libtorch 2.10 on a Zen 5 host), where the library itself
    /// warns that bf16-mixed is unreliable.
    /// </summary>
    public sealed class Bf16FactAttribute : FactAttribute
    {
        public Bf16FactAttribute()
        {
            if (Bf16ConvCheck.CpuIsFaulty)
                Skip = $"this CPU's bf16 convolution is wrong in libtorch 2.10 (probe {Bf16ConvCheck.ProbeError:P0} off): PrecisionSupport warns, nothing to compare";
        }
    }
}
