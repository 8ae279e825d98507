using System;
using System.IO;
using NetDsl.Cli;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// <c>--device cpu|cuda[:N]|auto</c> and <see cref="DeviceSpec"/>: the forms, auto falling back to the CPU, and the error
    /// when CUDA is asked for and absent (this machine has no CUDA libtorch; no test here needs a GPU).
    /// </summary>
    public sealed class DeviceOptionTests
    {
        static (int Code, string Output, string Error) Run(params string[] args) => CliCapture.Cli(args);

        [Fact]
        public void Spec_ReadsEachForm_AndRefusesWhatIsAbsentOrMisspelt()
        {
            Assert.Equal((DeviceType.CPU, 0), DeviceSpec.Describe("cpu", true, () => 2));
            Assert.Equal((DeviceType.CPU, 0), DeviceSpec.Describe("auto", false, () => 0));
            Assert.Equal((DeviceType.CUDA, 0), DeviceSpec.Describe("auto", true, () => 1));
            Assert.Equal((DeviceType.CUDA, 1), DeviceSpec.Describe("CUDA:1", true, () => 2));
            Assert.Equal(DeviceType.CPU, DeviceSpec.Parse("auto").type);   // no CUDA here
            var missing = Assert.Throws<DeviceUnavailableException>(() => DeviceSpec.Describe("cuda:2", true, () => 2));
            Assert.Equal("device 'cuda:2' does not exist: CUDA sees 2 devices (cuda:0…cuda:1)", missing.Message);
            var absent = Assert.Throws<DeviceUnavailableException>(() => DeviceSpec.Describe("cuda", false, () => 0));
            Assert.Contains("CUDA is not available", absent.Message);
            Assert.Contains("libtorch-cuda-12.8-linux-x64", absent.Message);
            Assert.EndsWith(", or use DeviceSpec.Parse(\"cpu\") or DeviceSpec.Parse(\"auto\")", absent.Message);   // C#, not the CLI's --device
            Assert.EndsWith(", or use --device cpu|auto", CommandLineWording.For(absent));
            Assert.Throws<FormatException>(() => DeviceSpec.Describe("gpu", true, () => 1));
            Assert.Throws<FormatException>(() => DeviceSpec.Describe("cuda:x", true, () => 1));
        }

        [Fact]
        public void Cli_CudaWithoutCuda_FailsSayingWhatToAdd_AndAMisspeltDeviceIsAUsageError()
        {
            Assert.False(cuda.is_available(), "this test expects a machine without CUDA (CI)");
            foreach (var command in new[] { "train", "eval", "infer", "bench" })
            {
                var args = command switch
                {
                    "eval" => new[] { "eval", "tinycnn", "--weights", "missing.safetensors", "--device", "cuda" },
                    "infer" => new[] { "infer", "tinycnn", "--weights", "w.safetensors", "--input", "x.safetensors", "--output", "y.safetensors", "--device", "cuda" },
                    _ => new[] { command, "tinycnn", "--device", "cuda:0" },
                };
                var r = Run(args);
                Assert.True(r.Code == ExitCodes.Failure, $"{command}: exit {r.Code}, {r.Error}");
                Assert.Contains("CUDA is not available", r.Error);
                Assert.Contains("--device cpu|auto", r.Error);
            }
            var bad = Run("train", "tinycnn", "--device", "gpu");
            Assert.Equal(ExitCodes.Usage, bad.Code);
            Assert.Equal("error: --device: unknown device 'gpu'; use cpu|cuda[:N]|auto", bad.Error.Trim());
        }
    }
}
