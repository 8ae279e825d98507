using System;
using System.Linq;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// [From] inside [Branches]: a member continues an earlier member's path, so a branch of several convolutions keeps
    /// flat state-dict keys (inception_v3's branch7x7_1 … branch7x7_3); the paths' ends merge in declaration order.
    /// </summary>
    public class BranchPathTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        [Fact]
        public void Continued_paths_merge_only_their_ends_in_declaration_order_with_flat_keys()
        {
            var run = GeneratorHarness.Run(Head + @"
[Block, Branches(Merge.Concat)]
public partial class Mixed
{
    [Conv(2, 1)]                                    Layer b1;
    [Conv(3, 1)]                                    Layer split_1;
    [From(nameof(split_1)), Conv(4, 1, KernelW = 3, PaddingW = 1)] Layer split_2a;
    [From(nameof(split_1)), Conv(5, 3, KernelW = 1, Padding = 1, PaddingW = 0)] Layer split_2b;
    [AvgPool(3, Stride = 1, Padding = 1)]           Layer pool;
}

[Network(Input = ""3x6x7"")]
public partial class Net
{
    [Use(typeof(Mixed))] Layer mixed;
}");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Net")!)!;
            Assert.Equal(new TensorShape(2 + 4 + 5 + 3, 6, 7), net.LayerRows.Single(r => r.Kind == "Concat").Output);
            Assert.Equal(new[] { "mixed.b1.weight", "mixed.b1.bias", "mixed.split_1.weight", "mixed.split_1.bias", "mixed.split_2a.weight",
                "mixed.split_2a.bias", "mixed.split_2b.weight", "mixed.split_2b.bias" }, net.state_dict().Keys);

            using var scope = NewDisposeScope();
            var sd = net.state_dict();
            var x = randn(2, 3, 6, 7);
            var split = nn.functional.conv2d(x, sd["mixed.split_1.weight"], sd["mixed.split_1.bias"]);
            var expected = cat(new[]
            {
                nn.functional.conv2d(x, sd["mixed.b1.weight"], sd["mixed.b1.bias"]),
                nn.functional.conv2d(split, sd["mixed.split_2a.weight"], sd["mixed.split_2a.bias"], padding: new long[] { 0, 1 }),
                nn.functional.conv2d(split, sd["mixed.split_2b.weight"], sd["mixed.split_2b.bias"], padding: new long[] { 1, 0 }),
                nn.functional.avg_pool2d(x, 3, 1, 1),
            }, 1);
            net.eval();
            using (no_grad()) Assert.True(net.forward(x).allclose(expected, rtol: 1e-5, atol: 1e-5));
        }

        [Fact]
        public void From_a_later_member_is_ND0019_at_the_name()
        {
            var (message, span) = GeneratorHarness.SingleDiagnosticInBlock(Head + @"
[Block, Branches(Merge.Concat)]
public partial class Mixed
{
    [Conv(2, 1)]                            Layer a;
    [From(/*ND0019*/nameof(c)), Conv(2, 1)] Layer b;
    [Conv(2, 1)]                            Layer c;
}
[Network(Input = ""3x6x6"")]
public partial class Net { [Use(typeof(Mixed))] Layer mixed; }", "Use(typeof(Mixed))");
            Assert.Equal("mixed.b: [From] names 'c', which is not a member of Mixed declared before it; a branch continues an earlier member (earlier: a).", message);
            Assert.Equal("nameof(c)", span);
        }

        [Fact]
        public void Concat_wiring_in_branches_is_ND0021_at_the_tap()
        {
            var (message, span) = GeneratorHarness.SingleDiagnosticInBlock(Head + @"
[Block, Branches(Merge.Concat)]
public partial class Mixed
{
    [Conv(2, 1)]                              Layer a;
    [Concat(/*ND0021*/nameof(a)), Conv(2, 1)] Layer b;
}
[Network(Input = ""3x6x6"")]
public partial class Net { [Use(typeof(Mixed))] Layer mixed; }", "Use(typeof(Mixed))");
            Assert.StartsWith("mixed.b: [Concat], [Add] or [Aux] in a [Branches] block;", message);
            Assert.Equal("nameof(a)", span);
        }
    }
}
