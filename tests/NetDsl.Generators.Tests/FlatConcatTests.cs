using System;
using System.Linq;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// Concatenating flat (per-sample rank-1) vectors: [Branches(Merge.Concat)] and [Concat(tap)] join them end to end,
    /// their lengths adding (a spatial pyramid pool, He et al. 2014); a vector with a feature map is ND0011 with a fix.
    /// </summary>
    public class FlatConcatTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        const string Pyramid = @"
[Block, Branches(Merge.Concat)]
public partial class Pyramid
{
    [AdaptiveMaxPool(1), Flatten] Layer level1;
    [AdaptiveMaxPool(2), Flatten] Layer level2;
    [AdaptiveMaxPool(4), Flatten] Layer level4;
}

[Network(Input = ""3xHxW"", Default = ""3x32x32"")]
public partial class Spp(int classes = 5)
{
    [Conv(6, 3, Stride = 2, Padding = 1), ReLU] Layer conv;
    [Use(typeof(Pyramid))]                      Layer spp;
    [Linear(nameof(classes))]                   Layer fc;
}

#pragma warning disable ND0104 // the global branch's 3x3 field is on purpose: the test is about the concat
[Network(Input = ""3x16x16"")]
public partial class Wired
{
    [Conv(4, 3, Padding = 1), ReLU]           Layer conv;
    [AdaptiveAvgPool(2), Flatten]             Layer coarse;
    [From(nameof(conv)), GlobalAvgPool, Flatten] Layer global;
    [Concat(nameof(coarse)), Linear(3)]       Layer fc;
}";

        [Fact]
        public void Branches_concatenate_flat_vectors_end_to_end_at_any_input_size()
        {
            var run = GeneratorHarness.Run(Head + Pyramid);
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var assembly = GeneratorHarness.Load(run);
            using var scope = NewDisposeScope();
            foreach (int size in new[] { 32, 45 })
            {
                Network net;
                using (Network.BuildAt(new TensorShape(3, size, size))) net = (Network)Activator.CreateInstance(assembly.GetType("Demo.Spp")!, 5)!;
                var rows = net.LayerRows.ToDictionary(r => r.Path + "/" + r.Kind, r => r.Output);
                Assert.Equal(TensorShape.Vector(6 * (1 + 4 + 16)), rows["spp/Concat"]);
                Assert.Equal(TensorShape.Vector(5), net.OutputShape);
                net.eval();
                var x = randn(2, 3, size, size);
                var conv = (TorchSharp.Modules.Conv2d)net.named_children().Single(c => c.name == "conv").module;
                var fc = (TorchSharp.Modules.Linear)net.named_children().Single(c => c.name == "fc").module;
                var map = nn.functional.relu(conv.forward(x));
                var pooled = cat(new[] { 1L, 2, 4 }.Select(n => nn.functional.adaptive_max_pool2d(map, new[] { n, n }).flatten(1)).ToArray(), 1);
                Assert.True(net.forward(x).allclose(fc.forward(pooled), 1e-5, 1e-6), $"the pyramid at {size}x{size} is not cat(pool1, pool2, pool4)");
            }
        }

        [Fact]
        public void A_wired_concat_of_flat_vectors_puts_the_kept_vector_first()
        {
            var run = GeneratorHarness.Run(Head + Pyramid);
            var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Wired")!)!;
            Assert.Equal(TensorShape.Vector(4 * 4 + 4), net.LayerRows.Single(r => r.Path == "fc" && r.Kind == "Concat").Output);
            using var scope = NewDisposeScope();
            net.eval();
            var x = randn(2, 3, 16, 16);
            var conv = (TorchSharp.Modules.Conv2d)net.named_children().Single(c => c.name == "conv").module;
            var fc = (TorchSharp.Modules.Linear)net.named_children().Single(c => c.name == "fc").module;
            var map = nn.functional.relu(conv.forward(x));
            var joined = cat(new[] { nn.functional.adaptive_avg_pool2d(map, new long[] { 2, 2 }).flatten(1), map.mean(new long[] { 2, 3 }) }, 1);
            Assert.True(net.forward(x).allclose(fc.forward(joined), 1e-5, 1e-6));
        }

        [Fact]
        public void A_vector_concatenated_with_a_map_is_ND0011_at_the_use_naming_both_shapes()
        {
            var (message, span) = GeneratorHarness.SingleDiagnosticInBlock(Head + @"
[Block, Branches(Merge.Concat)]
public partial class Pyramid
{
    [AdaptiveMaxPool(1), Flatten] Layer level1;
    [AdaptiveMaxPool(2)] Layer /*ND0011*/level2;
}
[Network(Input = ""8x16x16"")]
public partial class Net { [Use(typeof(Pyramid))] Layer spp; [Linear(4)] Layer fc; }", "Use(typeof(Pyramid))");
            Assert.Equal("spp: concat of 8 and 8x2x2: 8 is a flat vector and 8x2x2 a CxHxW feature map, which do not concatenate; "
                + "add [Flatten] after level2's [AdaptiveMaxPool] so it gives a flat vector too.", message);
            Assert.Equal("level2", span);
        }

        [Fact]
        public void The_fix_appends_Flatten_to_the_level_that_gives_a_map_and_builds()
        {
            string source = Head + @"
[Block, Branches(Merge.Concat)]
public partial class Pyramid
{
    [AdaptiveMaxPool(1), Flatten] Layer level1;
    [AdaptiveMaxPool(2)]          Layer level2;
}
[Network(Input = ""8x16x16"")]
public partial class Net { [Use(typeof(Pyramid))] Layer spp; [Linear(4)] Layer fc; }";
            var d = GeneratorHarness.Run(source).NetDsl.Single();
            Assert.Equal("ND0011", d.Id);
            string edited = FixHarness.Apply(source, d);
            Assert.Contains("[AdaptiveMaxPool(2), Flatten]          Layer level2;", edited);
            var after = GeneratorHarness.Run(edited);
            Assert.Empty(after.NetDsl);
            Assert.Empty(after.CompilerDiagnostics);
            var net = (Network)Activator.CreateInstance(GeneratorHarness.Load(after).GetType("Demo.Net")!)!;
            Assert.Equal(TensorShape.Vector(8 + 32), net.LayerRows.Single(r => r.Kind == "Concat").Output);
        }
    }
}
