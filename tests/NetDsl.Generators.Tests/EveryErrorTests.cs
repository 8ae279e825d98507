using System.Linq;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>Independent mistakes are all reported in one build, each with its own fix; applying the fixes one by one builds.</summary>
    public class EveryErrorTests
    {
        const string FourMistakes = @"using NetDsl;
namespace Demo;
" + GeneratorHarness.Tiny + @"[Block, Residual]
public partial class Widen(int width) { [Conv(nameof(width), 3, Padding = 1)] Layer conv1; }
[Network(Input = ""8x16x16"")]
public partial class Net
{
    [Conv(6, 3, Padding = 1, Groups = 4)] Layer conv1;   // 1: 4 groups do not divide 6 out-channels
    [BatchNorm(In = 12)]                  Layer bn1;     // 2: 6 channels arrive
    [Use(typeof(Widen), 12)]              Layer block;   // 3: the block widens 6 → 12 without a projection
    [GlobalAvgPool, Flatten]              Layer pool;
    [Linear(10, In = 64)]                 Layer fc;      // 4: 12 features arrive
}";

        [Fact]
        public void Four_independent_mistakes_are_four_errors_in_one_build()
        {
            var found = GeneratorHarness.Run(FourMistakes).NetDsl.ToList();
            Assert.Equal(new[] { "ND0010", "ND0008", "ND0005", "ND0008" }, found.Select(d => d.Id));
            var messages = found.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.StartsWith("conv1: Conv2d Groups = 4", messages[0]);
            Assert.Equal("bn1: BatchNorm2d declares In = 12 but its input 6x16x16 has 6 channels; set In = 6 or remove In to infer it.", messages[1]);
            Assert.StartsWith("block: residual add of body output 12x16x16 and shortcut 6x16x16", messages[2]);
            Assert.Equal("fc: Linear declares In = 64 but its input 12 has 12 features; set In = 12 or remove In to infer it.", messages[3]);
            Assert.All(found, d => Assert.True(FixHarness.HasFix(d), d.ToString()));
        }

        [Fact]
        public void The_suggested_edits_applied_one_after_another_build()
        {
            var (source, edits) = FixHarness.ApplyAll(FourMistakes);
            Assert.Equal(4, edits);
            Assert.Contains("[Conv(8, 3, Padding = 1, Groups = 4)]", source);
            Assert.Contains("[Block, Residual(Projection = \"downsample\")]", source);
            var result = GeneratorHarness.Run(source);
            Assert.Empty(result.CompilerDiagnostics);
            GeneratorHarness.Load(result);
        }

        [Fact]
        public void A_broken_block_is_reported_at_each_use_with_the_block_as_additional_location()
        {
            string source = @"using NetDsl;
namespace Demo;
[Block]
public partial class Head(int inputs) { [Linear(10, In = nameof(inputs))] Layer fc; }
[Network(Input = ""4x2x2"")]
public partial class Net
{
    [Flatten]                          Layer flat;   // 16 features
    [Use(typeof(Head), 12)]            Layer wrong;  // chose 12
}";
            var d = GeneratorHarness.Run(source).NetDsl.Single();
            Assert.Equal("ND0008", d.Id);
            Assert.Equal("Use(typeof(Head), 12)", source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
            // The fix's target, the argument this use passes to In (In = nameof(inputs) is shared by every use), and where the
            // rule broke inside the block, the In argument.
            Assert.Equal(new[] { "12", "nameof(inputs)" },
                d.AdditionalLocations.Select(l => source.Substring(l.SourceSpan.Start, l.SourceSpan.Length)));
        }

        [Fact]
        public void A_broken_block_repeated_is_reported_once_at_its_Repeat()
        {
            string source = @"using NetDsl;
namespace Demo;
[Block]
public partial class Bad { [Conv(8, 3, Padding = 1)] Layer conv; [BatchNorm(In = 4)] Layer bn; }
[Network(Input = ""8x8x8"")]
public partial class Net { [Repeat(3, typeof(Bad))] Layer layer1; }";
            // Every instance breaks the same rule at the same place: one error, at the [Repeat], the first instance named.
            var d = GeneratorHarness.Run(source).NetDsl.Single();
            Assert.Equal("ND0008", d.Id);
            Assert.Equal("Repeat(3, typeof(Bad))", source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
            Assert.StartsWith("layer1.0.bn: BatchNorm2d declares In = 4", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
