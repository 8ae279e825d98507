using System;
using System.Linq;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// ND0005's projection fix is offered on [Residual] only ([Skip] has no Projection, so the edit did not build), and a
    /// Projection written empty gets its value replaced rather than a second Projection argument (CS0643).
    /// </summary>
    public class ProjectionFixTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        [Fact]
        public void A_skip_block_that_changes_channels_is_not_offered_a_projection_on_Skip()
        {
            string source = Head + @"
[Block, Skip(Merge.Add, After = Act.ReLU)]
public partial class Widen(int width) { [Conv(nameof(width), 3, Padding = 1)] Layer conv1; }
[Network(Input = ""16x32x32"")]
public partial class Net { [Use(typeof(Widen), 32)] Layer block; }";
            var d = GeneratorHarness.Run(source).NetDsl.First();
            Assert.Equal("ND0005", d.Id);
            Assert.False(d.Properties.TryGetValue("NetDsl.FixArgument", out var argument) && argument == "Projection", "a Projection offered on [Skip]");
            Assert.DoesNotContain("to [Skip]", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            if (FixHarness.HasFix(d))
            {
                var after = GeneratorHarness.Run(FixHarness.Apply(source, d));
                Assert.Empty(after.CompilerDiagnostics);
            }
        }

        [Fact]
        public void An_empty_projection_gets_its_value_set()
        {
            string source = Head + @"
[Block, Residual(Projection = """")]
public partial class Widen(int width) { [Conv(nameof(width), 3, Padding = 1)] Layer conv1; }
[Network(Input = ""16x32x32"")]
public partial class Net { [Use(typeof(Widen), 32)] Layer block; }";
            var d = GeneratorHarness.Run(source).NetDsl.First();
            Assert.Equal("ND0005", d.Id);
            Assert.Contains("set Projection = \"downsample\" on [Residual]", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            Assert.Equal("Replace", d.Properties["NetDsl.FixAction"]);
            string edited = FixHarness.Apply(source, d);
            Assert.Contains("[Block, Residual(Projection = \"downsample\")]", edited);
            var after = GeneratorHarness.Run(edited);
            Assert.Empty(after.NetDsl);
            Assert.Empty(after.CompilerDiagnostics);
        }
    }
}
