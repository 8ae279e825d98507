using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    public class HostAllocatorTests
    {
        const long Floats = 64L << 20; // a 256 MB tensor: far over glibc's 32 MB mmap ceiling
        const int Cycles = 8;

        // The setting is for the whole process and cannot be undone, so a child process measures both sides.
        [Fact]
        public void Large_tensors_allocated_again_after_reuse_is_on_no_longer_fault_their_pages_in()
        {
            if (!OperatingSystem.IsLinux()) return;
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(typeof(ChildProcessEntry).Assembly.Location);
            info.ArgumentList.Add("allocator-faults");
            using var child = Process.Start(info)!;
            string output = child.StandardOutput.ReadToEnd(), error = child.StandardError.ReadToEnd();
            child.WaitForExit();
            Assert.True(child.ExitCode == 0, output + error);

            var fields = output.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
            Assert.Equal("True", fields["applied"]);
            long pages = Floats * 4 / Environment.SystemPageSize, before = long.Parse(fields["before"]), after = long.Parse(fields["after"]);
            // glibc's default: every allocation is a fresh mapping whose pages fault in as zeros() writes them.
            Assert.True(before > Cycles * pages / 2, $"{before} page faults over {Cycles} allocations of {pages} pages with the default allocator");
            // With reuse on, most allocations find a freed block (now and then a background thread's small allocation
            // splits one and a cycle faults again).
            Assert.True(after < before / 4, $"{after} page faults with reuse on against {before} without");
        }

        /// <summary>The child's side: page faults over the same allocations before and after <see cref="HostAllocator.ReuseLargeBlocks"/>.</summary>
        public static int ReportFaults()
        {
            // This assembly's module initializer opted out (TestHostAllocator); the child measures the CLI's default.
            Environment.SetEnvironmentVariable(HostAllocator.OptOutVariable, null);
            long before = FaultsDuring(AllocateCycles);
            bool applied = HostAllocator.ReuseLargeBlocks();
            // The heap grows to hold the blocks over the first few steps (freed blocks and libtorch's aligned requests
            // fit together only once neighbours have coalesced): a training run's steady state is what counts.
            for (int i = 0; i < 3; i++) AllocateCycles();
            long after = FaultsDuring(AllocateCycles);
            Console.WriteLine($"applied={applied} before={before} after={after}");
            return 0;
        }

        static void AllocateCycles()
        {
            for (int i = 0; i < Cycles; i++)
                using (var t = zeros(Floats)) { }
        }

        static long FaultsDuring(Action action)
        {
            long start = MinorFaults();
            action();
            return MinorFaults() - start;
        }

        // /proc/self/stat: the 10th field (minflt), counted after the command name's closing parenthesis.
        static long MinorFaults()
        {
            string stat = File.ReadAllText("/proc/self/stat");
            return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[7]);
        }
    }
}
