using System.Collections.Generic;
using NetDsl.Generators.Expressions;
using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>
    /// Walks one network instance at compile time exactly as its generated constructor will at run time:
    /// same order, same paths, same shared rules. After a broken rule it goes on where the shape is still known
    /// (the layer with its faulty argument relaxed, a merge with the main path's size), so independent mistakes
    /// are all reported in one build; where no shape is known (a map shrunk to nothing) the instance stops.
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
        /// <summary>Every layer the instance ran, in order (the fix search reads pools, convolutions and flattens from it).</summary>
        public List<TraceStep> Trace { get; } = new List<TraceStep>();
        /// <summary>Every member output, in order.</summary>
        public List<KeptOutput> Kept { get; } = new List<KeptOutput>();
        /// <summary>Each member's and each repeat instance's output by its full path, with its path state: receptive field and rounded steps (what a tap inside a member reads).</summary>
        public Dictionary<string, (TensorShape Shape, PathState Path)> Outputs { get; } = new Dictionary<string, (TensorShape, PathState)>();
        /// <summary>The blocks this instance may use, by full name.</summary>
        public IReadOnlyDictionary<string, DeclarationSpec> Blocks => blocks;
        /// <summary>Architecture lints (warnings) of layers whose shapes are fine; kept apart so they never count as failures.</summary>
        public List<DiagnosticInfo> Lints { get; } = new List<DiagnosticInfo>();
        /// <summary>The layer each layer lint (by its index in <see cref="Lints"/>) was raised on, with its arguments and instance (a lint's fix edits it).</summary>
        public Dictionary<int, LintSite> LintLayers { get; } = new Dictionary<int, LintSite>();
        /// <summary>Every broken rule, in order, with its context.</summary>
        public List<Failure> Failures { get; } = new List<Failure>();
        /// <summary>Whether any rule broke (the instance may still have run to its end on recovered shapes).</summary>
        public bool Failed { get; private set; }
        /// <summary>What travels with the running shape: its receptive field and the strided steps that rounded on it (the main path's; branches save and merge it).</summary>
        public PathState Path { get; set; } = PathState.Input;
        /// <summary>The receptive field of the running shape.</summary>
        public ReceptiveField Field => Path.Field;
        /// <summary>The last pooling that took a map to one value per channel, while no map with more than one position followed it (a classifier's head).</summary>
        public PooledMap? Pooled { get; private set; }
        readonly HashSet<RoundedStep> reportedRounding = new HashSet<RoundedStep>();
        /// <summary>The upsampling layers that made up for a rounded step at a merge (ND0103): a fix may drop their OutputPadding.</summary>
        public List<LayerSpec> RoundingUpsamplers { get; } = new List<LayerSpec>();
        public int DiagnosticCount => diagnostics.Count;
        /// <summary>The [Aux] heads built in this instance: the member, its path, its output and where its layers end in <see cref="Trace"/>.</summary>
        public List<(MemberSpec Member, string Path, TensorShape Output, int TraceEnd)> AuxOutputs { get; } = new List<(MemberSpec, string, TensorShape, int)>();
        /// <summary>How many instances of the declaration being walked the enclosing [Repeat]s make in all (1 outside any).</summary>
        public long Repeated { get; set; } = 1;

        // Where the walk is, for the failures it records.
        DeclarationSpec? owner;
        MemberSpec? member;
        LayerSpec? layerAt;
        TensorShape inputAt;
        string pathAt = "", prefixAt = "";
        MergeSite? mergeAt;
        object? argsAt;
        TensorShape? expectedAt;
        /// <summary>The instance being walked and where its parameter values come from (set by the checker for the network, by [Use]/[Repeat] for blocks).</summary>
        public BlockFrame? Frame { get; set; }
        public long Parameters { get; private set; }
        public long MultiplyAdds { get; private set; }

        public bool Run(DeclarationSpec decl, IReadOnlyDictionary<string, Scalar> env, string prefix, ref TensorShape shape)
        {
            var outer = owner;
            owner = decl;
            try { return RunDeclaration(decl, env, prefix, ref shape); }
            finally { owner = outer; }
        }

        bool RunDeclaration(DeclarationSpec decl, IReadOnlyDictionary<string, Scalar> env, string prefix, ref TensorShape shape)
        {
            var input = shape;
            var inputPath = Path;
            var resolver = new ArgResolver(env).WithDeclarationInput(shape);
            if (decl.Branches != null) return Branches(decl, resolver, prefix, ref shape);
            var wiring = new Wiring(this, decl, prefix);
            prefixAt = prefix;
            foreach (var member in decl.Members)
            {
                var memberInput = shape;
                var mainPath = Path;
                var mainPooled = Pooled;
                this.member = member;
                if (!wiring.Input(member, ref memberInput)) return false;
                if (member.Wiring?.IsAuxiliary == true && wiring.AuxBuilt(member, resolver) is var built && built != true)
                {
                    if (built == null) return false;
                    (Path, Pooled) = (mainPath, mainPooled);
                    continue;   // an [Aux] head switched off for this instance: not built, so not checked and no parameters
                }
                if (!RunMember(member, resolver, prefix, ref memberInput)) return false;
                if (member.Wiring?.IsAuxiliary == true)   // off the main path: the running shape is unchanged
                {
                    AuxOutputs.Add((member, prefix + member.ModuleName, memberInput, Trace.Count));
                    (Path, Pooled) = (mainPath, mainPooled);
                    continue;
                }
                shape = memberInput;
                wiring.Keep(member, shape);
                Outputs[prefix + member.ModuleName] = (shape, Path);
                Kept.Add(new KeptOutput(decl, prefix, member, shape));
            }
            if (decl.SqueezeExcite != null && !SqueezeExcite(decl.SqueezeExcite, resolver.At(shape), prefix, ref shape)) return false;
            return decl.Residual == null || Residual.Check(this, decl, prefix, input, inputPath, ref shape, resolver.At(shape));
        }

        bool RunMember(MemberSpec member, ArgResolver resolver, string prefix, ref TensorShape shape)
        {
            var layout = MemberLayout.Of(member);
            var memberOwner = owner;
            for (int i = 0; i < member.Layers.Count; i++)
            {
                var layer = member.Layers[i];
                (this.member, layerAt, inputAt, mergeAt, owner) = (member, layer, shape, null, memberOwner);
                (pathAt, prefixAt, argsAt) = (prefix + MemberLayout.PathOf(member, layout, i), prefix, null);
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
                var outcome = LayerChecker.Check(layer, kind, here, path, shape, out string rowKind, out var error, out var args);
                if (error != null) return Fail(error);
                if (outcome!.Value.Issue != null)
                {
                    argsAt = args;
                    Fail(outcome.Value.Issue, LayerChecker.Locate(layer, outcome.Value.Issue));
                    // Go on with the shape the layer has without its faulty argument, if it has one.
                    var relaxed = LayerChecker.Relaxed(layer, kind, here, path, shape, outcome.Value.Issue);
                    if (relaxed == null) return false;
                    shape = relaxed.Value;
                    continue;
                }
                if (i == 0 && layout == LayoutKind.Direct && LayerChecker.DeclaredType(member, kind.Kind, shape, path) is { } typeIssue)
                    Fail(typeIssue, member.Location ?? layer.Location);
                var before = shape;
                if (!Apply(outcome.Value, path, rowKind, layer, ref shape, null, kind.Kind, args)) return false;
                Trace.Add(new TraceStep(layer, memberOwner!, member, path, args!, before, shape, Frame));
            }
            return true;
        }

        /// <summary>Each member runs on the block's input or continues an earlier member's path ([From]); the paths' ends merge in declaration order.</summary>
        bool Branches(DeclarationSpec decl, ArgResolver resolver, string prefix, ref TensorShape shape)
        {
            var input = shape;
            var inputPath = Path;
            var mergedPath = Path;
            string self = prefix.TrimEnd('.');
            var spec = decl.Branches!;
            TensorShape? merged = null;
            var outputs = new TensorShape[decl.Members.Count];
            var outputPaths = new PathState[decl.Members.Count];
            for (int i = 0; i < decl.Members.Count; i++)
            {
                var member = decl.Members[i];
                if (!BranchWiring(decl, i, prefix)) return false;
                int source = BranchPaths.Source(decl, i);
                var branch = source < 0 ? input : outputs[source];
                this.member = member;
                Path = source < 0 ? inputPath : outputPaths[source];
                if (!RunMember(member, resolver, prefix, ref branch)) return false;
                outputs[i] = branch;
                outputPaths[i] = Path;
                if (!BranchPaths.IsOutput(decl, i)) continue;
                mergedPath = merged == null ? Path
                    : Meet(mergedPath, merged.Value, "the earlier branches", Path, branch, member.Name, $"{self} (branch {spec.Merge.ToLowerInvariant()})");
                if (merged == null) { merged = branch; continue; }
                (layerAt, inputAt, pathAt, mergeAt, argsAt) = (null, branch, self, null, null);
                var outcome = MergeRules.Merge(self, spec.Merge == "Concat", merged.Value, branch);
                if (outcome.Issue != null)
                {
                    Fail(outcome.Issue, member.Location ?? spec.Location);
                    // Go on as if the sizes agreed: channels still add up for a concat.
                    var m = merged.Value;
                    merged = spec.Merge == "Concat" && m.IsMap && branch.IsMap ? m.WithChannels(m.C + branch.C) : m;
                    continue;
                }
                merged = outcome.Output;
            }
            if (merged == null) return Fail(ShapeIssueIds.InvalidArgument, $"{decl.Name}: [Branches] needs at least one member; declare each branch as a member.", spec.Location);
            Path = mergedPath;   // branches meet: the largest field (Araujo et al.)
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
            (layerAt, inputAt, pathAt, mergeAt, argsAt) = (null, shape, path, null, null);   // the fix search reads the channels it squeezes
            var issue = SqueezeExcitePlan.Check(path, shape, (int)reduction!.Value.Int, out var fc1, out var fc2);
            if (issue != null) return Fail(issue, at);
            var pooled = shape;
            return Apply(fc1, path + ".fc1", "Conv2d", null, ref pooled, at) && Apply(fc2, path + ".fc2", "Conv2d", null, ref pooled, at);
        }

        /// <summary>Checks a composite's steps (from a kernel plan) in order under <paramref name="prefix"/>.</summary>
        public bool Apply(System.Collections.Generic.IEnumerable<PlanStep> steps, string prefix, LayerSpec? blame, ref TensorShape shape, LocationInfo? fallback = null)
        {
            foreach (var step in steps)
                if (!Apply(step.Check(prefix, shape), prefix + "." + step.Name, step.Kind.RowFor(step.Args), blame, ref shape, fallback, step.Kind, step.Args)) return false;
            return true;
        }

        /// <summary>Records a rule's outcome as a row, or its issue as a diagnostic at the blamed argument.</summary>
        /// <remarks>With the layer's kind and arguments, its window moves the receptive field; merges and gates leave it.</remarks>
        public bool Apply(LayerOutcome outcome, string path, string kind, LayerSpec? blame, ref TensorShape shape, LocationInfo? fallback = null,
            LayerKind? layerKind = null, object? args = null)
        {
            if (outcome.Issue != null)
                return Fail(outcome.Issue, blame != null ? LayerChecker.Locate(blame, outcome.Issue) : fallback);
            var output = outcome.Output;
            if (output.IsMap && (output.H > 1 || output.W > 1)) Pooled = null;   // a map follows: that pooling was no head
            if (layerKind != null && args != null)
            {
                var windows = layerKind.WindowsFor(args, shape, output);
                if (layerKind.PoolsPositions && shape.IsMap && (shape.H > 1 || shape.W > 1) && (!output.IsMap || (output.H == 1 && output.W == 1)))
                    Pooled = new PooledMap(path, kind, shape, Path.Field, blame != null ? blame.Location : fallback);
                Path = Path.WithField(Path.Field.Through(windows));
                if (windows is { } w && !layerKind.SizedByOutput && shape.IsMap && output.IsMap && Rounds(shape, w))
                    Path = Path.After(new RoundedStep(path, kind, shape, output, w.H.Stride, w.W.Stride, StrideAt(blame, args, fallback, shape, w)));
                if (shape.IsMap && output.IsMap && (output.H > shape.H || output.W > shape.W)) Path = Path.Upsampled(path, blame);
                if (layerKind.Lint(path, shape, args, outcome.Output) is { } lint)
                {
                    if (blame != null) LintLayers[Lints.Count] = new LintSite(blame, args, Frame);
                    Lints.Add(new DiagnosticInfo(lint.Id, lint.Message, blame != null ? LayerChecker.Locate(blame, lint) : fallback));
                }
            }
            Rows.Add(new RowInfo(path, kind, outcome.Output.ToString(), outcome.Parameters, FieldInfo.Of(Field)));
            Parameters += outcome.Parameters;
            MultiplyAdds += outcome.MultiplyAdds;
            shape = outcome.Output;
            return true;
        }

        /// <summary>Whether a strided window does not divide the size entering it along an axis (an odd size at stride 2): the step rounds.</summary>
        static bool Rounds(TensorShape input, Windows w) =>
            (w.H.Stride >= 2 && input.H % w.H.Stride != 0) || (w.W.Stride >= 2 && input.W % w.W.Stride != 0);

        /// <summary>Where a rounding step is reported: the argument that sets its stride (a pool's kernel when its stride is the kernel), else the attribute.</summary>
        static LocationInfo? StrideAt(LayerSpec? blame, object args, LocationInfo? fallback, TensorShape input, Windows w)
        {
            if (blame == null) return fallback;
            bool heightRounds = w.H.Stride >= 2 && input.H % w.H.Stride != 0;
            string argument = !heightRounds && blame.Find("StrideW") != null ? "StrideW"
                : blame.Find("Stride") != null ? "Stride"
                : args is PoolArgs ? "Kernel" : "";
            return LayerChecker.Locate(blame, new ShapeIssue(ShapeIssueIds.RoundedMergeLint, "", argument));
        }

        /// <summary>
        /// Two paths meeting at <paramref name="merge"/> ("dec (concat with enc)"): the merged path state, and ND0103 for each
        /// step that rounded on one side only and was upsampled since, as the size it lost had to be made up to meet the other.
        /// </summary>
        public PathState Meet(PathState a, TensorShape aShape, string aName, PathState b, TensorShape bShape, string bName, string merge)
        {
            var oneSided = new List<(RoundedOnPath Entry, bool FromA)>();
            var met = PathState.Meet(a, b, oneSided);
            foreach (var (entry, fromA) in oneSided)
            {
                if (entry.UpsampledBy == null || !reportedRounding.Add(entry.Step)) continue;
                if (entry.Upsampler != null && !RoundingUpsamplers.Contains(entry.Upsampler)) RoundingUpsamplers.Add(entry.Upsampler);
                Lints.Add(ArchitectureLints.Rounded(entry.Step, entry.UpsampledBy, fromA ? bName : aName, fromA ? bShape : aShape, merge));
            }
            return met;
        }

        public bool Fail(string id, string message, LocationInfo? at) => Fail(new DiagnosticInfo(id, message, at));

        /// <summary>Reports a shared rule's issue at <paramref name="at"/>.</summary>
        public bool Fail(ShapeIssue issue, LocationInfo? at) => Fail(new DiagnosticInfo(issue.Id, issue.Message, at, Cause: issue.Cause), issue);

        public bool Fail(DiagnosticInfo diagnostic) => Fail(diagnostic, null);

        bool Fail(DiagnosticInfo diagnostic, ShapeIssue? issue)
        {
            Failures.Add(new Failure(diagnostics.Count, issue, owner, member, layerAt, inputAt, pathAt, Trace.Count, mergeAt, argsAt, prefixAt, Kept.Count, expectedAt, Frame));
            diagnostics.Add(diagnostic);
            Failed = true;
            return false;
        }

        /// <summary>Sets what a merge failure records: the member, the merge as written and both shapes.</summary>
        public void AtMerge(MemberSpec member, MergeSite site, string path)
        {
            (this.member, layerAt, inputAt, pathAt, mergeAt, argsAt) = (member, null, site.Input, path, site, null);
            prefixAt = path.EndsWith(member.ModuleName, System.StringComparison.Ordinal) ? path.Substring(0, path.Length - member.ModuleName.Length) : prefixAt;
        }

        /// <summary>Sets what a declared-output failure records: the network's output and what was declared.</summary>
        public void AtOutput(TensorShape output, TensorShape expected)
        {
            (member, layerAt, inputAt, pathAt, mergeAt, argsAt, expectedAt) = (null, null, output, "", null, null, expected);
        }

        /// <summary>Sets what an [Aux] head's failure records: the head, its output (the failure's input) and the main output it must give.</summary>
        public void AtAux(MemberSpec head, string path, TensorShape output, TensorShape main)
        {
            (member, layerAt, inputAt, pathAt, mergeAt, argsAt, expectedAt, prefixAt) = (head, null, output, path, null, null, main, "");
        }

        /// <summary>Sets what a residual failure records: the block's body output at <paramref name="path"/>.</summary>
        public void AtResidual(TensorShape body, string path)
        {
            (member, layerAt, inputAt, pathAt, mergeAt, argsAt) = (null, null, body, path, null, null);
        }

        /// <summary>
        /// Moves diagnostics from index <paramref name="from"/> on to <paramref name="useSite"/> (a block's [Use]/[Repeat]),
        /// keeping where the rule broke inside the block as an additional location.
        /// </summary>
        public void Relocate(int from, LocationInfo? useSite)
        {
            if (useSite == null) return;
            for (int i = from; i < diagnostics.Count; i++)
            {
                var d = diagnostics[i];
                if (d.Location == null || d.Location == useSite) continue;
                var also = new List<LocationInfo> { d.Location.Value };
                also.AddRange(d.Also);
                diagnostics[i] = d with { Location = useSite, Also = EquatableArray.From(also) };
            }
        }

        public bool TryGetBlock(string fullName, out DeclarationSpec block) => blocks.TryGetValue(fullName, out block!);

        /// <summary>Blocks being instantiated, outermost first (to report a block that contains itself).</summary>
        public List<string> Active => active;
    }
}
