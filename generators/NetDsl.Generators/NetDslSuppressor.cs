using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace NetDsl.Generators
{
    /// <summary>
    /// Members carrying NetDsl layer attributes are assigned by the generated Build method, which the
    /// base constructor calls; the compiler cannot see that. Suppress exactly the "never assigned" and
    /// "non-nullable not initialised" warnings on those members, nothing else.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NetDslSuppressor : DiagnosticSuppressor
    {
        static readonly SuppressionDescriptor NonNullable = new SuppressionDescriptor("NDS8618", "CS8618", "NetDsl assigns this member in the generated Build method.");
        static readonly SuppressionDescriptor NeverAssigned = new SuppressionDescriptor("NDS0649", "CS0649", "NetDsl assigns this member in the generated Build method.");
        static readonly SuppressionDescriptor NeverUsed = new SuppressionDescriptor("NDS0169", "CS0169", "NetDsl uses this member in the generated forward method.");
        static readonly SuppressionDescriptor Readonly = new SuppressionDescriptor("NDS0044", "IDE0044", "NetDsl assigns this member in the generated Build method.");

        public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions => ImmutableArray.Create(NonNullable, NeverAssigned, NeverUsed, Readonly);

        public override void ReportSuppressions(SuppressionAnalysisContext context)
        {
            foreach (var diagnostic in context.ReportedDiagnostics)
            {
                var descriptor = SupportedSuppressions.FirstOrDefault(s => s.SuppressedDiagnosticId == diagnostic.Id);
                var tree = diagnostic.Location.SourceTree;
                if (descriptor == null || tree == null) continue;
                try
                {
                    var model = context.GetSemanticModel(tree);
                    var node = tree.GetRoot(context.CancellationToken).FindNode(diagnostic.Location.SourceSpan);
                    var symbol = model.GetDeclaredSymbol(node, context.CancellationToken);
                    if (symbol != null && HasLayerAttribute(symbol)) context.ReportSuppression(Suppression.Create(descriptor, diagnostic));
                }
                catch (System.ArgumentException)
                {
                    // A location outside the tree (a stale span): leave the warning as the compiler reported it.
                }
            }
        }

        static bool HasLayerAttribute(ISymbol symbol)
        {
            foreach (var attribute in symbol.GetAttributes())
                for (var t = attribute.AttributeClass; t != null; t = t.BaseType)
                    if (t.Name == "LayerAttribute" && t.ContainingNamespace?.ToDisplayString() == "NetDsl") return true;
            return false;
        }
    }
}
