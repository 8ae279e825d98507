using System;
using NetDsl.Shapes;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// ND0024 at run time: the generator checks the declared instance's output; a constructor argument that changes a width
    /// (or an input given to <see cref="Network.BuildAt"/>) is checked by the generated constructor with the same rule
    /// (<c>OutputRule</c>) and the same message, its general fix.
    /// </summary>
    public class OutputAtRunTimeTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        const string Autoencoder = @"
[Network(Input = ""3x16x16"", Task = ModelTask.Reconstruction)]
public partial class Net(int channels = 3)
{
    [Conv(8, 3, Padding = 1), ReLU]                  Layer enc;
    [Conv(nameof(channels), 3, Padding = 1)]         Layer dec;
}";

        static Type Compile(string source)
        {
            var run = GeneratorHarness.Run(Head + source);
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            return GeneratorHarness.Load(run).GetType("Demo.Net")!;
        }

        [Fact]
        public void A_width_argument_that_breaks_a_reconstruction_is_ND0024_at_construction()
        {
            var type = Compile(Autoencoder);
            using (var ok = (Network)Activator.CreateInstance(type, 3)!) Assert.Equal(new TensorShape(3, 16, 16), ok.OutputShape);
            var wrong = Assert.Throws<System.Reflection.TargetInvocationException>(() => Activator.CreateInstance(type, 4));
            var issue = Assert.IsType<ShapeException>(wrong.InnerException).Issue;
            Assert.Equal("ND0024", issue.Id);
            Assert.Equal("Net: the output 4x16x16 is not the input's shape 3x16x16 (Task = Reconstruction: the output reconstructs the input); make the last layer give 3 channels.", issue.Message);
        }

        [Fact]
        public void The_run_time_message_is_the_compile_time_rules_cause()
        {
            // The same declaration with the breaking width as its default: the generator reports the same cause (then its searched fix).
            var d = Assert.Single(GeneratorHarness.Run(Head + Autoencoder.Replace("int channels = 3", "int channels = 4")).NetDsl);
            Assert.Equal("ND0024", d.Id);
            Assert.StartsWith("Net: the output 4x16x16 is not the input's shape 3x16x16 (Task = Reconstruction: the output reconstructs the input); ",
                d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        [Fact]
        public void A_declared_Output_is_checked_for_a_width_given_at_construction()
        {
            var type = Compile(GeneratorHarness.Tiny + @"
[Network(Input = ""3x8x8"", Output = ""10"")]
public partial class Net(int classes = 10) { [Conv(8, 3), GlobalAvgPool, Flatten] Layer features; [Linear(nameof(classes))] Layer fc; }");
            var wrong = Assert.Throws<System.Reflection.TargetInvocationException>(() => Activator.CreateInstance(type, 5));
            var issue = Assert.IsType<ShapeException>(wrong.InnerException).Issue;
            Assert.Equal("ND0024", issue.Id);
            Assert.Equal("Net: the output 5 is not the declared Output 10; make the last layer give 10 outputs.", issue.Message);
        }
    }
}
