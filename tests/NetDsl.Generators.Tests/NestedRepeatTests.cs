using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// Nested [Repeat]s multiply: each count is bounded at 10000, and so is their product (10000 × 10000 would be 10⁸ blocks to
    /// check, emit and build). ND0004 at the inner count, reported at the use that chose it, as every rule broken in a block.
    /// </summary>
    public class NestedRepeatTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        const string Blocks = @"
[Block] public partial class Unit { [Conv(4, 3, Padding = 1)] Layer conv; }
[Block] public partial class Stage(int n) { [Repeat(/*ND0004*/nameof(n), typeof(Unit))] Layer units; }
";

        [Fact]
        public void Nested_repeats_over_the_bound_in_all_are_ND0004()
        {
            var (text, _) = GeneratorHarness.SingleDiagnosticInBlock(Head + Blocks + @"
[Network(Input = ""4x8x8"")]
public partial class Net { [Repeat(200, typeof(Stage), 100)] Layer stages; }", "Repeat(200, typeof(Stage), 100)");
            Assert.Equal("stages.0.units: Repeat of Unit asks for 100 instances in each of the 200 instances of the repeats around it, 20000 in all, more than the 10000 NetDsl builds (each is checked, emitted and listed in the summary); use a count of at most 50 here, or fewer instances around it.", text);
        }

        [Fact]
        public void Nested_repeats_within_the_bound_build()
        {
            var run = GeneratorHarness.Run(Head + Blocks.Replace("/*ND0004*/", "") + @"
[Network(Input = ""4x8x8"")]
public partial class Net { [Repeat(2, typeof(Stage), 3)] Layer stages; }");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            using var net = (Network)System.Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Net")!)!;
            Assert.Contains("stages.1.units.2.conv", net.Summary().ToString());
        }

        [Fact]
        public void A_constructor_argument_that_multiplies_nested_repeats_past_the_bound_fails_at_run_time_with_the_same_rule()
        {
            var run = GeneratorHarness.Run(Head + Blocks.Replace("/*ND0004*/", "") + @"
[Network(Input = ""4x8x8"")]
public partial class Net(int inner = 2) { [Repeat(200, typeof(Stage), nameof(inner))] Layer stages; }");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var type = GeneratorHarness.Load(run).GetType("Demo.Net")!;
            var wrong = Assert.Throws<System.Reflection.TargetInvocationException>(() => System.Activator.CreateInstance(type, 100));
            var issue = Assert.IsType<NetDsl.ShapeException>(wrong.InnerException).Issue;
            Assert.Equal("ND0004", issue.Id);
            Assert.Equal("stages.0.units: Repeat of Unit asks for 100 instances in each of the 200 instances of the repeats around it, 20000 in all, more than the 10000 NetDsl builds (each is checked, emitted and listed in the summary); use a count of at most 50 here, or fewer instances around it.", issue.Message);
        }
    }
}
