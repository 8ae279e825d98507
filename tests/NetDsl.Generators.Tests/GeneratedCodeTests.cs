using System;
using System.Linq;
using System.Reflection;
using NetDsl.Shapes;
using TorchSharp;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>Generated code is compiled, loaded and run: it builds, trains-shaped forward works, guards fire.</summary>
    public class GeneratedCodeTests
    {
        const string Source = @"using NetDsl;
namespace Demo;

[Block, Residual(Projection = ""downsample"", After = Act.ReLU)]
public partial class Basic(int planes, int stride = 1)
{
    [Conv(nameof(planes), 3, Stride = nameof(stride), Padding = 1, Bias = false)] Layer conv1;
    [BatchNorm, ReLU] Layer bn1;
    [Conv(nameof(planes), 3, Padding = 1, Bias = false)] Layer conv2;
    [BatchNorm] Layer bn2;
}

[Network(Input = ""3x32x32"", Name = ""tiny"", LearningRate = 0.1)]
public partial class Tiny(int classes = 10, int width = 8)
{
    [Conv(nameof(width), 3, Padding = 1, Bias = false)] Layer conv1;
    [BatchNorm, ReLU, MaxPool(2)] Layer bn1;
    [Repeat(2, typeof(Basic), ""width * 2"", First = ""stride: 2"")] Layer layer1;
    [GlobalAvgPool, Flatten] Layer pool;
    [Dropout(0.1), Linear(nameof(classes))] Layer head;
}
";

        static readonly Lazy<(GeneratorHarness.Result Result, Assembly Assembly)> compiled = new(() =>
        {
            var result = GeneratorHarness.Run(Source);
            return (result, GeneratorHarness.Load(result));
        });

        [Fact]
        public void User_code_and_generated_code_compile_without_any_warning()
        {
            var result = compiled.Value.Result;
            Assert.Empty(result.NetDsl);
            Assert.Empty(result.CompilerDiagnostics);
            Assert.Equal(new[] { "Demo.Basic.g.cs", "Demo.Tiny.g.cs", "NetDsl.ModelCatalog.g.cs" },
                result.Run.GeneratedSources.Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal));
        }

        [Fact]
        public void Compile_time_constants_and_doc_match_the_built_module()
        {
            var type = compiled.Value.Assembly.GetType("Demo.Tiny")!;
            long constant = (long)type.GetField("ParameterCount")!.GetRawConstantValue()!;
            var net = (Network)Activator.CreateInstance(type, 10, 8)!;
            long actual = net.parameters().Sum(p => p.numel());
            Assert.Equal(actual, constant);
            Assert.Equal(actual, net.ParameterTotal);
            Assert.Contains("layer1.0.downsample.0", compiled.Value.Result.Source("Demo.Tiny.g.cs"));
            Assert.Contains("using var __scope = global::TorchSharp.torch.NewDisposeScope();", compiled.Value.Result.Source("Demo.Tiny.g.cs"));
        }

        [Fact]
        public void Forward_gives_the_checked_output_shape_and_state_dict_keys_follow_member_names()
        {
            var net = (Network)Activator.CreateInstance(compiled.Value.Assembly.GetType("Demo.Tiny")!, 10, 8)!;
            using var x = torch.randn(4, 3, 32, 32);
            using var y = net.forward(x);
            Assert.Equal(new long[] { 4, 10 }, y.shape);
            Assert.Equal(TensorShape.Vector(10), net.OutputShape);
            var keys = net.state_dict().Keys.ToHashSet();
            Assert.Contains("conv1.weight", keys);
            Assert.Contains("layer1.0.downsample.0.weight", keys);
            Assert.Contains("layer1.0.downsample.1.running_var", keys);
            Assert.DoesNotContain("layer1.1.downsample.0.weight", keys);
            Assert.Contains("head.1.weight", keys);
        }

        [Fact]
        public void A_run_time_parameter_is_rechecked_with_the_compile_time_message()
        {
            var type = compiled.Value.Assembly.GetType("Demo.Tiny")!;
            var e = Assert.Throws<TargetInvocationException>(() => Activator.CreateInstance(type, 0, 8));
            var shape = Assert.IsType<ShapeException>(e.InnerException);
            Assert.Equal("ND0013: head.1: Linear out-features must be positive, got 0; use a value ≥ 1.", shape.Message);
        }

        [Fact]
        public void Members_may_be_declared_with_their_module_types_and_are_reached_by_name()
        {
            var result = GeneratorHarness.Run(@"using NetDsl;
using TorchSharp.Modules;
namespace Demo;
[Block] public partial class B(int w) { [Conv(nameof(w), 3, Padding = 1)] public Conv2d conv; }
[Network(Input = ""1x8x8"")]
public partial class Typed
{
    [Conv(4, 3, Padding = 1), ReLU, AvgPool(3, Stride = 1, Padding = 1)] public Conv2d conv1;
    [MaxPool(3, Stride = 1, Padding = 1)] public MaxPool2d pool;
    [Repeat(2, typeof(B), 4)]       public Sequential blocks;
    [Use(typeof(B), 6)]             public B last;
    [Flatten]                       public Layer flatten;
    [Linear(3)]                     public Linear fc;
    public long Fc => fc.weight!.shape[0] + last.conv.weight!.shape[0];
}");
            Assert.Empty(result.NetDsl);
            Assert.Empty(result.CompilerDiagnostics);
            var net = Activator.CreateInstance(GeneratorHarness.Load(result).GetType("Demo.Typed")!)!;
            Assert.Equal(3L + 6L, (long)net.GetType().GetProperty("Fc")!.GetValue(net)!);
        }

        [Fact]
        public void The_catalogue_lists_the_network_with_its_compile_time_counts()
        {
            var catalog = compiled.Value.Assembly.GetType("NetDsl.Generated.ModelCatalog")!;
            var all = (System.Collections.Generic.IReadOnlyList<ModelEntry>)catalog.GetProperty("All")!.GetValue(null)!;
            var entry = Assert.Single(all);
            Assert.Equal("tiny", entry.Name);
            Assert.Equal(new TensorShape(3, 32, 32), entry.DeclaredInput);
            using var net = entry.Create(new TensorShape(3, 64, 64));
            Assert.Equal(entry.Parameters, net.ParameterTotal);
            Assert.True(entry.MultiplyAdds > 0);
            Assert.Equal(0.1, entry.LearningRate);
        }
    }
}
