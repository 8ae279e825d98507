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
    /// A member with wiring but no layer (<c>[Add(nameof(score2))] Layer fuse;</c>) is NetDsl's ND0021, whose message says
    /// where the wiring goes; the compiler's "never used" and "non-nullable not initialised" on it only repeat that the member
    /// holds nothing, so those two are suppressed on exactly the members the parser reports so (see <see cref="Layerless"/>).
    /// CA2213 ("contains field 'conv1' that is of IDisposable type … but it is never disposed", on with AnalysisLevel latest-all) is
    /// suppressed on the layer fields of a [Network]/[Block] class: the generated Build registers each one as a submodule, and
    /// TorchSharp's Module.Dispose disposes registered submodules; the user has nothing to write.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NetDslSuppressor : DiagnosticSuppressor
    {
        static readonly SuppressionDescriptor NonNullable = new SuppressionDescriptor("NDS8618", "CS8618", "NetDsl assigns this member in the generated Build method.");
        static readonly SuppressionDescriptor NeverAssigned = new SuppressionDescriptor("NDS0649", "CS0649", "NetDsl assigns this member in the generated Build method.");
        static readonly SuppressionDescriptor NeverUsed = new SuppressionDescriptor("NDS0169", "CS0169", "NetDsl uses this member in the generated forward method.");
        static readonly SuppressionDescriptor Readonly = new SuppressionDescriptor("NDS0044", "IDE0044", "NetDsl assigns this member in the generated Build method.");

        static readonly SuppressionDescriptor NotDisposed = new SuppressionDescriptor("NDS2213", "CA2213", "NetDsl registers this layer as a submodule, which TorchSharp's Module.Dispose disposes.");

        static readonly SuppressionDescriptor LayerlessNonNullable = new SuppressionDescriptor("NDS0021N", "CS8618", "NetDsl reports this member as ND0021 (wiring on a member with no layer); its fix is what to act on.");
        static readonly SuppressionDescriptor LayerlessNeverUsed = new SuppressionDescriptor("NDS0021U", "CS0169", "NetDsl reports this member as ND0021 (wiring on a member with no layer); its fix is what to act on.");

        public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions =>
            ImmutableArray.Create(NonNullable, NeverAssigned, NeverUsed, Readonly, NotDisposed, LayerlessNonNullable, LayerlessNeverUsed);

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
                    if (symbol == null) continue;
                    if (diagnostic.Id == "CA2213")
                    {
                        if (symbol is IFieldSymbol && HasLayerAttribute(symbol) && IsNetworkOrBlock(symbol.ContainingType))
                            context.ReportSuppression(Suppression.Create(descriptor, diagnostic));
                    }
                    else if (HasLayerAttribute(symbol)) context.ReportSuppression(Suppression.Create(descriptor, diagnostic));
                    else if (diagnostic.Id is "CS8618" or "CS0169" && Layerless(symbol, context.CancellationToken))
                        context.ReportSuppression(Suppression.Create(diagnostic.Id == "CS8618" ? LayerlessNonNullable : LayerlessNeverUsed, diagnostic));
                }
                catch (System.ArgumentException)
                {
                    // A location outside the tree (a stale span): leave the warning as the compiler reported it.
                }
            }
        }

        /// <summary>
        /// Whether the parser reports <paramref name="symbol"/> as ND0021's member with wiring but no layer: a field or property
        /// declared in the part of a [Network]/[Block] class that carries that attribute (a member of another part is ND0014),
        /// with a wiring attribute and no layer attribute the parser reads (one whose constructor binds, with no typeof of a
        /// missing type).
        /// </summary>
        static bool Layerless(ISymbol symbol, System.Threading.CancellationToken ct)
        {
            if (symbol is not (IFieldSymbol or IPropertySymbol) || symbol.ContainingType is not { TypeKind: TypeKind.Class, IsRecord: false } owner) return false;
            bool wiring = false;
            foreach (var attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass is not { } cls || attribute.AttributeConstructor == null) continue;
                if (Derives(cls, "LayerAttribute")
                    && !attribute.ConstructorArguments.Any(c => c.Kind == TypedConstantKind.Type && c.Value is IErrorTypeSymbol)) return false;
                wiring |= Derives(cls, "WiringAttribute");
            }
            if (!wiring || symbol.DeclaringSyntaxReferences.Length != 1) return false;
            var part = symbol.DeclaringSyntaxReferences[0].GetSyntax(ct).FirstAncestorOrSelf<Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax>();
            foreach (var attribute in owner.GetAttributes())
            {
                if (attribute.AttributeClass is not { ContainingNamespace: { } ns } kind || ns.ToDisplayString() != "NetDsl"
                    || (kind.Name != "NetworkAttribute" && kind.Name != "BlockAttribute")) continue;
                var carrier = attribute.ApplicationSyntaxReference?.GetSyntax(ct).FirstAncestorOrSelf<Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax>();
                if (carrier != null && part != null && carrier.SyntaxTree == part.SyntaxTree && carrier.Span == part.Span) return true;
            }
            return false;
        }

        /// <summary>Whether <paramref name="type"/> carries NetDsl's [Network] or [Block] (on any of its parts).</summary>
        static bool IsNetworkOrBlock(INamedTypeSymbol? type) =>
            type != null && type.GetAttributes().Any(a => a.AttributeClass is { ContainingNamespace: { } ns } kind
                && (kind.Name == "NetworkAttribute" || kind.Name == "BlockAttribute") && ns.ToDisplayString() == "NetDsl");

        static bool Derives(INamedTypeSymbol cls, string name)
        {
            for (var t = cls.BaseType; t != null; t = t.BaseType)
                if (t.Name == name && t.ContainingNamespace?.ToDisplayString() == "NetDsl") return true;
            return false;
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
