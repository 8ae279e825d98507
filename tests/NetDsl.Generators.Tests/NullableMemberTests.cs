using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// A layer member declared nullable (<c>Layer? c = null</c>, PyTorch's <c>self.c = None</c> habit): Build assigns it all the
    /// same, so the declaration is harmless, and the generated forward reads it with <c>!</c> rather than warning CS8604.
    /// </summary>
    public class NullableMemberTests
    {
        [Fact]
        public void Nullable_layer_members_build_and_run_without_warnings()
        {
            var run = GeneratorHarness.Run(GeneratorHarness.Tiny + @"#nullable enable
using NetDsl;
using TorchSharp.Modules;
namespace Demo;
[Block] public partial class B { [Conv(4, 3, Padding = 1), ReLU] Layer? conv = null; }
[Network(Input = ""3x8x8"")]
public partial class Net
{
    [Conv(4, 3, Padding = 1)]       Layer a;
    [Conv(4, 3, Padding = 1)]       Layer? c = null;
    [Conv(4, 3, Padding = 1)]       public Conv2d? d;
    [Use(typeof(B))]                public B? block { get; set; }
    [Repeat(2, typeof(B))]          Layer? stage;
    [From(""stage.0""), Conv(4, 1)] Layer? head;
}");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            using var net = (Network)System.Activator.CreateInstance(GeneratorHarness.Load(run).GetType("Demo.Net")!)!;
            net.eval();
            using var y = net.forward(TorchSharp.torch.zeros(1, 3, 8, 8));
            Assert.Equal(new long[] { 1, 4, 8, 8 }, y.shape);
        }
    }
}
