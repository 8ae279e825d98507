using System.IO;
using System.Runtime.InteropServices;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// Running out of memory in libtorch is the user's batch or input size, said in one line with the fix, exit 1 (before: "internal
    /// error" with libtorch's 30-frame C++ stack, exit 70).
    /// </summary>
    public sealed class OutOfMemoryTests
    {
        const string LibTorchMessage = "[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: you tried to allocate 128450560 bytes. " +
            "Error code 12 (Cannot allocate memory)\nframe #0: c10::ThrowEnforceNotMet(char const*, int, char const*) + 0x68 (0x7f9dd8a1bfc8 in libc10.so)\nframe #1: …";

        [Fact]
        public void AnAllocationFailure_IsOneLineNamingTheCommandTheBatchAndTheFix()
        {
            int built = 0;
            // The catalogue builds one sample; the command's own build fails as libtorch's allocator does.
            var hungry = TestModels.Entry("hungry", () => ++built == 1 ? new TinyCnn() : throw new ExternalException(LibTorchMessage));
            using var dir = new TempFolder();
            var output = new StringWriter();
            var error = new StringWriter();
            int code = NetDsl.Cli.CliHost.Run(new[] { "train", "hungry", "--batch", "40", "--epochs", "1", "--out", dir.File("run") }, new[] { hungry },
                new NetDsl.Cli.CliConsole(output, error, interactive: false));
            Assert.Equal(1, code);
            Assert.Equal("error: out of memory in 'train' at batch size 40 (128 MB more were asked for): lower --batch (or the input size, --input)",
                error.ToString().Trim());
        }
    }
}
