using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using NetDsl.ScalarLifetime;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// The repository's Scalar lifetime guard (generators/NetDsl.ScalarLifetime, run on src/ and examples/): every
    /// TorchSharp Scalar a call reads must be held through the call, or its finalizer can free it mid-call.
    /// </summary>
    public class ScalarLifetimeTests
    {
        const string Head = "using NetDsl;\nusing TorchSharp;\nusing static TorchSharp.torch;\nnamespace Demo;\n";

        /// <summary>NDS diagnostics in <paramref name="compilation"/>, as (id, the flagged code).</summary>
        internal static (string Id, string Code)[] Unheld(Compilation compilation) =>
            compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new UnheldScalarAnalyzer()))
                .GetAnalyzerDiagnosticsAsync().Result
                .Select(d => (d.Id, d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)))
                .OrderBy(d => d.Item2, System.StringComparer.Ordinal).ToArray();

        static (string Id, string Code)[] Unheld(string body) =>
            Unheld(GeneratorHarness.Compilation(Head + "static class C { static Tensor F(Tensor a, Tensor b, double v) { " + body + " } }"));

        [Theory]
        [InlineData("return a.mul(0.5);", "NDS0001", "0.5")]
        [InlineData("return a.clamp(0, v);", "NDS0001", "0")]
        [InlineData("return full(new long[] { 2 }, v);", "NDS0001", "v")]
        [InlineData("return a * 2;", "NDS0002", "a * 2")]
        [InlineData("return 1.5 * a;", "NDS0002", "1.5 * a")]
        [InlineData("return a + b;", "NDS0002", "a + b")]
        [InlineData("return a.add_(b);", "NDS0002", "a.add_(b)")]
        [InlineData("return a.addcdiv_(a, b);", "NDS0002", "a.addcdiv_(a, b)")]
        [InlineData("a += b; return a;", "NDS0002", "a += b")]
        public void A_scalar_nothing_holds_is_an_error_at_the_call(string body, string id, string code)
        {
            var found = Unheld(body);
            Assert.Contains((id, code), found);
            Assert.All(found, d => Assert.Equal(DiagnosticSeverity.Error, new UnheldScalarAnalyzer().SupportedDiagnostics.Single(s => s.Id == d.Id).DefaultSeverity));
        }

        [Fact]
        public void Scalar_minus_tensor_is_flagged_because_TorchSharp_writes_it_as_negative_then_add()
        {
            Assert.Contains(("NDS0002", "s - a"), Unheld("using var s = v.ToScalar(); return s - a;"));
        }

        [Theory]
        [InlineData("return a.mul(v).lt(0.25.ToScalar());", "NDS0001", "0.25.ToScalar()")]
        [InlineData("return a.masked_fill(a.lt(b), 255.ToScalar());", "NDS0001", "255.ToScalar()")]
        [InlineData("var d = (double)a; return b;", "NDS0003", "(double)a")]
        [InlineData("var d = (float)a.sum(); return b;", "NDS0003", "(float)a.sum()")]
        [InlineData("var d = a.ToDouble(); return b;", "NDS0003", "a.ToDouble()")]
        [InlineData("var d = a.ToInt64(); return b;", "NDS0003", "a.ToInt64()")]
        [InlineData("var d = a.ToScalar().ToDouble(); return b;", "NDS0001", "a.ToScalar()")]
        [InlineData("var s = v.ToScalar(); return a.mul(s);", "NDS0001", "v.ToScalar()")]
        [InlineData("System.Console.WriteLine(a.str()); return b;", "NDS0002", "a.str()")]
        [InlineData("System.Console.WriteLine(a.ToString(TorchSharp.TensorStringStyle.Numpy)); return b;", "NDS0002", "a.ToString(TorchSharp.TensorStringStyle.Numpy)")]
        [InlineData("return linalg.vector_norm(a, 2);", "NDS0002", "linalg.vector_norm(a, 2)")]
        [InlineData("using var bn = nn.BatchNorm2d(3); return bn.call(a);", "NDS0002", "bn.call(a)")]
        [InlineData("using var bn = nn.BatchNorm1d(3); return bn.forward(a);", "NDS0002", "bn.forward(a)")]
        public void A_scalar_made_and_dropped_in_one_expression_is_an_error(string body, string id, string code)
        {
            Assert.Contains((id, code), Unheld(body));
        }

        [Theory]
        [InlineData("var d = a.item<float>() + a.to(float64).item<double>(); return b;")]
        [InlineData("System.Console.WriteLine(a.ToString()); return a.norm(2);")]
        [InlineData("using var bn = nn.BatchNorm2d(3); return Compute.BatchNorm(bn, a);")]
        [InlineData("using var conv = nn.Conv2d(3, 3, 1); return conv.call(a);")]
        [InlineData("using var s = 0.25.ToScalar(); return a.lt(s);")]
        [InlineData("using (var s = 0.25.ToScalar()) { return a.lt(s); }")]
        [InlineData("using Scalar s = 0.25.ToScalar(), t = v.ToScalar(); return a.lt(s).mul(t);")]
        [InlineData("using var held = new ScalarScope(); return a.mul(held[0.5]).clamp(held[0L], held[v]);")]
        [InlineData("using var s = v.ToScalar(); return a.mul(s).sub(s);")]
        [InlineData("return a.add(b, Scalars.One).add_(b, alpha: Scalars.One);")]
        [InlineData("return a - b;")]
        [InlineData("return a * b / b;")]
        [InlineData("using var s = v.ToScalar(); return a * s;")]
        [InlineData("return a.addcdiv_(a, b, value: Scalars.One);")]
        public void Held_scalars_and_tensor_only_operators_pass(string body)
        {
            Assert.Empty(Unheld(body));
        }

        [Fact]
        public void A_ScalarScope_frees_what_it_made_when_disposed()
        {
            TorchSharp.Scalar made;
            using (var held = new ScalarScope())
            {
                made = held[2.5];
                Assert.Equal(2.5, TorchSharp.torch.full(new long[] { 1 }, made, TorchSharp.torch.ScalarType.Float64).item<double>());
                Assert.Equal(TorchSharp.torch.ScalarType.Int64, held[3L].Type);
            }
            Assert.Throws<System.InvalidOperationException>(() => made.Type);   // its handle is gone: freed, not left to the finalizer
        }
    }
}
