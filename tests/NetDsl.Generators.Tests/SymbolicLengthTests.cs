using System;
using System.Reflection;
using NetDsl.Shapes;
using TorchSharp;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// A symbolic length for 1-D inputs ("1xL", "1x(16k)"): derived like H and W, emitted as the 'L' rule, checked when the
    /// network is built and by its forward; the declaration's Default and a flat size after it checked as for CxHxW.
    /// </summary>
    public class SymbolicLengthTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        // Three stride-2 convolutions down and three transposed ones up, each added to the skip it meets: the lengths
        // only agree when L is a multiple of 8 (ceil(L/2), ceil(L/4), ceil(L/8) doubled back must give L/4, L/2, L).
        const string Wave = @"
[Network(Input = ""1xL"", Default = ""1x64"")]
public partial class Wave
{
    [Conv(4, 3, Padding = 1)]                               Layer enc;
    [Conv(8, 3, Stride = 2, Padding = 1), ReLU]             Layer down1;
    [Conv(8, 3, Stride = 2, Padding = 1), ReLU]             Layer down2;
    [Conv(8, 3, Stride = 2, Padding = 1), ReLU]             Layer down3;
    [ConvTranspose(8, 2, Stride = 2)]                       Layer up3;
    [Add(nameof(down2)), ConvTranspose(8, 2, Stride = 2)]   Layer up2;
    [Add(nameof(down1)), ConvTranspose(4, 2, Stride = 2)]   Layer up1;
    [Concat(nameof(enc)), Conv(2, 1)]                       Layer head;
}
[Network(Input = ""2x(16k)"", Default = ""2x32"")]
public partial class Pooled
{
    [Conv(4, 3, Padding = 1), ReLU, MaxPool(2)]             Layer block1;
    [Conv(4, 3, Padding = 1), ReLU, MaxPool(2)]             Layer block2;
    [AdaptiveAvgPool(""InL / 8"")]                          Layer pool;
}
";

        static readonly Lazy<GeneratorHarness.Result> run = new(() => GeneratorHarness.Run(Head + Wave));
        static readonly Lazy<Assembly> assembly = new(() => GeneratorHarness.Load(run.Value));

        static Network Create(string type, TensorShape? input = null)
        {
            var t = assembly.Value.GetType("Demo." + type)!;
            if (input == null) return (Network)Activator.CreateInstance(t)!;
            using (Network.BuildAt(input.Value)) return (Network)Activator.CreateInstance(t)!;
        }

        [Fact]
        public void A_1xL_network_builds_and_derives_L_a_multiple_of_8_from_three_stride_2_steps()
        {
            Assert.Empty(run.Value.NetDsl);
            Assert.Empty(run.Value.CompilerDiagnostics);
            using var net = Create("Wave");
            Assert.Equal(TensorShape.Sequence(1, 64), net.InputShape);
            Assert.Equal(TensorShape.Sequence(2, 64), net.OutputShape);
            Assert.Equal(new[] { "L a multiple of 8 (L ≥ 8)" }, net.Constraints);
            string source = run.Value.Source("Demo.Wave.g.cs");
            Assert.Contains("new global::NetDsl.Shapes.AxisRule('L', 8, 0, 8, 1)", source);
            Assert.Contains("Input constraints (derived from the layers; checked when the network is built): L a multiple of 8 (L ≥ 8).", source);
        }

        [Fact]
        public void A_declared_form_keeps_its_modulus_and_InL_is_the_built_length()
        {
            using var net = Create("Pooled");
            // (16k) already passes both pools (a multiple of 4 would): the rule is the form's own.
            Assert.Equal(new[] { "L a multiple of 16 (L ≥ 16)" }, net.Constraints);
            Assert.Equal(TensorShape.Sequence(4, 4), net.OutputShape);   // InL / 8 = 32 / 8
            using var built = Create("Pooled", TensorShape.Sequence(2, 48));
            Assert.Equal(TensorShape.Sequence(4, 6), built.OutputShape);
            built.eval();
            using var x = torch.randn(3, 2, 48);
            using var y = built.forward(x);
            Assert.Equal(new long[] { 3, 4, 6 }, y.shape);
        }

        [Theory]
        [InlineData(64)]
        [InlineData(40)]
        public void Forward_runs_at_any_admitted_length(int length)
        {
            using var net = Create("Wave");
            net.eval();
            using var x = torch.randn(2, 1, length);
            using var y = net.forward(x);
            Assert.Equal(new long[] { 2, 2, length }, y.shape);
        }

        [Fact]
        public void Forward_at_an_inadmissible_length_is_ND0022_with_the_nearest_lengths()
        {
            using var net = Create("Wave");
            using var x = torch.zeros(2, 1, 36);
            var e = Assert.Throws<ShapeException>(() => net.forward(x).Dispose());
            Assert.Equal("ND0022: Wave: input 1x36 does not meet the constraint derived from its layers: L a multiple of 8 (L ≥ 8); use L = 32 or 40.", e.Message);
        }

        [Fact]
        public void Building_at_another_length_checks_the_rule()
        {
            using var net = Create("Wave", TensorShape.Sequence(1, 40));
            Assert.Equal(TensorShape.Sequence(2, 40), net.OutputShape);
            var wrong = Assert.Throws<TargetInvocationException>(() => Create("Wave", TensorShape.Sequence(1, 4)));
            var issue = Assert.IsType<ShapeException>(wrong.InnerException).Issue;
            Assert.Equal("ND0022", issue.Id);
            Assert.Equal("Wave: input 1x4 does not meet the constraint derived from its layers: L a multiple of 8 (L ≥ 8); use L = 8 or larger.", issue.Message);
        }

        [Fact]
        public void A_symbolic_length_without_a_Default_is_ND0001_at_the_Input()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = /*ND0001*/""1xL"")]
public partial class Net { [Conv(4, 3, Padding = 1)] Layer conv; }");
            Assert.Equal("Net: a symbolic Input \"1xL\" needs Default = \"CxL\", the size summaries, counts and training use; add Default = \"1x16000\" or another size of that form.", message);
            Assert.Equal("\"1xL\"", span);
        }

        [Theory]
        [InlineData("1x(16k+4)", "1x96", "1x16004")]
        [InlineData("1xL", "1x32x32", "1x16000")]
        [InlineData("1xL", "3x100", "1x16000")]
        public void A_Default_the_symbolic_length_does_not_admit_is_ND0001_at_the_Default(string input, string @default, string example)
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + $@"
[Network(Input = ""{input}"", Default = /*ND0001*/""{@default}"")]
public partial class Net {{ [Conv(4, 3, Padding = 1)] Layer conv; }}");
            Assert.Equal($"Net: Default \"{@default}\" is not a size of the form Input \"{input}\" allows; choose one it admits (e.g. \"{example}\").", message);
            Assert.Equal($"\"{@default}\"", span);
        }

        [Fact]
        public void A_Linear_after_flattening_a_symbolic_length_is_ND0023()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""1xL"", Default = ""1x100"")]
public partial class Net { [Conv(4, 3, Padding = 1)] Layer conv; [/*ND0023*/Flatten] Layer flatten; [Linear(10)] Layer fc; }");
            Assert.Equal("Net: the flat size after flatten (Flatten) depends on the input's L (400 at L = 100, 16784 at L = 4196), so a Linear layer after it cannot have a fixed size; pool to a fixed size first ([GlobalAvgPool] or [AdaptiveAvgPool]) or declare a fixed input.", message);
            Assert.Equal("Flatten", span);
        }

        [Fact]
        public void A_declared_length_form_the_layers_reject_is_ND0022_naming_the_first_bad_length()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = /*ND0022*/""1x(4k)"", Default = ""1x64"")]
public partial class Net
{
    [Conv(4, 3, Padding = 1)]                  Layer enc;
    [MaxPool(2), MaxPool(2), MaxPool(2)]       Layer down;
    [ConvTranspose(4, 8, Stride = 8)]          Layer up;
    [Add(nameof(enc)), Conv(2, 1)]             Layer head;
}");
            Assert.StartsWith("Net: Input admits L = 4, which the layers reject (", message);
            Assert.EndsWith("the layers need L a multiple of 8 (L ≥ 8): narrow the declared form: Input = \"1x(8k)\".", message);
            Assert.Equal("\"1x(4k)\"", span);
        }

        [Fact]
        public void A_length_that_is_not_a_CxL_form_is_ND0001_with_the_forms_it_takes()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = /*ND0001*/""1x(k)"")]
public partial class Net { [Conv(4, 3, Padding = 1)] Layer conv; }");
            Assert.Equal("Net: Input \"1x(k)\" is not a CxL shape; write Input = \"CxL\" with a length (e.g. \"1x16000\"), a letter for any length (\"1xL\") or a form (\"1x(16k)\", \"1x(16k+4)\").", message);
            Assert.Equal("\"1x(k)\"", span);
        }

        [Theory]
        [InlineData("1x16000", 2, 1, 0, 16000, false)]
        [InlineData("1xL", 2, 1, 1, 0, true)]
        [InlineData("2x(16k)", 2, 2, 16, 0, true)]
        [InlineData("1x(16k + 4)", 2, 1, 16, 4, true)]
        [InlineData("3xHxW", 3, 3, 1, 0, true)]
        public void Length_forms_parse(string text, int rank, int c, int modulus, int residue, bool symbolic)
        {
            Assert.True(InputSpec.TryParse(text, out var spec));
            Assert.Equal((rank, c, modulus, residue, symbolic), (spec.Rank, spec.C, spec.W.Modulus, spec.W.Residue, spec.IsSymbolic));
            if (spec.Is1d)
            {
                Assert.Equal(spec.W.Modulus, spec.L.Modulus);
                Assert.False(spec.H.IsSymbolic);
                Assert.Equal(symbolic ? new[] { 'L' } : new char[0], Array.ConvertAll(spec.SymbolicAxes(), a => a.Name));
            }
        }

        [Theory]
        [InlineData("1x0")]
        [InlineData("1x(k)")]
        [InlineData("0xL")]
        [InlineData("1xLx")]
        public void Bad_length_forms_do_not_parse(string text) => Assert.False(InputSpec.TryParse(text, out _));

        [Fact]
        public void Constraints_for_a_length_check_1d_inputs_only()
        {
            var rules = new[] { new AxisRule('L', 8, 0, 8) };
            Assert.Null(InputConstraints.Check("Net", TensorShape.Sequence(1, 48), rules));
            Assert.Equal("Net: input 1x44 does not meet the constraint derived from its layers: L a multiple of 8 (L ≥ 8); use L = 40 or 48.",
                InputConstraints.Check("Net", TensorShape.Sequence(1, 44), rules)!.Message);
            Assert.Null(InputConstraints.Check("Net", new TensorShape(1, 44, 44), rules));   // an 'L' rule says nothing about H or W
            Assert.Null(ForwardGuards.Input("Net", TensorShape.Sequence(1, 64), new long[] { 2, 1, 16 }, rules));
            Assert.Equal("ND0022", ForwardGuards.Input("Net", TensorShape.Sequence(1, 64), new long[] { 2, 1, 12 }, rules)!.Id);
        }
    }
}
