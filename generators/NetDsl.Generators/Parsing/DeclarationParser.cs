using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Parsing
{
    /// <summary>Reads a [Network] or [Block] class into a <see cref="DeclarationSpec"/>; keeps no symbols.</summary>
    internal static class DeclarationParser
    {
        public static DeclarationSpec Parse(GeneratorAttributeSyntaxContext context, DeclarationKind kind, CancellationToken ct)
        {
            var symbol = (INamedTypeSymbol)context.TargetSymbol;
            var syntax = (ClassDeclarationSyntax)context.TargetNode;
            var diagnostics = new List<DiagnosticInfo>();
            bool invalid = false;
            var here = LocationInfo.From(syntax.Identifier.GetLocation());

            bool isPartial = syntax.Modifiers.Any(m => m.IsKind(SyntaxKind.PartialKeyword));
            if (!isPartial || symbol.ContainingType != null || symbol.IsGenericType)
                diagnostics.Add(new DiagnosticInfo(ShapeIssueIds.NotPartial,
                    $"{symbol.Name}: a [{kind}] class must be a top-level, non-generic partial class; declare it as 'public partial class {symbol.Name}' outside other types.",
                    here));

            var parameters = ReadParameters(symbol, syntax);
            bool indexed = symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "NetDsl.BlockAttribute"
                && a.NamedArguments.Any(n => n.Key == "Indexed" && n.Value.Value is true));
            var members = new List<MemberSpec>();
            var memberSymbols = new List<ISymbol>();   // beside members: the next member's attributes, read only for a layerless one
            var layerless = new List<LayerlessWiring.Member>();
            var underLocations = new Dictionary<string, LocationInfo?>();
            foreach (var member in syntax.Members)
            {
                ct.ThrowIfCancellationRequested();
                foreach (var (name, memberSymbol, typeName, location) in DeclaredMembers(member, context.SemanticModel, ct))
                {
                    var layers = ReadLayers(memberSymbol, ref invalid);
                    var wiring = WiringReader.Read(memberSymbol, name, diagnostics);
                    var (under, underAt) = ReadUnder(memberSymbol, name, indexed, diagnostics);
                    if (under != null) underLocations[name] = underAt;
                    string moduleName = indexed ? members.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : under != null ? under + "." + name : name;
                    if (layers.Count > 0)
                    {
                        members.Add(new MemberSpec(name, moduleName, typeName, EquatableArray.From(layers), location, wiring, under));
                        memberSymbols.Add(memberSymbol);
                    }
                    else if (wiring != null)
                        layerless.Add(new LayerlessWiring.Member(name, LayerlessWiring.WiringText(memberSymbol), wiring.IsAuxiliary,
                            (wiring.From ?? wiring.AuxOf ?? wiring.Merges[0].Tap).Location, members.Count));
                }
            }
            foreach (var member in layerless) diagnostics.Add(LayerlessWiring.Report(member, members, memberSymbols));

            ValueSpec input = ValueSpec.Missing, defaultInput = ValueSpec.Missing;
            ValueSpec? output = null;
            string catalogName = symbol.Name.ToLowerInvariant();
            double learningRate = 0;
            string task = "Classification";
            string? optimizer = null;
            var variants = new List<VariantSpec>();
            ResidualSpec? residual = null;
            SqueezeExciteSpec? squeeze = null;
            BranchesSpec? branches = null;
            foreach (var attribute in symbol.GetAttributes())
            {
                string? name = attribute.AttributeClass?.ToDisplayString();
                var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax;
                if (attribute.AttributeClass is IErrorTypeSymbol || (attribute.AttributeConstructor == null && name != null && name.StartsWith("NetDsl.", System.StringComparison.Ordinal)))
                {
                    invalid = true;
                    continue;
                }
                var (args, extra) = ValueReader.ReadArguments(attribute, attributeSyntax);
                switch (name)
                {
                    case "NetDsl.NetworkAttribute":
                        foreach (var a in args)
                        {
                            if (a.Name == "Input") input = a.Value;
                            if (a.Name == "Default") defaultInput = a.Value;
                            if (a.Name == "Output") output = a.Value;
                            if (a.Name == "Name" && a.Value.Kind == ValueKind.String) catalogName = a.Value.Text;
                            if (a.Name == "LearningRate" && a.Value.Kind == ValueKind.Double) learningRate = a.Value.Double;
                            if (a.Name == "Task") task = EnumName(attribute, "Task", a.Value.Int);
                            if (a.Name == "Optimizer") optimizer = a.Value.Text;
                            if (a.Name == "Optimizer" && a.Value.Text is not ("sgd" or "adamw" or "lamb"))
                                diagnostics.Add(new DiagnosticInfo(ShapeIssueIds.InvalidArgument,
                                    $"{symbol.Name}: Optimizer \"{a.Value.Text}\" is not one NetDsl trains with; write \"sgd\", \"adamw\" or \"lamb\".", a.Value.Location));
                        }
                        if (input.Kind == ValueKind.Missing) input = ValueSpec.OfInvalid("missing", LocationInfo.From(attributeSyntax));
                        break;
                    case "NetDsl.VariantAttribute":
                        var variantName = args.FirstOrDefault(a => a.Name == "name")?.Value.Text ?? "";
                        var variantInput = args.FirstOrDefault(a => a.Name == "Input")?.Value;
                        variants.Add(new VariantSpec(variantName, EquatableArray.From(extra), LocationInfo.From(attributeSyntax), variantInput));
                        break;
                    case "NetDsl.ResidualAttribute":
                        string? projection = args.FirstOrDefault(a => a.Name == "Projection")?.Value.Text;
                        var after = args.FirstOrDefault(a => a.Name == "After");
                        string afterName = after == null ? "None" : EnumName(attribute, "After", after.Value.Int);
                        bool optional = args.Any(a => a.Name == "IfShapesMatch" && a.Value.Kind == ValueKind.Bool && a.Value.Bool);
                        residual = new ResidualSpec(string.IsNullOrEmpty(projection) ? null : projection, afterName, "Add", LocationInfo.From(attributeSyntax), optional,
                            args.FirstOrDefault(a => a.Name == "LayerScale")?.Value, args.FirstOrDefault(a => a.Name == "StochasticDepth")?.Value,
                            args.Any(a => a.Name == "ProjectionFirst" && a.Value.Kind == ValueKind.Bool && a.Value.Bool),
                            args.FirstOrDefault(a => a.Name == "StochasticDepthMode")?.Value);
                        break;
                    case "NetDsl.BranchesAttribute":
                        var branchMerge = args.FirstOrDefault(a => a.Name == "merge");
                        var branchAfter = args.FirstOrDefault(a => a.Name == "After");
                        branches = new BranchesSpec(branchMerge == null ? "Concat" : EnumName(attribute, "merge", branchMerge.Value.Int),
                            branchAfter == null ? "None" : EnumName(attribute, "After", branchAfter.Value.Int), LocationInfo.From(attributeSyntax),
                            args.FirstOrDefault(a => a.Name == "Shuffle")?.Value);
                        break;
                    case "NetDsl.SqueezeExciteAttribute":
                        string seName = args.FirstOrDefault(a => a.Name == "Name")?.Value.Text ?? "se";
                        squeeze = new SqueezeExciteSpec(args.FirstOrDefault(a => a.Name == "reduction")?.Value ?? ValueSpec.Missing,
                            seName.Length == 0 ? "se" : seName, LocationInfo.From(attributeSyntax));
                        break;
                    case "NetDsl.SkipAttribute":
                        var merge = args.FirstOrDefault(a => a.Name == "merge");
                        var skipAfter = args.FirstOrDefault(a => a.Name == "After");
                        residual = new ResidualSpec(null, skipAfter == null ? "None" : EnumName(attribute, "After", skipAfter.Value.Int),
                            merge == null ? "Add" : EnumName(attribute, "merge", merge.Value.Int), LocationInfo.From(attributeSyntax));
                        break;
                }
            }

            foreach (var m in members)
                if (m.Under != null && members.Any(o => o.Name == m.Under))
                    diagnostics.Add(new DiagnosticInfo(ShapeIssueIds.InvalidArgument,
                        $"{m.Name}: [Under(\"{m.Under}\")] names a container that is also the member {m.Under}, and a module holds one submodule per name; choose another container name or rename the member.",
                        underLocations.TryGetValue(m.Name, out var at) ? at : m.Location));
            if (branches != null && residual != null)
                diagnostics.Add(new DiagnosticInfo(ShapeIssueIds.InvalidArgument,
                    $"{symbol.Name}: [Branches] cannot be combined with [Residual] or [Skip]; put the branches in a block of their own and use it inside the residual block.",
                    branches.Location));
            if (branches != null && members.Count == 0)
                diagnostics.Add(new DiagnosticInfo(ShapeIssueIds.InvalidArgument,
                    $"{symbol.Name}: [Branches] needs at least one member; declare each branch as a member.", branches.Location));
            string ns = symbol.ContainingNamespace.IsGlobalNamespace ? "" : symbol.ContainingNamespace.ToDisplayString();
            string access = symbol.DeclaredAccessibility == Accessibility.Public ? "public" : "internal";
            return new DeclarationSpec
            {
                Kind = kind,
                Namespace = ns,
                Name = symbol.Name,
                FullName = TypeNames.Of(symbol),
                Accessibility = access,
                IsPartial = isPartial && symbol.ContainingType == null && !symbol.IsGenericType,
                HasPrimaryConstructor = syntax.ParameterList != null,
                Parameters = EquatableArray.From(parameters),
                Members = EquatableArray.From(members),
                Input = input,
                DefaultInput = defaultInput,
                CatalogName = catalogName,
                LearningRate = learningRate,
                Task = task,
                Optimizer = optimizer,
                Variants = EquatableArray.From(variants),
                Residual = residual,
                SqueezeExcite = squeeze,
                Branches = branches,
                ParseDiagnostics = EquatableArray.From(diagnostics),
                HasInvalidAttributes = invalid,
                Location = here,
                Output = output,
            };
        }

        /// <summary>The enum member name of an attribute argument (a property, or a constructor parameter).</summary>
        static string EnumName(AttributeData attribute, string argument, long value)
        {
            var enumType = attribute.AttributeClass?.GetMembers(argument).OfType<IPropertySymbol>().FirstOrDefault()?.Type
                ?? attribute.AttributeConstructor?.Parameters.FirstOrDefault(p => p.Name == argument)?.Type;
            if (enumType != null)
                foreach (var f in enumType.GetMembers().OfType<IFieldSymbol>())
                    if (f.HasConstantValue && System.Convert.ToInt64(f.ConstantValue, System.Globalization.CultureInfo.InvariantCulture) == value) return f.Name;
            return "None";
        }

        static List<ParameterSpec> ReadParameters(INamedTypeSymbol symbol, ClassDeclarationSyntax syntax)
        {
            var result = new List<ParameterSpec>();
            if (syntax.ParameterList == null) return result;
            var primary = symbol.InstanceConstructors.FirstOrDefault(c =>
                c.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is ClassDeclarationSyntax));
            if (primary == null) return result;
            foreach (var p in primary.Parameters)
            {
                // A default is located at its value (where a fix that changes it writes), else at the parameter's name.
                var written = p.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() as ParameterSyntax;
                var loc = LocationInfo.From(written?.Default?.Value.GetLocation() ?? p.Locations.FirstOrDefault());
                var def = p.HasExplicitDefaultValue
                    ? p.ExplicitDefaultValue switch
                    {
                        null => ValueSpec.OfInvalid("null", loc),
                        bool b => ValueSpec.OfBool(b, loc),
                        string s => ValueSpec.OfString(s, loc),
                        double d => ValueSpec.OfDouble(d, loc),
                        float f => ValueSpec.OfDouble(f, loc),
                        int i => ValueSpec.OfInt(i, loc),
                        long l => ValueSpec.OfInt(l, loc),
                        _ => ValueSpec.OfInvalid("unsupported", loc),
                    }
                    : ValueSpec.Missing;
                result.Add(new ParameterSpec(p.Name, p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), def));
            }
            return result;
        }

        static IEnumerable<(string Name, ISymbol Symbol, string TypeName, LocationInfo? Location)> DeclaredMembers(
            MemberDeclarationSyntax member, SemanticModel model, CancellationToken ct)
        {
            if (member is FieldDeclarationSyntax field)
            {
                foreach (var variable in field.Declaration.Variables)
                    if (model.GetDeclaredSymbol(variable, ct) is IFieldSymbol f)
                        yield return (f.Name, f, TypeNames.Of(f.Type), LocationInfo.From(variable.Identifier.GetLocation()));
            }
            else if (member is PropertyDeclarationSyntax property && model.GetDeclaredSymbol(property, ct) is IPropertySymbol p)
            {
                yield return (p.Name, p, TypeNames.Of(p.Type), LocationInfo.From(property.Identifier.GetLocation()));
            }
        }

        /// <summary>The container a member is registered [Under], or null; a name with dots or one in an Indexed block is reported.</summary>
        static (string? Container, LocationInfo? At) ReadUnder(ISymbol member, string memberName, bool indexed, List<DiagnosticInfo> diagnostics)
        {
            foreach (var attribute in member.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() != "NetDsl.UnderAttribute" || attribute.AttributeConstructor == null) continue;
                var syntax = attribute.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax;
                var (args, _) = ValueReader.ReadArguments(attribute, syntax);
                var value = args.FirstOrDefault(a => a.Name == "container")?.Value;
                string container = value?.Kind == ValueKind.String ? value.Text : "";
                var at = value?.Location ?? LocationInfo.From(syntax);
                if (indexed)
                {
                    diagnostics.Add(new DiagnosticInfo(ShapeIssueIds.InvalidArgument,
                        $"{memberName}: [Under] in an Indexed block, whose members are registered by their index; remove [Under], or drop Indexed = true so the members are registered by name.", at));
                    return (null, null);
                }
                if (container.Length == 0 || !SyntaxFacts.IsValidIdentifier(container))
                {
                    diagnostics.Add(new DiagnosticInfo(ShapeIssueIds.InvalidArgument,
                        $"{memberName}: [Under(\"{container}\")] needs a container module name, one identifier without dots; write e.g. [Under(\"classifier\")].", at));
                    return (null, null);
                }
                return (container, at);
            }
            return (null, null);
        }

        static List<LayerSpec> ReadLayers(ISymbol member, ref bool invalid)
        {
            var layers = new List<LayerSpec>();
            foreach (var attribute in member.GetAttributes())
            {
                var cls = attribute.AttributeClass;
                if (cls == null || !TypeNames.DerivesFrom(cls, TypeNames.LayerAttribute)) continue;
                var syntax = attribute.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax;
                if (attribute.AttributeConstructor == null) { invalid = true; continue; }
                var (args, extra) = ValueReader.ReadArguments(attribute, syntax);
                string kind = cls.Name.EndsWith("Attribute", System.StringComparison.Ordinal) ? cls.Name.Substring(0, cls.Name.Length - 9) : cls.Name;
                // One "size" sets both sides where the kind's record has Height and Width but no Size ([AdaptiveAvgPool(7)]).
                var schema = KindSchema.Find(kind);
                if (args.Count == 1 && args[0].Name == "size" && schema != null && schema.Arg("Size") == null && schema.Arg("Height") != null && schema.Arg("Width") != null)
                    args = new List<ArgSpec> { new ArgSpec("height", args[0].Value), new ArgSpec("width", args[0].Value) };
                layers.Add(new LayerSpec(kind, EquatableArray.From(args), EquatableArray.From(extra), LocationInfo.From(syntax)));
            }
            return layers;
        }
    }
}
