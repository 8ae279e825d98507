using System;
using System.IO;
using System.Linq;
using NetDsl.Fuzzing;
using Xunit;
using Xunit.Abstractions;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// A few thousand mutated inputs per reader (the benchmarks' fuzz mode runs 100,000+): only documented
    /// exceptions naming the input, no hang, no allocation beyond the input's size.
    /// </summary>
    public class FuzzTests(ITestOutputHelper log)
    {
        public static TheoryData<string> Targets() => new TheoryData<string>(FuzzTargets.All().Select(t => t.Name));

        [Theory]
        [MemberData(nameof(Targets))]
        public void Mutated_inputs_get_only_named_documented_errors(string name)
        {
            var target = FuzzTargets.All().Single(t => t.Name == name);
            var report = FuzzRunner.Run(target, inputs: 2000, seed: 17);
            log.WriteLine(report.ToString());
            Assert.True(report.Findings.Count == 0, string.Join("\n\n", report.Findings.Take(5)));
            Assert.Equal(2000, report.Inputs);
            Assert.True(report.Rejected.Values.Sum() > 100, "the mutations hardly reach the reader's checks");
        }
    

        // The runner's allocation budget is per file handed to the reader: one small file may not cost much more than
        // the fixed allowance, while a folder of N files may cost N allowances (reading N images honestly does).
        [Fact]
        public void One_small_file_that_allocates_beyond_its_budget_is_a_finding()
        {
            var greedy = new FuzzTarget("greedy", new[] { new byte[] { 1, 2, 3 } }, (dir, input) =>
            {
                File.WriteAllBytes(Path.Combine(dir, "x.bin"), input);
                Touch(FuzzRunner.AllocationAllowance * 2);
            }, new[] { typeof(InvalidDataException) });
            var report = FuzzRunner.Run(greedy, inputs: 3, seed: 1);
            Assert.Equal(3, report.Findings.Count);
            Assert.Contains("written as 1 file(s)", report.Findings[0]);
        }

        [Fact]
        public void A_folder_of_files_may_cost_one_allowance_per_file()
        {
            var folder = new FuzzTarget("folder", new[] { new byte[] { 1, 2, 3 } }, (dir, input) =>
            {
                for (int i = 0; i < 4; i++) File.WriteAllBytes(Path.Combine(dir, $"x{i}.bin"), input);
                for (int i = 0; i < 4; i++) Touch(FuzzRunner.AllocationAllowance / 2);
            }, new[] { typeof(InvalidDataException) });
            Assert.Empty(FuzzRunner.Run(folder, inputs: 3, seed: 1).Findings);
        }

        static void Touch(long bytes) => GC.KeepAlive(new byte[bytes]);
    }
}
