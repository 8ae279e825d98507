using System.Collections.Generic;
using System.Linq;
using NetDsl.Generators.Expressions;
using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>Checks a declaration: its own expressions, and for a network every instance it can be built as.</summary>
    internal static class DeclarationChecker
    {
        public static CheckedDeclaration Check(DeclarationSpec decl, EquatableArray<DeclarationSpec> allBlocks)
        {
            var diagnostics = new List<DiagnosticInfo>(decl.ParseDiagnostics);
            var instances = new List<InstanceResult>();
            bool brokenBlock = false;
            if (!decl.HasInvalidAttributes)
            {
                CheckParameterTypes(decl, diagnostics);
                CheckExpressions(decl, diagnostics, allBlocks);
                if (decl.Kind == DeclarationKind.Block) BlockCycles.Check(decl, allBlocks, diagnostics);
                else if (diagnostics.Count == 0)
                {
                    CheckInstances(decl, allBlocks, diagnostics, instances);
                    brokenBlock = DropBlocksOwnErrors(allBlocks, diagnostics);
                }
            }
            return new CheckedDeclaration(decl, EquatableArray.From(instances), EquatableArray.From(Deduplicate(diagnostics)), allBlocks)
            {
                UsesBrokenBlock = brokenBlock,
            };
        }

        /// <summary>
        /// A block's own errors (an expression that names no parameter, an enum written as a string) are reported once, at
        /// the block, by its own check; an instance walk that reaches them reports them again at the [Use], where the text
        /// reads worse ("unknown name 'nearest'"). Those copies are dropped here; true when any block has such errors, as
        /// the block is then emitted as a stub and a network's code would call its missing constructor.
        /// </summary>
        static bool DropBlocksOwnErrors(EquatableArray<DeclarationSpec> allBlocks, List<DiagnosticInfo> diagnostics)
        {
            var places = new HashSet<LocationInfo>();
            foreach (var block in allBlocks)
            {
                if (block.HasInvalidAttributes) continue;
                var own = new List<DiagnosticInfo>();
                CheckParameterTypes(block, own);
                CheckExpressions(block, own, allBlocks);
                foreach (var d in own) if (d.Location is { } place && !ShapeIssueIds.IsLint(d.Id)) places.Add(place);
            }
            if (places.Count == 0) return false;
            diagnostics.RemoveAll(d => (d.Location is { } place && places.Contains(place)) || d.Also.Any(places.Contains));
            return true;
        }

        static void CheckInstances(DeclarationSpec decl, EquatableArray<DeclarationSpec> allBlocks, List<DiagnosticInfo> diagnostics, List<InstanceResult> instances)
        {
            if (!InputDeclaration.Declared(decl, diagnostics, out var spec, out var input)) return;
            var blocks = new Dictionary<string, DeclarationSpec>();
            foreach (var b in allBlocks) blocks[b.FullName] = b;
            var empty = new ArgResolver(new Dictionary<string, Scalar>());
            var candidates = new List<(string Name, IReadOnlyList<ValueSpec> Args, LocationInfo? At, TensorShape Input, LocationInfo? InputAt)>();
            // Where a fix may rewrite the input: a concrete Input as written (a variant's own first).
            var declaredAt = spec.IsSymbolic ? null : decl.Input.Location;
            foreach (var v in decl.Variants)
            {
                if (!InputDeclaration.OfVariant(decl, v, input, diagnostics, out var variantInput)) continue;
                bool own = v.Input != null && v.Input.Kind != ValueKind.Missing;
                candidates.Add((v.Name, v.Arguments, v.Location, variantInput, own ? v.Input!.Location : declaredAt));
            }
            if (candidates.Count == 0 && decl.Variants.Count == 0 && AllDefaulted(decl)) candidates.Add((decl.CatalogName, new ValueSpec[0], decl.Location, input, declaredAt));
            // Every instance's world first: a fix edits the source that all variants share, so it must not break another one.
            var worlds = new List<(string Name, World? World, DiagnosticInfo? Error, IReadOnlyList<ValueSpec>? Given)>();
            foreach (var (name, args, at, instanceInput, inputAt) in candidates)
            {
                var assigned = BlockArguments.Positional(decl, args, name, at, out var error);
                var env = assigned == null ? null : Binding.Bind(decl, assigned.All, empty, name, at, out error);
                worlds.Add((name, env == null ? null : new World(decl, blocks, env, instanceInput, inputAt), error, assigned?.All));
            }
            var reported = new List<(int Start, int End, string Name)>();
            foreach (var (name, world, error, given) in worlds)
            {
                if (world == null) { diagnostics.Add(error!); continue; }
                int start = diagnostics.Count;
                var env = world.Env;
                var instanceInput = world.Input;
                var run = new Instantiator(blocks, diagnostics) { Frame = new BlockFrame(decl, null, given!, null) };
                run.Active.Add(decl.FullName);
                var shape = instanceInput;
                bool ok = run.Run(decl, env, "", ref shape) && OutputDeclaration.Check(run, decl, instanceInput, shape) && !run.Failed;
                var siblings = new List<(string Name, World World)>();
                foreach (var other in worlds) if (other.World != null && other.World != world) siblings.Add((other.Name, other.World));
                if (!ok) FixSearch.Improve(world, run, diagnostics, siblings);
                ArchitectureLints.Finish(world, run, ok, spec.IsSymbolic, shape, diagnostics, siblings);
                var constraints = new List<AxisRuleInfo>();
                if (ok && spec.IsSymbolic)
                {
                    var rules = new InputAnalysis(decl, blocks, env, instanceInput).Derive(spec, diagnostics);
                    if (rules == null) ok = false;
                    else foreach (var r in rules) constraints.Add(new AxisRuleInfo(r.Axis, r.Modulus, r.Residue, r.Minimum, r.Span));
                }
                instances.Add(new InstanceResult(name, instanceInput.ToString(), ok ? shape.ToString() : "", run.Parameters, run.MultiplyAdds, ok,
                    EquatableArray.From(run.Rows), EquatableArray.From(constraints)));
                reported.Add((start, diagnostics.Count, name));
            }
            if (reported.Count > 1) NameVariants(diagnostics, reported);
        }

        /// <summary>
        /// In a declaration checked as several variants, a finding that some of them make and others do not names them after its
        /// layer path (<c>grouped (variant bad): Conv2d Groups = 4 …</c>): the shapes in it are that variant's, and B0 … B7 report
        /// at the same attribute. A finding every variant makes alike is the declaration's own and stays as it is.
        /// </summary>
        static void NameVariants(List<DiagnosticInfo> diagnostics, List<(int Start, int End, string Name)> reported)
        {
            var names = new Dictionary<DiagnosticInfo, List<string>>();
            foreach (var (start, end, name) in reported)
                for (int i = start; i < end; i++)
                {
                    if (!names.TryGetValue(diagnostics[i], out var list)) names[diagnostics[i]] = list = new List<string>();
                    if (!list.Contains(name)) list.Add(name);
                }
            foreach (var (start, end, _) in reported)
                for (int i = start; i < end; i++)
                {
                    var d = diagnostics[i];
                    if (!names.TryGetValue(d, out var list) || list.Count == reported.Count) continue;
                    string tag = (list.Count == 1 ? " (variant " : " (variants ") + string.Join(", ", list) + ")";
                    int colon = d.Message.IndexOf(": ", System.StringComparison.Ordinal);
                    diagnostics[i] = d with
                    {
                        Message = colon > 0 ? d.Message.Substring(0, colon) + tag + d.Message.Substring(colon) : tag.Trim() + ": " + d.Message,
                    };
                }
        }

        static bool AllDefaulted(DeclarationSpec decl)
        {
            foreach (var p in decl.Parameters) if (p.Default.Kind == ValueKind.Missing) return false;
            return true;
        }

        static void CheckParameterTypes(DeclarationSpec decl, List<DiagnosticInfo> diagnostics)
        {
            foreach (var p in decl.Parameters)
                if (Binding.TypeOf(p) == null)
                    diagnostics.Add(new DiagnosticInfo(ShapeIssueIds.BlockArguments,
                        $"{decl.Name}: parameter '{p.Name}' has type {p.TypeName}; NetDsl parameters must be int, double, bool, string or Act.", decl.Location));
        }

        /// <summary>Every expression string must parse and name only the class's own parameters.</summary>
        static void CheckExpressions(DeclarationSpec decl, List<DiagnosticInfo> diagnostics, EquatableArray<DeclarationSpec> blocks)
        {
            var known = new HashSet<string>(ArgResolver.ShapeNames);
            known.UnionWith(ArgResolver.InputNames);
            foreach (var p in decl.Parameters) known.Add(p.Name);
            var inRepeat = new HashSet<string>(known) { ArgResolver.IndexName };
            foreach (var member in decl.Members)
                foreach (var layer in member.Layers)
                {
                    var kind = KindSchema.Find(layer.Kind);
                    foreach (var arg in layer.Args)
                    {
                        var def = kind?.Arg(arg.Name);
                        if (def == null) continue;
                        if (EnumArguments.Check(StaticPath(decl, member), kind!.Kind.Row + " " + def.Name, def, arg.Value, known) is { } asString)
                        {
                            diagnostics.Add(asString);
                            continue;
                        }
                        if (EnumArguments.OutOfRange(StaticPath(decl, member), kind!.Kind.Row + " " + def.Name, def, arg.Value) is { } outOfRange)
                        {
                            diagnostics.Add(outOfRange);
                            continue;
                        }
                        if (def.Type != ArgType.String) CheckExpression(decl, member, arg.Value, known, diagnostics);
                        CheckConstant(decl, member, kind!.Kind.Row + " " + arg.Name, def.Type, arg.Value, diagnostics);
                    }
                    var used = layer.Kind is "Use" or "Repeat" ? UsedBlock(layer, blocks) : null;
                    for (int i = 0; i < layer.Extra.Count; i++)
                    {
                        var extra = layer.Extra[i];
                        var names = layer.Kind == "Repeat" ? inRepeat : known;
                        // A string for an Act or bool parameter of the block used ("relu", "yes"): what the parameter takes, not an unknown name.
                        if (used != null && i < used.Parameters.Count && extra.Kind == ValueKind.String && !Evaluates(extra, names)
                            && Binding.Mistyped(used, used.Parameters[i], extra, StaticPath(decl, member)) is { } mistyped)
                        {
                            diagnostics.Add(mistyped);
                            continue;
                        }
                        CheckExpression(decl, member, extra, names, diagnostics);
                    }
                }
            // The class's own attributes' values are emitted as code too ([SqueezeExcite(reduction)], [Residual(LayerScale,
            // StochasticDepth)], [Branches(Shuffle)]): a bad expression there is this declaration's error, used or not.
            var own = new List<(string Path, string What, ArgType Type, ValueSpec? Value)>
            {
                (decl.Name + "." + (decl.SqueezeExcite?.Name ?? "se"), "SqueezeExcite reduction", ArgType.Int, decl.SqueezeExcite?.Reduction),
                (decl.Name, "Residual LayerScale", ArgType.Double, decl.Residual?.LayerScale),
                (decl.Name, "Residual StochasticDepth", ArgType.Double, decl.Residual?.StochasticDepth),
                (decl.Name, "Branches Shuffle", ArgType.Int, decl.Branches?.Shuffle),
            };
            foreach (var (path, what, type, value) in own)
            {
                if (value == null || value.Kind == ValueKind.Missing) continue;
                CheckExpression(path, value, known, diagnostics);
                if (value.Kind != ValueKind.String)
                {
                    new ArgResolver(new Dictionary<string, Scalar>()).Resolve(value, type, path, what, out var error);
                    if (error != null) diagnostics.Add(error);
                }
            }
            // [Aux(Enabled = …)]: a bool or a bool parameter's name, checked as a layer's bool argument ([ChannelAffine]'s Enabled).
            foreach (var member in decl.Members)
                if (member.Wiring?.AuxEnabled is { Kind: not ValueKind.Missing } enabled)
                {
                    CheckExpression(decl, member, enabled, known, diagnostics);
                    CheckConstant(decl, member, "[Aux] Enabled", ArgType.Bool, enabled, diagnostics);
                }
        }

        /// <summary>The block a [Use]/[Repeat] names, or null when it names none of <paramref name="blocks"/>.</summary>
        static DeclarationSpec? UsedBlock(LayerSpec layer, EquatableArray<DeclarationSpec> blocks)
        {
            var type = layer.Find("block")?.Value;
            if (type == null || type.Kind != ValueKind.Type) return null;
            foreach (var b in blocks) if (b.FullName == type.Text) return b;
            return null;
        }

        /// <summary>Whether <paramref name="value"/> parses and names only <paramref name="known"/> names.</summary>
        static bool Evaluates(ValueSpec value, HashSet<string> known)
        {
            if (known.Contains(value.Text)) return true;
            var expr = ExprParser.Parse(value.Text, out _);
            if (expr == null) return false;
            var names = new List<string>();
            ExprEvaluator.CollectNames(expr, names);
            return names.TrueForAll(known.Contains);
        }

        /// <summary>
        /// A constant of the wrong type (2.5 for a kernel, true for a count) is an error in the declaration
        /// itself, whatever instance uses it: report it here, so the class is never emitted with it.
        /// </summary>
        static void CheckConstant(DeclarationSpec decl, MemberSpec member, string what, ArgType type, ValueSpec value, List<DiagnosticInfo> diagnostics)
        {
            if (value.Kind == ValueKind.String || value.Kind == ValueKind.Missing) return;
            new ArgResolver(new Dictionary<string, Scalar>()).Resolve(value, type, StaticPath(decl, member), what, out var error);
            if (error != null) diagnostics.Add(error);
        }

        static void CheckExpression(DeclarationSpec decl, MemberSpec member, ValueSpec value, HashSet<string> known, List<DiagnosticInfo> diagnostics) =>
            CheckExpression(StaticPath(decl, member), value, known, diagnostics);

        static void CheckExpression(string path, ValueSpec value, HashSet<string> known, List<DiagnosticInfo> diagnostics)
        {
            if (value.Kind != ValueKind.String || known.Contains(value.Text)) return;
            var expr = ExprParser.Parse(value.Text, out string error);
            var names = new List<string>();
            if (expr != null) ExprEvaluator.CollectNames(expr, names);
            string? unknown = names.Find(n => !known.Contains(n));
            if (expr != null && unknown == null) return;
            string why = expr == null ? error : $"unknown name '{unknown}'";
            string hint = ArgResolver.KnownNames(known);
            diagnostics.Add(new DiagnosticInfo(ShapeIssueIds.BadExpression,
                $"{path}: expression \"{value.Text}\" cannot be evaluated: {why}; {hint}.", value.Location));
        }

        /// <summary>
        /// Where a declaration-level finding points: a network's members have the same paths as in its
        /// instances ("conv"); a block's are qualified by the block ("Wide.conv1"), as no instance is involved.
        /// </summary>
        static string StaticPath(DeclarationSpec decl, MemberSpec member) =>
            decl.Kind == DeclarationKind.Network ? member.ModuleName : decl.Name + "." + member.ModuleName;

        static List<DiagnosticInfo> Deduplicate(List<DiagnosticInfo> diagnostics)
        {
            // Repeated instances of one block report once per use site and broken rule (the rule's place is the first additional location).
            var seen = new HashSet<(string, LocationInfo?, LocationInfo?)>();
            var result = new List<DiagnosticInfo>();
            foreach (var d in diagnostics)
                if (seen.Add(FixSearch.Key(d))) result.Add(d);
            return result;
        }
    }
}
