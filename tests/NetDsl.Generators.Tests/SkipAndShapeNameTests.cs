using System;
using System.Linq;
using NetDsl.Shapes;
using TorchSharp;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>Concat skips, named repeats and C/H/W in expressions: checked, compiled and run.</summary>
    public class SkipAndShapeNameTests
    {
        const string Source = @"using NetDsl;
namespace Demo;

[Block, Skip(Merge.Concat)]
public partial class Grow(int growth)
{
    [BatchNorm, ReLU] Layer norm1;
    [Conv(nameof(growth), 3, Padding = 1, Bias = false)] Layer conv1;
}

[Block]
public partial class Halve
{
    [Conv(""C / 2"", 1, Bias = false)] Layer conv;
    [AvgPool(2)] Layer pool;
}

[Network(Input = ""8x16x16"")]
public partial class Dense(int classes = 3)
{
    [Repeat(3, typeof(Grow), 4, Prefix = ""layer"", Start = 1)] Layer block;
    [Use(typeof(Halve))] Layer transition;
    [Conv(6, 1), AvgPool(""H"")] Layer head;
    [Flatten] Layer flatten;
    [Linear(nameof(classes))] Layer fc;
}
";

        static readonly Lazy<GeneratorHarness.Result> result = new(() => GeneratorHarness.Run(Source));

        [Fact]
        public void Concat_skip_counts_channels_and_named_repeats_follow_the_prefix()
        {
            Assert.Empty(result.Value.NetDsl);
            Assert.Empty(result.Value.CompilerDiagnostics);
            var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(result.Value).GetType("Demo.Dense")!, 3)!;
            // 8 + 3·4 = 20 channels after the block, halved to 10 at 8x8, then 6 channels pooled over H.
            var rows = net.LayerRows.ToDictionary(r => r.Path + "/" + r.Kind, r => r.Output);
            Assert.Equal(new TensorShape(12, 16, 16), rows["block.layer1/Concat"]);
            Assert.Equal(new TensorShape(20, 16, 16), rows["block.layer3/Concat"]);
            Assert.Equal(new TensorShape(10, 16, 16), rows["transition.conv/Conv2d"]);
            Assert.Equal(new TensorShape(6, 1, 1), rows["head/AvgPool2d"]);
            var keys = net.state_dict().Keys.ToHashSet();
            Assert.Contains("block.layer3.conv1.weight", keys);
            Assert.Contains("transition.conv.weight", keys);
            Assert.DoesNotContain("block.0.conv1.weight", keys);

            net.train();
            using var x = torch.randn(2, 8, 16, 16);
            using var y = net.forward(x);
            Assert.Equal(new long[] { 2, 3 }, y.shape);
            y.sum().backward();
            Assert.All(net.parameters(), p => Assert.NotNull(p.grad));
        }

        [Fact]
        public void Shape_names_follow_the_actual_input_at_run_time()
        {
            var entry = ((System.Collections.Generic.IReadOnlyList<ModelEntry>)GeneratorHarness.Load(result.Value)
                .GetType("NetDsl.Generated.ModelCatalog")!.GetProperty("All")!.GetValue(null)!).Single();
            using var net = entry.Create(new TensorShape(8, 32, 32));
            using var y = net.forward(torch.randn(1, 8, 32, 32));
            Assert.Equal(new long[] { 1, 3 }, y.shape);
            Assert.Equal(entry.Parameters, net.ParameterTotal);
        }

        [Fact]
        public void Squeeze_excite_rescales_the_body_before_the_add_and_counts_its_parameters()
        {
            var run = GeneratorHarness.Run(@"using NetDsl;
namespace Demo;
[Block, Residual(After = Act.ReLU), SqueezeExcite(""C / 4"", Name = ""se"")]
public partial class SE { [Conv(16, 3, Padding = 1)] Layer conv; }
[Network(Input = ""16x8x8"")]
public partial class Net { [Repeat(2, typeof(SE))] Layer blocks; }");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Net")!)!;
            // reduction C / 4 = 4 → 16 / 4 = 4 squeezed channels: 2·16·4 weights + 4 + 16 biases per block.
            Assert.Equal(2 * ((16 * 16 * 9 + 16) + (2 * 16 * 4 + 4 + 16)), net.ParameterTotal);
            Assert.Contains("blocks.1.se.fc2.bias", net.state_dict().Keys);
            using var y = net.forward(torch.randn(2, 16, 8, 8));
            Assert.Equal(new long[] { 2, 16, 8, 8 }, y.shape);
        }

        [Fact]
        public void Squeeze_excite_that_leaves_no_channels()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(@"using NetDsl;
namespace Demo;
[Block, SqueezeExcite(32)]
public partial class SE { [Conv(16, 3, Padding = 1)] Layer conv; }
[Network(Input = ""3x8x8"")]
public partial class Net { [/*ND0018*/Use(typeof(SE))] Layer block; }");
            Assert.Equal("block.se: SqueezeExcite reduction 32 leaves 16 / 32 = 0 channels; use a reduction ≤ 16: [SqueezeExcite(16)] squeezes the 16 channels to 1.", message);
            Assert.Equal("Use(typeof(SE))", span);
        }

        [Fact]
        public void Concat_of_different_sizes_is_reported_at_the_Skip_attribute()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(@"using NetDsl;
namespace Demo;
[Block, Skip(Merge.Concat)]
public partial class Shrink { [Conv(4, 3)] Layer conv; }
[Network(Input = ""8x16x16"")]
public partial class Net { [/*ND0017*/Use(typeof(Shrink))] Layer block; }");
            Assert.Equal("block: concat of 8x16x16 and 4x14x14: spatial sizes differ (16x16 vs 14x14); block.conv (kernel 3, dilation 1) pads 0 and turns 16x16 into 14x14; set Padding = 1.", message);
            Assert.Equal("Use(typeof(Shrink))", span);
        }
    }
}
