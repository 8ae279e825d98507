using System;
using NetDsl.Cli;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// The test assembly's entry point (the test SDK's generated one is switched off): <c>dotnet
    /// NetDsl.Runtime.Tests.dll cli ARGS…</c> runs the CLI host over the test catalogue, so a test can train in
    /// a child process and kill it; <c>allocator-faults</c> runs <see cref="HostAllocatorTests.ReportFaults"/>.
    /// </summary>
    public static class ChildProcessEntry
    {
        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "cli") return CliHost.Run(args[1..], TestModels.Catalogue);
            if (args.Length > 0 && args[0] == "allocator-faults") return HostAllocatorTests.ReportFaults();
            Console.Error.WriteLine("this assembly holds tests: run it with 'dotnet test', or with 'cli ARGS…' for the CLI over the test models");
            return 2;
        }
    }
}
