using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// An enum argument cast from a number that names no member (<c>(Interpolation)42</c>): C# accepts the cast, so NetDsl
    /// reports ND0013 at it, naming the values, for layer arguments, block parameters' values and the class attributes' enums.
    /// </summary>
    public class EnumRangeTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        [Theory]
        [InlineData("[Upsample(2, Mode = /*ND0013*/(Interpolation)42)]", "up: Upsample Mode is (Interpolation)42, which names no Interpolation value; write one of Interpolation.Nearest, Interpolation.Bilinear.")]
        [InlineData("[Conv(4, 3, Padding = 1, PaddingMode = /*ND0013*/(PaddingMode)7)]", "up: Conv2d PaddingMode is (PaddingMode)7, which names no PaddingMode value; write one of PaddingMode.Zeros, PaddingMode.Reflect, PaddingMode.Replicate, PaddingMode.Circular.")]
        public void A_number_cast_to_a_layer_enum_that_names_no_value_is_ND0013_at_it(string layer, string message)
        {
            var (text, span) = GeneratorHarness.SingleDiagnostic(Head + "[Network(Input = \"4x8x8\")]\npublic partial class Net\n{\n    [Conv(4, 3, Padding = 1)] Layer conv;\n    " + layer + " Layer up;\n}");
            Assert.Equal(message, text);
            Assert.StartsWith("(", span);
        }

        [Fact]
        public void A_number_cast_to_an_activation_is_ND0013_listing_the_activations()
        {
            var (text, span) = GeneratorHarness.SingleDiagnostic(Head + "[Network(Input = \"4x8x8\")]\npublic partial class Net { [Activation(/*ND0013*/(Act)99)] Layer act; }");
            Assert.StartsWith("act: Activation Kind is (Act)99, which names no Act value; write one of Act.", text);
            Assert.Equal("(Act)99", span);
        }

        [Fact]
        public void An_out_of_range_enum_given_to_a_block_parameter_is_ND0013_at_the_use()
        {
            var (text, _) = GeneratorHarness.SingleDiagnosticInBlock(Head + @"
[Block]
public partial class Cba(Act act = Act.ReLU) { [Conv(4, 3, Padding = 1), Activation(/*ND0013*/nameof(act))] Layer conv; }
[Network(Input = ""3x8x8"")]
public partial class Net { [Use(typeof(Cba), (Act)77)] Layer a; }", "Use(typeof(Cba), (Act)77)");
            Assert.StartsWith("a.conv: Activation Kind is (Act)77, which names no Act value; write one of Act.", text);
        }

        const string ActNetwork = GeneratorHarness.Tiny + Head + @"
[Block] public partial class Cba(int c, Act act = Act.ReLU) { [Conv(nameof(c), 3, Padding = 1), Activation(nameof(act))] Layer conv; }
[Network(Input = ""3x8x8"")]
public partial class Net(Act act = Act.ReLU, int classes = 2)
{
    [Conv(4, 3, Padding = 1), Activation(nameof(act))] Layer conv;
    [Use(typeof(Cba), 4, nameof(act))]                 Layer b;
    [GlobalAvgPool, Flatten]                           Layer pool;
    [Linear(nameof(classes))]                          Layer fc;
}";

        [Fact]
        public void A_network_built_with_an_Act_argument_that_names_no_value_throws_naming_the_parameter_and_the_values()
        {
            // ND0013 sees constants only; an argument given at run time is checked by the generated Build before any layer.
            var run = GeneratorHarness.Run(ActNetwork);
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var type = GeneratorHarness.Load(run).GetType("Demo.Net")!;
            using (var ok = (Network)System.Activator.CreateInstance(type, Act.GELU, 3)!) Assert.Equal(NetDsl.Shapes.TensorShape.Vector(3), ok.OutputShape);
            var wrong = Assert.Throws<System.Reflection.TargetInvocationException>(() => System.Activator.CreateInstance(type, (Act)99, 3));
            var e = Assert.IsType<System.ArgumentOutOfRangeException>(wrong.InnerException);
            Assert.Equal("act", e.ParamName);
            Assert.Equal((Act)99, e.ActualValue);
            string valid = string.Join(", ", System.Array.ConvertAll(System.Enum.GetNames<Act>(), n => "Act." + n));
            Assert.StartsWith("Net: parameter 'act' is (Act)99, which names no Act value; pass one of " + valid + ".", e.Message);
            Assert.Contains("Act.ReLU, ", e.Message);
        }

        [Fact]
        public void The_runtime_check_of_an_Act_argument_passes_every_value_and_rejects_the_rest()
        {
            foreach (var value in System.Enum.GetValues<Act>()) Assert.Equal(value, Activations.Defined(value, "act", "Net"));
            var e = Assert.Throws<System.ArgumentOutOfRangeException>(() => Activations.Defined((Act)(-1), "gate", "Block"));
            Assert.Equal("gate", e.ParamName);
            Assert.StartsWith("Block: parameter 'gate' is (Act)-1, which names no Act value; pass one of Act.", e.Message);
        }

        [Theory]
        [InlineData("[Network(Input = \"3x8x8\", Task = /*ND0013*/(ModelTask)42)]\npublic partial class Net { [Conv(4, 3)] Layer conv; }",
            "Net: [Network] Task is (ModelTask)42, which names no ModelTask value; write one of ModelTask.")]
        [InlineData("[Block, Skip(/*ND0013*/(Merge)9)]\npublic partial class B { [Conv(4, 3, Padding = 1)] Layer conv; }\n[Network(Input = \"4x8x8\")]\npublic partial class Net { [Use(typeof(B))] Layer b; }",
            "B: [Skip] merge is (Merge)9, which names no Merge value; write one of Merge.")]
        public void A_number_cast_to_a_class_attributes_enum_is_ND0013_at_it(string source, string start)
        {
            var (text, span) = GeneratorHarness.SingleDiagnostic(Head + source);
            Assert.StartsWith(start, text);
            Assert.StartsWith("(", span);
        }
    }
}
