using System;
using System.Linq;
using NetDsl.Shapes;
using TorchSharp;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>[Branches]: Inception- and ASPP-style parallel members over one input.</summary>
    public class BranchesTests
    {
        const string Inception = @"using NetDsl;
namespace Demo;

[Block]
public partial class BasicConv(int channels, int kernel, int padding = 0)
{
    [Conv(nameof(channels), nameof(kernel), Padding = nameof(padding), Bias = false)] Layer conv;
    [BatchNorm, ReLU] Layer bn;
}

[Block, Branches(Merge.Concat)]
public partial class Mixed(int c1, int c3, int pool)
{
    [Use(typeof(BasicConv), nameof(c1), 1)] Layer branch1;
    [Use(typeof(BasicConv), 8, 1), Use(typeof(BasicConv), nameof(c3), 3, 1)] Layer branch2;
    [MaxPool(3, Stride = 1, Padding = 1, CeilMode = true), Use(typeof(BasicConv), nameof(pool), 1)] Layer branch4;
}

[Block, Branches(Merge.Add, After = Act.ReLU)]
public partial class Atrous
{
    [Conv(""C"", 3, Padding = 2, Dilation = 2)] Layer rate2;
    [Conv(""C"", 3, Padding = 4, Dilation = 4)] Layer rate4;
    [Conv(""C"", 1)] Layer point;
}

[Network(Input = ""3x16x16"")]
public partial class Net
{
    [Use(typeof(Mixed), 4, 6, 2)] Layer mixed;
    [Use(typeof(Atrous))] Layer aspp;
    [GlobalAvgPool, Flatten] Layer pool;
    [Linear(5)] Layer fc;
}
";

        [Fact]
        public void Branches_concat_their_channels_and_add_shapes_that_agree()
        {
            var run = GeneratorHarness.Run(Inception);
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Net")!)!;
            var rows = net.LayerRows.ToDictionary(r => r.Path + "/" + r.Kind, r => r.Output);
            Assert.Equal(new TensorShape(4 + 6 + 2, 16, 16), rows["mixed/Concat"]);
            Assert.Equal(new TensorShape(12, 16, 16), rows["aspp/Add"]);
            var keys = net.state_dict().Keys.ToHashSet();
            Assert.Contains("mixed.branch2.1.conv.weight", keys);   // torchvision's Inception numbering
            Assert.Contains("mixed.branch4.1.bn.running_mean", keys);
            Assert.Contains("aspp.rate4.weight", keys);

            net.train();
            using var y = net.forward(torch.randn(2, 3, 16, 16));
            Assert.Equal(new long[] { 2, 5 }, y.shape);
            y.sum().backward();
            Assert.All(net.parameters(), p => Assert.NotNull(p.grad));
        }

        [Fact]
        public void A_branch_that_changes_the_size_is_a_spatial_mismatch_at_that_member()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(@"using NetDsl;
namespace Demo;
[Block, Branches(Merge.Add)]
public partial class Atrous
{
    [Conv(8, 3, Padding = 1)] Layer same;
    [Conv(8, 3, Padding = 1, Dilation = 2)] Layer rate2;
}
[Network(Input = ""8x16x16"")]
public partial class Net { [/*ND0006*/Use(typeof(Atrous))] Layer aspp; }");
            // Reported where the block is used (the branch member is an additional location), with the padding that keeps the size.
            Assert.Equal("aspp: add of 8x16x16 and 8x14x14: spatial sizes differ (16x16 vs 14x14); aspp.rate2 (kernel 3, dilation 2) pads 1 and turns 16x16 into 14x14; set Padding = 2 (Padding = Dilation keeps a 3x3's size).", message);
            Assert.Equal("Use(typeof(Atrous))", span);
        }
    }
}
