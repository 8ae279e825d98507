using System.Linq;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>Malformed declarations produce diagnostics, never a generator exception.</summary>
    public class RobustnessTests
    {
        [Theory]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N { [Conv(64)] Layer c; }")]                  // incomplete attribute
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N { [Conv(typeof(int), 3)] Layer c; }")]     // wrong argument type
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N { [Conv(\"(((\", 3)] Layer c; }")]          // bad expression
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N { [Conv(8, 3, Stride = true)] Layer c; }")] // bool where int
        [InlineData("[Network] public partial class N { [ReLU] Layer c; }")]                                        // no input
        [InlineData("[Network(Input = \"0x0x0\")] public partial class N { }")]
        [InlineData("[Block] public partial class B { [Use(typeof(B))] Layer self; } [Network(Input = \"3x8x8\")] public partial class N { [Use(typeof(B))] Layer b; }")]
        [InlineData("[Block] public partial class A { [Use(typeof(C))] Layer c; } [Block] public partial class C { [Repeat(2, typeof(A))] Layer a; }")]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N { [Repeat(\"n\", typeof(N))] Layer r; }")]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N(object o) { [Conv(nameof(o), 3)] Layer c; }")]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N { [Conv(8, 3), Repeat(1, typeof(N))] Layer c; }")]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N { [Conv(8, 3)] Layer c }")]                 // syntax error
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N<T> { [Conv(8, 3)] Layer c; }")]
        [InlineData("public class Outer { [Network(Input = \"3x8x8\")] public partial class N { [Conv(8, 3)] Layer c; } }")]
        [InlineData("[Network(Input = \"3x8x8\")] [Variant(\"v\", 1, 2, 3)] public partial class N(int a) { [Conv(nameof(a), 3)] Layer c; }")]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N { [Conv(8, 3, Padding = -1)] Layer c; [ConvStack(\"64 X\")] Layer s; }")]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N { [ConvStack(\"64 X\")] Layer s; }")]
        [InlineData("[Network(Input = \"3x8x8\")] public partial class N { [Dropout(1.5)] Layer d; [Conv(8, 3, Dilation = 0)] Layer c; }")]
        [InlineData("[Block, Branches(Merge.Concat), Residual] public partial class B { [ReLU] Layer a; }")]
        [InlineData("[Block, Branches(Merge.Add)] public partial class B { } [Network(Input = \"3x8x8\")] public partial class N { [Use(typeof(B))] Layer b; }")]
        [InlineData("[Block, SqueezeExcite(\"oops\")] public partial class B { [ReLU] Layer a; } [Network(Input = \"3x8x8\")] public partial class N { [Use(typeof(B))] Layer b; }")]
        [InlineData("[Network(Input = \"3x50000x50000\")] public partial class N { [Flatten] Layer f; [Linear(10)] Layer fc; }")]   // 7.5e9 features
        public void Malformed_declarations_get_diagnostics_and_no_exception(string body)
        {
            var result = GeneratorHarness.Run("using NetDsl;\nnamespace Demo;\n" + body);
            var compilerErrors = result.Output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
            Assert.True(result.NetDsl.Any() || compilerErrors.Any(), "no diagnostic at all for: " + body);
            Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "ND0015" || d.Id == "CS8785");
        }
    }
}
