extern alias generator;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using generator::NetDsl.Generators;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// CA2213 (AnalysisLevel latest-all: "contains field 'conv1' that is of IDisposable type … but it is never disposed") on a
    /// network's layer fields is suppressed by NetDslSuppressor: the generated Build registers each layer, and TorchSharp's
    /// Module.Dispose disposes registered submodules. Other IDisposable fields keep the warning.
    /// </summary>
    public class DisposableLayerSuppressionTests
    {
        /// <summary>
        /// Stands in for the .NET analyzers' CA2213 (not referenced by these tests): the same ID, reported where the real rule
        /// reports it (the field's declarator), on every IDisposable field of a class that is itself IDisposable.
        /// </summary>
        // A test double, run in-process only: the rules for shipped analyzers (reserved IDs, release tracking, target
        // framework, no Workspaces reference) do not apply.
#pragma warning disable RS1038, RS1041, RS1036, RS1029, RS2008
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        sealed class FakeCa2213 : DiagnosticAnalyzer
        {
            public static readonly DiagnosticDescriptor Rule = new("CA2213", "Disposable fields should be disposed",
                "'{0}' contains field '{1}' that is of IDisposable type '{2}', but it is never disposed", "Usage", DiagnosticSeverity.Warning, true);

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

            public override void Initialize(AnalysisContext context)
            {
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.EnableConcurrentExecution();
                context.RegisterSymbolAction(c =>
                {
                    var field = (IFieldSymbol)c.Symbol;
                    var disposable = c.Compilation.GetSpecialType(SpecialType.System_IDisposable);
                    bool Is(ITypeSymbol t) => t.AllInterfaces.Contains(disposable, SymbolEqualityComparer.Default);
                    if (field.IsImplicitlyDeclared || field.IsStatic || !Is(field.Type) || !Is(field.ContainingType)) return;
                    c.ReportDiagnostic(Diagnostic.Create(Rule, field.Locations[0], field.ContainingType.Name, field.Name, field.Type.ToDisplayString()));
                }, SymbolKind.Field);
            }
        }
#pragma warning restore RS1038, RS1041, RS1036, RS1029, RS2008

        const string Source = @"using NetDsl;
namespace Demo;

[Network(Input = ""1x8x8"")]
public partial class Net
{
    [Conv(4, 3), ReLU]        Layer conv1;
    [GlobalAvgPool, Flatten] Layer pool;
    [Linear(2)]              Layer fc;
    System.IO.MemoryStream buffer = new System.IO.MemoryStream();
}

[Block]
public partial class Unit
{
    [Conv(4, 3, Padding = 1)] Layer conv;
}

public sealed class Holder : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>
{
    Layer inner = TorchSharp.torch.nn.Identity();
    public Holder() : base(""holder"") { }
    public override TorchSharp.torch.Tensor forward(TorchSharp.torch.Tensor x) => inner.forward(x);
}
";

        [Fact]
        public async System.Threading.Tasks.Task CA2213_is_suppressed_on_layer_fields_of_networks_and_blocks_only()
        {
            var (output, _, _) = GeneratorHarness.Generate(Source);
            string Field(Diagnostic d) => d.GetMessage(CultureInfo.InvariantCulture).Split('\'')[3];
            async System.Threading.Tasks.Task<string[]> Warned(params DiagnosticAnalyzer[] analyzers) =>
                (await output.WithAnalyzers(ImmutableArray.Create(analyzers)).GetAllDiagnosticsAsync())
                    .Where(d => d.Id == "CA2213" && !d.IsSuppressed).Select(Field).OrderBy(f => f, System.StringComparer.Ordinal).ToArray();

            // Without the suppressor the rule fires on every layer field (as the tester's build showed).
            Assert.Equal(new[] { "buffer", "conv", "conv1", "fc", "inner", "pool" }, await Warned(new FakeCa2213()));
            var reported = await Warned(new FakeCa2213(), new NetDslSuppressor());
            // An IDisposable field NetDsl does not manage, and a Layer field of a class that is no network: warned as before.
            Assert.Equal(new[] { "buffer", "inner" }, reported);
        }
    }
}
