using System.Collections.Generic;
using NetDsl.Generators.Expressions;
using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>
    /// Walks one network instance at compile time exactly as its generated constructor will at run time:
    /// same order, same paths, same shared rules. Stops an instance at its first broken rule.
    /// </summary>
    internal sealed class Instantiator
    {
        readonly IReadOnlyDictionary<string, DeclarationSpec> blocks;
        readonly List<DiagnosticInfo> diagnostics;
        readonly List<string> active = new List<string>();

        public Instantiator(IReadOnlyDictionary<string, DeclarationSpec> blocks, List<DiagnosticInfo> diagnostics)
        {
            this.blocks = blocks;
            this.diagnostics = diagnostics;
        }

        public List<RowInfo> Rows { get; } = new List<RowInfo>();
        public long Parameters { get; private set; }
        public long MultiplyAdds { get; private set; }

        public bool Run(DeclarationSpec decl, IReadOnlyDictionary<string, Scalar> env, string prefix, ref TensorShape shape)
        {
            var input = shape;
            var resolver = new ArgResolver(env).WithDeclarationInput(shape);
            if (decl.Branches != null) return Branches(decl, resolver, prefix, ref shape);
            var wiring = new Wiring(this, decl, prefix);
            foreach (var member in decl.Members)
            {
                var memberInput = shape;
                if (!wiring.Input(member, ref memberInput)) return false;
                if (!RunMember(member, resolver, prefix, ref memberInput)) return false;
                if (member.Wiring?.IsAuxiliary == true) continue; // off the main path: the running shape is unchanged
                shape = memberInput;
                wiring.Keep(member, shape);
            }
            if (decl.SqueezeExcite != null && !SqueezeExcite(decl.SqueezeExcite, resolver.At(shape), prefix, ref shape)) return false;
            return decl.Residual == null || Residual.Check(this, decl, prefix, input, ref shape, resolver.At(shape));
        }

        bool RunMember(MemberSpec member, ArgResolver resolver, string prefix, ref TensorShape shape)
        {
            var layout = MemberLayout.Of(member);
            for (int i = 0; i < member.Layers.Count; i++)
            {
                var layer = member.Layers[i];
                var kind = KindSchema.Find(layer.Kind);
                var here = resolver.At(shape);
                string path = prefix + MemberLayout.PathOf(member, layout, i);
                if (kind == null)
                    return Fail(ShapeIssueIds.InvalidArgument, $"{path}: [{layer.Kind}] is not a layer NetDsl knows; use one of NetDsl's layer attributes.", layer.Location);
                if (kind.Role == LayerRole.Whole)
                {
                    if (member.Layers.Count != 1)
                        return Fail(ShapeIssueIds.InvalidArgument,
                            $"{prefix}{member.ModuleName}: [{layer.Kind}] must be the only layer on its member; move the other layers to members of their own.", layer.Location);
                    return layer.Kind == "ConvStack"
                        ? ConvStack.Check(this, layer, kind, here, prefix + member.ModuleName, ref shape)
                        : BlockUse.Check(this, layer, resolver, prefix + member.ModuleName, ref shape);
                }
                if (kind.Role == LayerRole.Block)
                {
                    if (!BlockUse.Check(this, layer, resolver, path, ref shape)) return false;
                    continue;
                }
                var outcome = LayerChecker.Check(layer, kind, here, path, shape, out string rowKind, out var error);
                if (error != null) return Fail(error);
                if (!Apply(outcome!.Value, path, rowKind, layer, ref shape)) return false;
            }
            return true;
        }

        /// <summary>Each member runs on the block's input or continues an earlier member's path ([From]); the paths' ends merge in declaration order.</summary>
        bool Branches(DeclarationSpec decl, ArgResolver resolver, string prefix, ref TensorShape shape)
        {
            var input = shape;
            string self = prefix.TrimEnd('.');
            var spec = decl.Branches!;
            TensorShape? merged = null;
            var outputs = new TensorShape[decl.Members.Count];
            for (int i = 0; i < decl.Members.Count; i++)
            {
                var member = decl.Members[i];
                if (!BranchWiring(decl, i, prefix)) return false;
                int source = BranchPaths.Source(decl, i);
                var branch = source < 0 ? input : outputs[source];
                if (!RunMember(member, resolver, prefix, ref branch)) return false;
                outputs[i] = branch;
                if (!BranchPaths.IsOutput(decl, i)) continue;
                if (merged == null) { merged = branch; continue; }
                var outcome = MergeRules.Merge(self, spec.Merge == "Concat", merged.Value, branch);
                if (outcome.Issue != null) return Fail(outcome.Issue, member.Location ?? spec.Location);
                merged = outcome.Output;
            }
            if (merged == null) return Fail(ShapeIssueIds.InvalidArgument, $"{decl.Name}: [Branches] needs at least one member; declare each branch as a member.", spec.Location);
            var result = LayerOutcome.Success(merged.Value);
            if (!Apply(result, self, spec.Merge, null, ref shape)) return false;
            if (spec.Shuffle == null) return true;
            var groups = resolver.Resolve(spec.Shuffle, ArgType.Int, self, "[Branches] Shuffle", out var error);
            if (error != null) return Fail(error);
            var shuffle = new ChannelShuffleArgs { Groups = (int)groups!.Value.Int };
            return Apply(ChannelShuffleKind.Instance.Rule(self, shape, shuffle), self, ChannelShuffleKind.Instance.Row, null, ref shape, spec.Shuffle.Location ?? spec.Location);
        }

        /// <summary>In a [Branches] block only [From(nameof(earlier member))] is wiring: it continues that member's path.</summary>
        bool BranchWiring(DeclarationSpec decl, int i, string prefix)
        {
            var member = decl.Members[i];
            var wiring = member.Wiring;
            if (wiring == null) return true;
            if (wiring.AuxOf != null || wiring.Merges.Count > 0)
                return Fail(ShapeIssueIds.TapMisuse,
                    $"{prefix}{member.ModuleName}: [Concat], [Add] or [Aux] in a [Branches] block; branches read the block's input or, with [From(nameof(member))], continue an earlier branch, and merge at the end, so wire members of a network or a plain block.",
                    wiring.AuxOf?.Location ?? wiring.Merges[0].Tap.Location);
            if (BranchPaths.Source(decl, i) >= 0) return true;
            var earlier = new List<string>();
            for (int j = 0; j < i; j++) earlier.Add(decl.Members[j].Name);
            return Fail(ShapeIssueIds.UnknownTap,
                $"{prefix}{member.ModuleName}: [From] names '{wiring.From!.Name}', which is not a member of {decl.Name} declared before it; a branch continues an earlier member ({(earlier.Count == 0 ? "none are declared before it" : "earlier: " + string.Join(", ", earlier))}).",
                wiring.From.Location);
        }

        bool SqueezeExcite(SqueezeExciteSpec se, ArgResolver resolver, string prefix, ref TensorShape shape)
        {
            string path = prefix + se.Name;
            var reduction = resolver.Resolve(se.Reduction, ArgType.Int, path, "SqueezeExcite reduction", out var error);
            if (error != null) return Fail(error);
            var at = se.Reduction.Location ?? se.Location;
            var issue = SqueezeExcitePlan.Check(path, shape, (int)reduction!.Value.Int, out var fc1, out var fc2);
            if (issue != null) return Fail(issue, at);
            var pooled = shape;
            return Apply(fc1, path + ".fc1", "Conv2d", null, ref pooled, at) && Apply(fc2, path + ".fc2", "Conv2d", null, ref pooled, at);
        }

        /// <summary>Checks a composite's steps (from a kernel plan) in order under <paramref name="prefix"/>.</summary>
        public bool Apply(System.Collections.Generic.IEnumerable<PlanStep> steps, string prefix, LayerSpec? blame, ref TensorShape shape, LocationInfo? fallback = null)
        {
            foreach (var step in steps)
                if (!Apply(step.Check(prefix, shape), prefix + "." + step.Name, step.Kind.RowFor(step.Args), blame, ref shape, fallback)) return false;
            return true;
        }

        /// <summary>Records a rule's outcome as a row, or its issue as a diagnostic at the blamed argument.</summary>
        public bool Apply(LayerOutcome outcome, string path, string kind, LayerSpec? blame, ref TensorShape shape, LocationInfo? fallback = null)
        {
            if (outcome.Issue != null)
                return Fail(outcome.Issue, blame != null ? LayerChecker.Locate(blame, outcome.Issue) : fallback);
            Rows.Add(new RowInfo(path, kind, outcome.Output.ToString(), outcome.Parameters));
            Parameters += outcome.Parameters;
            MultiplyAdds += outcome.MultiplyAdds;
            shape = outcome.Output;
            return true;
        }

        public bool Fail(string id, string message, LocationInfo? at) => Fail(new DiagnosticInfo(id, message, at));

        /// <summary>Reports a shared rule's issue at <paramref name="at"/>.</summary>
        public bool Fail(ShapeIssue issue, LocationInfo? at) => Fail(issue.Id, issue.Message, at);

        public bool Fail(DiagnosticInfo diagnostic)
        {
            diagnostics.Add(diagnostic);
            return false;
        }

        public bool TryGetBlock(string fullName, out DeclarationSpec block) => blocks.TryGetValue(fullName, out block!);

        /// <summary>Blocks being instantiated, outermost first (to report a block that contains itself).</summary>
        public List<string> Active => active;
    }
}
