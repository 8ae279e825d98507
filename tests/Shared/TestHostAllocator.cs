using System;
using System.Runtime.CompilerServices;

namespace NetDsl.Tests.Shared
{
    /// <summary>Linked into each test project that runs CLI commands in its own process.</summary>
    static class TestHostAllocator
    {
        // A test host builds hundreds of different networks in one process: keep glibc's allocator, which returns
        // freed memory, rather than the block reuse the CLI turns on (HostAllocator) whenever a test runs a command
        // in-process. HostAllocatorTests measures the reuse in a child process without this variable.
        [ModuleInitializer]
        internal static void KeepSystemAllocator() => Environment.SetEnvironmentVariable(HostAllocator.OptOutVariable, "system");
    }
}
