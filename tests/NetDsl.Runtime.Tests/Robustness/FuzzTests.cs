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
    }
}
