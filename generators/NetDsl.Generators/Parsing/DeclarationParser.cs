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
            if (context.TargetNode is not ClassDeclarationSyntax syntax) return NotAClass(symbol, (TypeDeclarationSyntax)context.TargetNode, kind);
            var diagnostics = new List<DiagnosticInfo>();
            bool invalid = false;
            var here = LocationInfo.From(syntax.Identifier.GetLocation());

            // A class marked both [Network] and [Block] would get two generated parts with two base types: the [Network] reading
            // reports it (at [Block]) and nothing is emitted for either.
            var blockAttribute = symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "NetDsl.BlockAttribute");
            if (blockAttribute != null && symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "NetDsl.NetworkAttribute"))
            {
                var both = NotAClass(symbol, syntax, kind);
                var at = LocationInfo.From(blockAttribute.ApplicationSyntaxReference?.GetSyntax(ct).GetLocation()) ?? here;
                return both with
                {
                    Location = here,
                    ParseDiagnostics = kind == DeclarationKind.Block ? EquatableArray<DiagnosticInfo>.Empty : EquatableArray.From(new[] { new DiagnosticInfo(ShapeIssueIds.NotPartial,
                        $"{symbol.Name}: a class is either a [Network] (a model you build and train) or a [Block] (a part that networks use), not both; remove [Block] and move the layers a network shares into a [Block] class of their own.", at) }),
                };
            }
            bool isPartial = syntax.Modifiers.Any(m => m.IsKind(SyntaxKind.PartialKeyword));
            if (!isPartial || symbol.ContainingType != null || symbol.IsGenericType)
                diagnostics.Add(new DiagnosticInfo(ShapeIssueIds.NotPartial,
                    $"{symbol.Name}: a [{kind}] class must be a top-level, non-generic partial class; declare it as 'public partial class {symbol.Name}' outside other types.",
                    here));
            // The generated part derives from NetDsl's base type: a static class or another base class cannot take it, and
            // the compiler's errors in the generated part would hide this one, so nothing is emitted for it.
            bool emittable = true;
            string baseName = kind == DeclarationKind.Network ? "global::NetDsl.Network" : "global::NetDsl.Block";
            if (symbol.IsStatic)
            {
                emittable = false;
                diagnostics.Add(new DiagnosticInfo(ShapeIssueIds.NotPartial,
                    $"{symbol.Name}: a [{kind}] class is a module instance, so it cannot be static; remove 'static'.",
                    StaticKeyword(symbol, syntax, ct)));
            }
            else if (symbol.BaseType is { } declaredBase && declaredBase.SpecialType != SpecialType.System_Object && declaredBase.TypeKind != TypeKind.Error
                && TypeNames.Of(declaredBase) != baseName && BaseTypeSyntax(symbol) is { } baseAt)
            {
                emittable = false;
                diagnostics.Add(new DiagnosticInfo(ShapeIssueIds.NotPartial,
                    $"{symbol.Name}: a [{kind}] class gets its base type from NetDsl ({baseName.Substring(8)}), so it cannot derive from {declaredBase.ToDisplayString()}; remove ': {declaredBase.Name}' (hold that type in a field or use a [Block] instead).",
                    baseAt));
            }

            var parameters = ReadParameters(symbol, syntax);
            // The generated code's own locals start with "__" (__ctx, __shape): a parameter named so would be read as one of them.
            foreach (var p in PrimaryConstructor(symbol, syntax)?.Parameters ?? System.Collections.Immutable.ImmutableArray<IParameterSymbol>.Empty)
                if (p.Name.StartsWith("__", System.StringComparison.Ordinal))
                {
                    emittable = false;
                    diagnostics.Add(new DiagnosticInfo(ShapeIssueIds.InvalidArgument,
                        $"{symbol.Name}: constructor parameter '{p.Name}' starts with \"__\", as the generated code's own names do; rename it.",
                        LocationInfo.From(p.Locations.FirstOrDefault())));
                }
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
                    if (layers.Count > 0 && MemberProblem(symbol, memberSymbol, member, kind, context.SemanticModel.Compilation, ref emittable) is { } problem)
                        diagnostics.Add(problem);
                    else if (layers.Count > 0 && ModuleTypeProblem(symbol, memberSymbol, member, layers, context.SemanticModel.Compilation) is { } typeProblem)
                    {
                        // The generated Build's cast or assignment would not compile (or fail at run time): reported here. The error
                        // gives the class its stub (no Build), which reads the constructor's parameters: no CS9113 noise beside it.
                        diagnostics.Add(typeProblem);
                    }
                    var wiring = WiringReader.Read(memberSymbol, name, diagnostics);
                    var (under, underAt) = ReadUnder(memberSymbol, name, indexed, diagnostics);
                    if (under != null) underLocations[name] = underAt;
                    string moduleName = indexed ? members.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : under != null ? under + "." + name : name;
                    if (layers.Count > 0)
                    {
                        members.Add(new MemberSpec(name, moduleName, typeName, EquatableArray.From(layers), location, wiring, under, IsNullable(memberSymbol)));
                        memberSymbols.Add(memberSymbol);
                    }
                    else if (wiring != null)
                        layerless.Add(new LayerlessWiring.Member(name, LayerlessWiring.WiringText(memberSymbol), wiring.IsAuxiliary,
                            (wiring.From ?? wiring.AuxOf ?? wiring.Merges[0].Tap).Location, members.Count));
                }
            }
            foreach (var member in layerless) diagnostics.Add(LayerlessWiring.Report(member, members, memberSymbols));
            // Members are read from the part that carries the attribute, in declaration order (the forward order); layer members
            // in another part of the class have no order relative to them and would be left out silently.
            foreach (var other in symbol.DeclaringSyntaxReferences)
            {
                if (other.SyntaxTree == syntax.SyntaxTree && other.Span == syntax.Span) continue;
                if (other.GetSyntax(ct) is not TypeDeclarationSyntax part) continue;
                var model = context.SemanticModel.Compilation.GetSemanticModel(part.SyntaxTree);
                foreach (var member in part.Members)
                    foreach (var (name, memberSymbol, _, location) in DeclaredMembers(member, model, ct))
                        if (memberSymbol.GetAttributes().Any(a => a.AttributeClass is { } c && (TypeNames.DerivesFrom(c, TypeNames.LayerAttribute) || TypeNames.DerivesFrom(c, TypeNames.WiringAttribute))))
                            diagnostics.Add(new DiagnosticInfo(ShapeIssueIds.NotPartial,
                                $"{symbol.Name}.{name}: a layer member in another part of the partial class than the one with [{kind}]; the forward order is the members' declaration order, which two parts do not define, so declare every layer member in the part with [{kind}].",
                                location));
            }

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
                if (attribute.AttributeClass is IErrorTypeSymbol || (attribute.AttributeConstructor == null && name != null && name.StartsWith("NetDsl.", System.StringComparison.Ordinal))
                    || (name != null && name.StartsWith("NetDsl.", System.StringComparison.Ordinal) && HasSyntaxErrors(attributeSyntax)))
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
                            if (a.Name == "Task") task = EnumName(attribute, "Task", a.Value, symbol.Name, diagnostics);
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
                        string afterName = after == null ? "None" : EnumName(attribute, "After", after.Value, symbol.Name, diagnostics);
                        bool optional = args.Any(a => a.Name == "IfShapesMatch" && a.Value.Kind == ValueKind.Bool && a.Value.Bool);
                        residual = new ResidualSpec(string.IsNullOrEmpty(projection) ? null : projection, afterName, "Add", LocationInfo.From(attributeSyntax), optional,
                            args.FirstOrDefault(a => a.Name == "LayerScale")?.Value, args.FirstOrDefault(a => a.Name == "StochasticDepth")?.Value,
                            args.Any(a => a.Name == "ProjectionFirst" && a.Value.Kind == ValueKind.Bool && a.Value.Bool),
                            args.FirstOrDefault(a => a.Name == "StochasticDepthMode")?.Value)
                        {
                            EmptyProjectionAt = projection == "" ? args.First(a => a.Name == "Projection").Value.Location : null,
                        };
                        break;
                    case "NetDsl.BranchesAttribute":
                        var branchMerge = args.FirstOrDefault(a => a.Name == "merge");
                        var branchAfter = args.FirstOrDefault(a => a.Name == "After");
                        branches = new BranchesSpec(branchMerge == null ? "Concat" : EnumName(attribute, "merge", branchMerge.Value, symbol.Name, diagnostics),
                            branchAfter == null ? "None" : EnumName(attribute, "After", branchAfter.Value, symbol.Name, diagnostics), LocationInfo.From(attributeSyntax),
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
                        residual = new ResidualSpec(null, skipAfter == null ? "None" : EnumName(attribute, "After", skipAfter.Value, symbol.Name, diagnostics),
                            merge == null ? "Add" : EnumName(attribute, "merge", merge.Value, symbol.Name, diagnostics), LocationInfo.From(attributeSyntax)) { FromSkip = true };
                        break;
                }
            }

            foreach (var m in members)
                if (m.Under != null && members.Any(o => o.Name == m.Under))
                    diagnostics.Add(new DiagnosticInfo(ShapeIssueIds.InvalidArgument,
                        $"{m.Name}: [Under(\"{m.Under}\")] names a container that is also the member {m.Under}, and a module holds one submodule per name; choose another container name or rename the member.",
                        underLocations.TryGetValue(m.Name, out var at) ? at : m.Location));
            if (VariantClashes(symbol, kind, variants, context.SemanticModel.Compilation, diagnostics)) emittable = false;
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
                IsPartial = isPartial && symbol.ContainingType == null && !symbol.IsGenericType && emittable,
                IsAbstract = symbol.IsAbstract,
                // A class whose constructors all take arguments (no primary one) cannot be created by the catalogue's new T().
                Constructible = syntax.ParameterList != null || symbol.InstanceConstructors.Any(c => c.IsImplicitlyDeclared
                    || c.Parameters.All(p => p.IsOptional || p.IsParams) && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal),
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

        /// <summary>A [Network]/[Block] record: reported, nothing read or emitted (its generated part would be a class).</summary>
        static DeclarationSpec NotAClass(INamedTypeSymbol symbol, TypeDeclarationSyntax syntax, DeclarationKind kind)
        {
            var here = LocationInfo.From(syntax.Keyword.GetLocation());
            return new DeclarationSpec
            {
                Kind = kind,
                Namespace = symbol.ContainingNamespace.IsGlobalNamespace ? "" : symbol.ContainingNamespace.ToDisplayString(),
                Name = symbol.Name,
                FullName = TypeNames.Of(symbol),
                Accessibility = "internal",
                IsPartial = false,
                ParseDiagnostics = EquatableArray.From(new[] { new DiagnosticInfo(ShapeIssueIds.NotPartial,
                    $"{symbol.Name}: a [{kind}] must be a class (a module with mutable submodules), not a {syntax.Keyword.ValueText}; declare it as 'public partial class {symbol.Name}'.", here) }),
                Location = LocationInfo.From(syntax.Identifier.GetLocation()),
            };
        }

        /// <summary>
        /// The 'static' of a static class: on the attributed part or on whichever other part writes it (a partial class is static
        /// when any part says so); the attributed part's name when no part's syntax has it.
        /// </summary>
        static LocationInfo? StaticKeyword(INamedTypeSymbol symbol, ClassDeclarationSyntax syntax, CancellationToken ct)
        {
            foreach (var m in syntax.Modifiers)
                if (m.IsKind(SyntaxKind.StaticKeyword)) return LocationInfo.From(m.GetLocation());
            foreach (var r in symbol.DeclaringSyntaxReferences)
                if (r.GetSyntax(ct) is TypeDeclarationSyntax part)
                    foreach (var m in part.Modifiers)
                        if (m.IsKind(SyntaxKind.StaticKeyword)) return LocationInfo.From(m.GetLocation());
            return LocationInfo.From(syntax.Identifier.GetLocation());
        }

        static LocationInfo? BaseTypeSyntax(INamedTypeSymbol symbol)
        {
            foreach (var r in symbol.DeclaringSyntaxReferences)
                if (r.GetSyntax() is ClassDeclarationSyntax c && c.BaseList != null)
                    return LocationInfo.From(c.BaseList.Types[0]);
            return null;
        }

        /// <summary>
        /// Why a member with layer attributes cannot hold the module the generated Build assigns to it: its type is no TorchSharp
        /// module (nor a [Block]/[Network] class), it is static, readonly or a property without a setter, or its name is one the
        /// generated class or its base already uses (forward, Build, ParameterCount, …), which also makes the class not emittable.
        /// </summary>
        static DiagnosticInfo? MemberProblem(INamedTypeSymbol owner, ISymbol member, MemberDeclarationSyntax syntax, DeclarationKind kind, Compilation compilation, ref bool emittable)
        {
            string name = member.Name;
            var type = member switch { IFieldSymbol f => f.Type, IPropertySymbol p => p.Type, _ => null };
            var typeAt = LocationInfo.From(syntax switch { FieldDeclarationSyntax f => f.Declaration.Type, PropertyDeclarationSyntax p => p.Type, _ => null });
            var nameAt = LocationInfo.From(member.Locations.FirstOrDefault());
            var baseType = compilation.GetTypeByMetadataName(kind == DeclarationKind.Network ? "NetDsl.Network" : "NetDsl.Block");
            if (name.StartsWith("__", System.StringComparison.Ordinal) || name == "Forward" || name == "ForwardTraining" || name == "ParameterCount" || name == "MultiplyAdds"
                || (baseType != null && Inherits(baseType, name)))
            {
                emittable = false;
                return new DiagnosticInfo(ShapeIssueIds.InvalidArgument,
                    $"{owner.Name}.{name}: the member's name is one the generated module {(baseType != null && Inherits(baseType, name) ? "inherits from " + baseType.Name : "declares")} ({name}); rename the member (its name is its state-dict key).",
                    nameAt);
            }
            if (member.IsStatic)
                return new DiagnosticInfo(ShapeIssueIds.InvalidArgument,
                    $"{owner.Name}.{name}: a layer member is one instance's submodule, so it cannot be static; remove 'static'.", nameAt);
            if (member is IFieldSymbol { IsReadOnly: true } or IFieldSymbol { IsConst: true })
                return new DiagnosticInfo(ShapeIssueIds.InvalidArgument,
                    $"{owner.Name}.{name}: the generated Build assigns this member after the constructor, so it cannot be readonly; remove 'readonly'.", nameAt);
            if (member is IFieldSymbol { IsRequired: true } or IPropertySymbol { IsRequired: true })
            {
                // 'required' makes every `new N()` set it, the model catalogue's too (CS9035 in generated code); NetDsl's
                // suppressor already keeps CS8618 off layer members, which is what 'required' is usually written for.
                var required = syntax.Modifiers.FirstOrDefault(m => m.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.RequiredKeyword));
                return new DiagnosticInfo(ShapeIssueIds.InvalidArgument,
                    $"{owner.Name}.{name}: the generated Build assigns this member, but 'required' makes every 'new {owner.Name}()' (the model catalogue's too) set it first; remove 'required' (NetDsl keeps the non-nullable warning off layer members).",
                    required == default ? nameAt : LocationInfo.From(required.GetLocation()));
            }
            if (member is IPropertySymbol property && (property.SetMethod == null || property.SetMethod.IsInitOnly))
                return new DiagnosticInfo(ShapeIssueIds.InvalidArgument,
                    $"{owner.Name}.{name}: the generated Build assigns this property after the constructor, so it needs a setter; declare it '{{ get; private set; }}' or as a field.", nameAt);
            if (type != null && type.TypeKind != TypeKind.Error && !IsModule(type) && !IsDeclaration(type))
                return new DiagnosticInfo(ShapeIssueIds.InvalidArgument,
                    $"{owner.Name}.{name}: a layer member holds a TorchSharp module, not {type.ToDisplayString()}; declare it Layer (or the module type it holds, e.g. Conv2d, Sequential, or the [Block] class).",
                    typeAt ?? nameAt);
            return null;
        }

        /// <summary>
        /// A layer member declared with a module type that cannot hold what the generated Build assigns: the non-generic
        /// <c>Module</c> (forward takes a Module&lt;Tensor, Tensor&gt;), another layer's type (<c>[Conv(8, 3)] public Linear fc</c>), a
        /// <c>Sequential</c> for a member whose field holds its first layer, or another block than the one [Use] builds. Reported at
        /// the type, naming the one to declare, with <c>Layer</c> as the edit (it holds any of them).
        /// </summary>
        static DiagnosticInfo? ModuleTypeProblem(INamedTypeSymbol owner, ISymbol member, MemberDeclarationSyntax syntax, List<LayerSpec> layers, Compilation compilation)
        {
            if ((member switch { IFieldSymbol f => f.Type, IPropertySymbol p => p.Type, _ => null }) is not INamedTypeSymbol type || type.TypeKind == TypeKind.Error) return null;
            var typeSyntax = syntax switch { FieldDeclarationSyntax f => f.Declaration.Type, PropertyDeclarationSyntax p => p.Type, _ => null };
            var typeAt = LocationInfo.From(typeSyntax) ?? LocationInfo.From(member.Locations.FirstOrDefault());
            var moduleOf = compilation.GetTypeByMetadataName("TorchSharp.torch+nn+Module`2");
            var tensor = compilation.GetTypeByMetadataName("TorchSharp.torch+Tensor");
            if (moduleOf == null || tensor == null || typeAt == null) return null;
            var layer = moduleOf.Construct(tensor, tensor);
            string first = layers[0].Kind;
            string? builds = null;   // what to declare, where the declared type cannot hold what Build assigns
            string? oneD = null;     // what to declare on a CxL map, where the kind builds another module there
            if (first == "Use")
            {
                string block = layers[0].Arg("block").Text;
                string blockName = block.Substring(block.LastIndexOf('.') + 1);
                if (!SymbolEqualityComparer.Default.Equals(type, layer) && TypeNames.Of(type) != block) builds = blockName;
            }
            else
            {
                var kindSchema = KindSchema.Find(first);
                bool sequential = first == "Repeat" || first == "ConvStack" || MemberLayout.Of(new MemberSpec("", "", "", EquatableArray.From(layers), null, null, null)) == LayoutKind.Sequential;
                INamedTypeSymbol? made = sequential ? compilation.GetTypeByMetadataName("TorchSharp.Modules.Sequential")
                    : kindSchema == null ? null
                    : compilation.GetTypeByMetadataName("NetDsl.Layers")?.GetMembers(kindSchema.Kind.Factory).OfType<IMethodSymbol>().FirstOrDefault()?.ReturnType as INamedTypeSymbol;
                if (made == null || kindSchema == null && !sequential) return null;
                string row = sequential ? "Sequential" : kindSchema!.Kind.Row;
                if (!sequential && kindSchema!.Kind.Row1d != null) oneD = kindSchema.Kind.Row1d;
                bool isLayer = DerivesOrIs(type, layer);
                bool upcast = DerivesOrIs(made, type);
                bool downcast = DerivesOrIs(type, made);
                // A downcast compiles; it holds only where the declared type is the class the kind builds (its row's name at either rank).
                bool rightClass = sequential || kindSchema!.Name == "Activation" || type.ContainingNamespace?.ToDisplayString() != "TorchSharp.Modules"
                    || string.Equals(type.Name, kindSchema.Kind.Row, System.StringComparison.OrdinalIgnoreCase)
                    || string.Equals(type.Name, kindSchema.Kind.Row1d, System.StringComparison.OrdinalIgnoreCase);
                if (!isLayer || !(upcast || downcast && rightClass)) builds = row;
            }
            if (builds == null) return null;
            string how = first is "Use" ? "the block it uses" : first is "Repeat" or "ConvStack" ? "a Sequential of its instances"
                : builds == "Sequential" ? "a Sequential of its layers" : "its first layer's module";
            string holds = how.Contains(builds) ? how : $"{how}, a {builds}";   // not "a Sequential of its layers, a Sequential"
            return new DiagnosticInfo(ShapeIssueIds.InvalidArgument,
                $"{owner.Name}.{member.Name}: the member is declared {type.ToDisplayString()}, but [{first}] makes it hold {holds}{(oneD != null ? $" (a {oneD} on a CxL map)" : "")}; declare it {builds}{(oneD != null ? $" ({oneD} on a CxL map)" : "")} or Layer.",
                typeAt, Fix: new FixEdit(FixAction.Replace, typeAt.Value, "", "Layer") { Title = "Declare it Layer" });
        }

        /// <summary>
        /// Each [Variant] generates Name(), NameParameterCount and NameMultiplyAdds (Name the variant's name in Pascal case): two
        /// variants with one identifier ("v" and "V", "a_b" and "a-b"), or one that names a member the class declares, inherits
        /// (Summary) or is given by the generated part, would not compile (or hide a member), so each is an error at its [Variant].
        /// </summary>
        static bool VariantClashes(INamedTypeSymbol symbol, DeclarationKind kind, List<VariantSpec> variants, Compilation compilation, List<DiagnosticInfo> diagnostics)
        {
            bool any = false;
            var seen = new Dictionary<string, string>(System.StringComparer.Ordinal);
            var baseType = compilation.GetTypeByMetadataName(kind == DeclarationKind.Network ? "NetDsl.Network" : "NetDsl.Block");
            var generated = new[] { "Forward", "ForwardTraining", "ParameterCount", "MultiplyAdds", "Build", "DeclaredInput", "VariantInput" };
            foreach (var v in variants)
            {
                string id = NetDsl.Generators.Emit.Names.Pascal(v.Name);
                string? clash = null;
                if (seen.TryGetValue(id, out var other))
                    clash = other == v.Name ? $"another [Variant] has the same name \"{v.Name}\"" : $"the [Variant] \"{other}\" generates the same {symbol.Name}.{id}()";
                else
                {
                    seen[id] = v.Name;
                    foreach (var name in new[] { id, id + "ParameterCount", id + "MultiplyAdds" })
                    {
                        if (name == symbol.Name) clash = $"{symbol.Name}.{name} would have its class's own name";
                        else if (symbol.GetMembers(name).Any(m => !m.IsImplicitlyDeclared)) clash = $"{symbol.Name}.{name} is a member the class declares";
                        else if (System.Array.IndexOf(generated, name) >= 0 || name.StartsWith("__", System.StringComparison.Ordinal)) clash = $"{symbol.Name}.{name} is a member the generated part declares";
                        else if (baseType != null && Inherits(baseType, name)) clash = $"{symbol.Name}.{name} would hide {baseType.Name}.{name}";
                        if (clash != null) break;
                    }
                }
                if (clash == null) continue;
                any = true;
                diagnostics.Add(new DiagnosticInfo(ShapeIssueIds.InvalidArgument,
                    $"{symbol.Name}: [Variant(\"{v.Name}\")] generates {symbol.Name}.{id}(), {id}ParameterCount and {id}MultiplyAdds, but {clash}; give the variant another name.",
                    v.Location));
            }
            return any;
        }

        static bool DerivesOrIs(ITypeSymbol type, ITypeSymbol ancestor)
        {
            for (var t = type; t != null; t = t.BaseType)
                if (SymbolEqualityComparer.Default.Equals(t, ancestor)) return true;
            return false;
        }

        static bool Inherits(INamedTypeSymbol baseType, string name)
        {
            for (var t = baseType; t != null; t = t.BaseType)
                foreach (var m in t.GetMembers(name))
                    if (!m.IsImplicitlyDeclared && m.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal) return true;
            return false;
        }

        static bool IsModule(ITypeSymbol type)
        {
            for (var t = type; t != null; t = t.BaseType)
                if (t.OriginalDefinition.ToDisplayString() == "TorchSharp.torch.nn.Module") return true;
            return false;
        }

        /// <summary>A [Block] or [Network] class: its module base comes from its own generated part, which this compilation does not hold yet.</summary>
        static bool IsDeclaration(ITypeSymbol type) =>
            type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() is "NetDsl.BlockAttribute" or "NetDsl.NetworkAttribute");

        /// <summary>The enum member name of an attribute argument (a property, or a constructor parameter).</summary>
        /// <remarks>A number that names no member (<c>(Merge)42</c>) is ND0013 at it, naming the members; "None" stands in for it.</remarks>
        static string EnumName(AttributeData attribute, string argument, ValueSpec value, string owner, List<DiagnosticInfo> diagnostics)
        {
            var enumType = attribute.AttributeClass?.GetMembers(argument).OfType<IPropertySymbol>().FirstOrDefault()?.Type
                ?? attribute.AttributeConstructor?.Parameters.FirstOrDefault(p => p.Name == argument)?.Type;
            if (enumType == null) return "None";
            long number = value.Kind == ValueKind.Int ? value.Int : 0;
            var members = enumType.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue).ToList();
            foreach (var f in members)
                if (System.Convert.ToInt64(f.ConstantValue, System.Globalization.CultureInfo.InvariantCulture) == number) return f.Name;
            if (value.Kind != ValueKind.Int) return "None";
            string attributeName = attribute.AttributeClass?.Name is { } n && n.EndsWith("Attribute", System.StringComparison.Ordinal) ? n.Substring(0, n.Length - 9) : "";
            diagnostics.Add(Checking.EnumArguments.OutOfRange(owner, $"[{attributeName}] {argument}", enumType.Name, members.ConvertAll(f => f.Name), value.Int, value.Location));
            return "None";
        }

        /// <summary>The class's primary constructor (its parameter list on the declaration); null without one.</summary>
        static IMethodSymbol? PrimaryConstructor(INamedTypeSymbol symbol, TypeDeclarationSyntax syntax) =>
            syntax.ParameterList == null ? null
                : symbol.InstanceConstructors.FirstOrDefault(c => c.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is ClassDeclarationSyntax));

        static List<ParameterSpec> ReadParameters(INamedTypeSymbol symbol, TypeDeclarationSyntax syntax)
        {
            var result = new List<ParameterSpec>();
            var primary = PrimaryConstructor(symbol, syntax);
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

        /// <summary>Whether the member's type carries a nullable annotation (<c>Layer?</c> under <c>#nullable enable</c>).</summary>
        static bool IsNullable(ISymbol member) => member switch
        {
            IFieldSymbol f => f.Type.NullableAnnotation == NullableAnnotation.Annotated,
            IPropertySymbol p => p.Type.NullableAnnotation == NullableAnnotation.Annotated,
            _ => false,
        };

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

        /// <summary>
        /// Whether the attribute's arguments do not parse (<c>Stride = )</c>, an unterminated string): the compiler reports that
        /// (CS1525, CS1010), and a NetDsl error about the value it could not read would only repeat it; the class gets its stub.
        /// </summary>
        static bool HasSyntaxErrors(AttributeSyntax? syntax) =>
            syntax?.ArgumentList != null && syntax.ArgumentList.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);

        static List<LayerSpec> ReadLayers(ISymbol member, ref bool invalid)
        {
            var layers = new List<LayerSpec>();
            foreach (var attribute in member.GetAttributes())
            {
                var cls = attribute.AttributeClass;
                if (cls == null || !TypeNames.DerivesFrom(cls, TypeNames.LayerAttribute)) continue;
                var syntax = attribute.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax;
                if (attribute.AttributeConstructor == null || HasSyntaxErrors(syntax)) { invalid = true; continue; }
                // typeof(Missing): the compiler reports the type (CS0246); NetDsl saying it is no [Block] would only repeat it.
                if (attribute.ConstructorArguments.Any(c => c.Kind == TypedConstantKind.Type && c.Value is IErrorTypeSymbol)) { invalid = true; continue; }
                var (args, extra) = ValueReader.ReadArguments(attribute, syntax);
                string kind = cls.Name.EndsWith("Attribute", System.StringComparison.Ordinal) ? cls.Name.Substring(0, cls.Name.Length - 9) : cls.Name;
                // One "size" sets both sides where the kind's record has Height and Width but no Size ([AdaptiveAvgPool(7)]).
                var schema = KindSchema.Find(kind);
                if (args.Count == 1 && args[0].Name == "size" && schema != null && schema.Arg("Size") == null && schema.Arg("Height") != null && schema.Arg("Width") != null)
                    args = new List<ArgSpec> { new ArgSpec("height", args[0].Value), new ArgSpec("width", args[0].Value) };
                layers.Add(new LayerSpec(kind, EquatableArray.From(args), EquatableArray.From(extra), LocationInfo.From(syntax)) { Text = syntax?.ToString() ?? "", Removal = Removal(syntax) });
            }
            return layers;
        }

        /// <summary>The span whose deletion takes <paramref name="syntax"/> out of its attribute list (see <see cref="LayerSpec.Removal"/>).</summary>
        static LocationInfo? Removal(AttributeSyntax? syntax)
        {
            if (syntax?.Parent is not AttributeListSyntax list || list.Target != null) return null;
            var attributes = list.Attributes;
            int i = attributes.IndexOf(syntax);
            if (i < 0) return null;
            Microsoft.CodeAnalysis.Text.TextSpan span;
            if (attributes.Count == 1)
            {
                int end = list.Span.End;   // the whole list, with the spaces after it on its line
                foreach (var trivia in list.GetTrailingTrivia())
                {
                    if (!trivia.IsKind(SyntaxKind.WhitespaceTrivia)) break;
                    end = trivia.Span.End;
                }
                span = Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(list.Span.Start, end);
            }
            else span = i > 0
                ? Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(attributes[i - 1].Span.End, syntax.Span.End)
                : Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(syntax.Span.Start, attributes[1].Span.Start);
            return LocationInfo.From(Location.Create(syntax.SyntaxTree, span));
        }
    }
}
