using System.Collections.Generic;
using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>
    /// Checks a member's wiring for one instance: the named members exist and come earlier, the kept
    /// shapes meet the input (crop and merge rules), and auxiliary heads stay off the main path.
    /// </summary>
    internal sealed class Wiring
    {
        readonly Instantiator run;
        readonly DeclarationSpec decl;
        readonly string prefix;
        readonly Dictionary<string, TensorShape> kept = new Dictionary<string, TensorShape>();
        readonly Dictionary<string, PathState> paths = new Dictionary<string, PathState>();
        /// <summary>The member whose output the running shape is (null: the declaration's input).</summary>
        string? previous;

        public Wiring(Instantiator run, DeclarationSpec decl, string prefix)
        {
            this.run = run;
            this.decl = decl;
            this.prefix = prefix;
        }

        /// <summary>Names every member's output is kept under (all of them: only the named ones cost anything at run time).</summary>
        public void Keep(MemberSpec member, TensorShape output)
        {
            kept[member.Name] = output;
            paths[member.Name] = run.Path;
            previous = member.Name;
        }

        /// <summary>The input <paramref name="member"/> runs on, given the running shape; false after reporting a problem.</summary>
        public bool Input(MemberSpec member, ref TensorShape shape)
        {
            var wiring = member.Wiring;
            if (wiring == null) return true;
            string path = prefix + member.ModuleName;
            if (wiring.AuxOf != null)
            {
                if (decl.Kind != DeclarationKind.Network)
                    return run.Fail(ShapeIssueIds.TapMisuse,
                        $"{path}: [Aux] heads belong on a [Network]; {decl.Name} is a block, so move the head to the network that uses it.", wiring.AuxOf.Location);
                if (!Lookup(member, wiring.AuxOf, "Aux", out shape, out var auxPath)) return false;
                run.Path = auxPath;
                return true;
            }
            string source = previous ?? "the input";
            if (wiring.From != null)
            {
                if (!Lookup(member, wiring.From, "From", out shape, out var fromPath)) return false;
                run.Path = fromPath;
                source = wiring.From.Name;
            }
            foreach (var merge in wiring.Merges)
            {
                if (!Lookup(member, merge.Tap, merge.Kind, out var tap, out var tapPath)) return false;
                var outcome = merge.Multiply ? MergeRules.MultiplyTap(path, merge.Tap.Name, tap, shape)
                    : MergeRules.MergeTap(path, merge.Tap.Name, merge.Concat, merge.Crop, tap, shape);
                run.Path = run.Meet(run.Path, shape, source, tapPath, tap, merge.Tap.Name,
                    $"{path} ({merge.Kind.ToLowerInvariant()} with {merge.Tap.Name})");
                run.AtMerge(member, new MergeSite(member, merge, tap, shape), path);
                if (outcome.Issue != null && tap.IsMap && shape.IsMap)
                {
                    // Report, then go on as if the sizes agreed (the member's own path decides the size).
                    run.Fail(outcome.Issue, merge.Tap.Location);
                    if (merge.Concat) shape = shape.WithChannels(tap.C + shape.C);
                    continue;
                }
                if (!run.Apply(outcome, path, merge.Kind, null, ref shape, merge.Tap.Location)) return false;
            }
            return true;
        }

        /// <summary>
        /// Whether auxiliary head <paramref name="member"/> exists in this instance: its [Aux] Enabled, resolved as a layer's bool
        /// argument is ([ChannelAffine]'s Enabled); null after reporting a value that is not a bool. A head that is off is neither
        /// built nor checked, and owns no parameters.
        /// </summary>
        public bool? AuxBuilt(MemberSpec member, ArgResolver resolver)
        {
            var wiring = member.Wiring!;
            if (wiring.AuxAlwaysOn) return true;
            var value = resolver.Resolve(wiring.AuxEnabled!, ArgType.Bool, prefix + member.ModuleName, "[Aux] Enabled", out var error);
            if (error == null) return value!.Value.Bool;
            run.Fail(error);
            return null;
        }

        /// <summary>
        /// The kept shape and path state (receptive field, rounded steps) of <paramref name="tap"/>: an earlier member's output, or (<c>"backbone.4"</c>) a
        /// module's inside an earlier [Use]/[Repeat] member (<see cref="InnerTap"/>); false after reporting why not.
        /// </summary>
        bool Lookup(MemberSpec member, TapRef tap, string attribute, out TensorShape shape, out PathState tapPath)
        {
            shape = default;
            tapPath = PathOf(tap.Name);
            string path = prefix + member.ModuleName;
            string name = InnerTap.MemberOf(tap.Name);
            int at = IndexOf(name), self = IndexOf(member.Name);
            if (at < 0)
                return run.Fail(ShapeIssueIds.UnknownTap,
                    $"{path}: [{attribute}] names '{tap.Name}', {(name == tap.Name ? "which" : $"inside '{name}', which")} is not a member of {decl.Name}; name an earlier member with nameof(…) ({Earlier(self)}).", tap.Location);
            if (at >= self)
                return run.Fail(ShapeIssueIds.UnknownTap,
                    $"{path}: [{attribute}] names '{tap.Name}', {(name == tap.Name ? "which" : $"inside '{name}', which")} {(at == self ? "is this member itself" : "is declared after " + member.Name)}; a member can only use outputs of members declared before it ({Earlier(self)}).",
                    tap.Location);
            if (decl.Members[at].Wiring?.IsAuxiliary == true)
                return run.Fail(ShapeIssueIds.TapMisuse,
                    $"{path}: [{attribute}] names '{tap.Name}', {(name == tap.Name ? "" : "inside " + name + ", ")}an auxiliary head that runs only in training; use a member on the main path.", tap.Location);
            if (name == tap.Name)
            {
                // A member's output is kept once the member ran; a failure earlier stopped the instance already.
                return kept.TryGetValue(tap.Name, out shape);
            }
            var owner = decl.Members[at];
            var inner = InnerTap.Resolve(owner, tap.Name, run.Blocks, out string id, out string why);
            if (inner == null) return run.Fail(id, $"{path}: [{attribute}] names '{tap.Name}', {why}.", tap.Location);
            if (!run.Outputs.TryGetValue(prefix + owner.ModuleName + "." + inner.Child, out var output))
                return run.Fail(ShapeIssueIds.UnknownTap,
                    $"{path}: [{attribute}] names '{tap.Name}', but {owner.Name} has no instance '{inner.Child}' for these arguments; name one it has.", tap.Location);
            (shape, tapPath) = output;
            return true;
        }

        PathState PathOf(string name) => paths.TryGetValue(name, out var p) ? p : PathState.Input.WithField(ReceptiveField.Unknown);

        int IndexOf(string name)
        {
            for (int i = 0; i < decl.Members.Count; i++) if (decl.Members[i].Name == name) return i;
            return -1;
        }

        string Earlier(int self)
        {
            var names = new List<string>();
            for (int i = 0; i < self && i < decl.Members.Count; i++)
                if (decl.Members[i].Wiring?.IsAuxiliary != true) names.Add(decl.Members[i].Name);
            return names.Count == 0 ? "none are declared before it" : "earlier: " + string.Join(", ", names);
        }
    }
}
