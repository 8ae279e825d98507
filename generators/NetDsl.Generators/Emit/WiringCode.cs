using System.Collections.Generic;
using System.Globalization;
using NetDsl.Generators.Checking;
using NetDsl.Generators.Expressions;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Emit
{
    /// <summary>
    /// The code around a wired member, for Build (kept shapes, <c>__tap_name</c>) and for forward (kept
    /// tensors, <c>__t_name</c>): locals only, so forward stays straight-line with no dictionary of taps.
    /// </summary>
    internal static class WiringCode
    {
        /// <summary>Members whose output some wiring attribute names, and taps inside members as written ("backbone.4").</summary>
        public static HashSet<string> Kept(DeclarationSpec decl)
        {
            var kept = new HashSet<string>();
            foreach (var m in decl.Members)
            {
                var w = m.Wiring;
                if (w == null) continue;
                if (w.From != null) kept.Add(w.From.Name);
                if (w.AuxOf != null) kept.Add(w.AuxOf.Name);
                foreach (var merge in w.Merges) kept.Add(merge.Tap.Name);
            }
            return kept;
        }

        public static bool HasAuxiliary(DeclarationSpec decl)
        {
            foreach (var m in decl.Members) if (m.Wiring?.IsAuxiliary == true) return true;
            return false;
        }

        /// <summary>
        /// The taps inside <paramref name="member"/> that some wiring names ("backbone.4"), resolved against the blocks, ordered
        /// by the child they split after. The checker resolved them all before anything is emitted.
        /// </summary>
        public static List<InnerTap> Inner(MemberSpec member, HashSet<string> kept, IReadOnlyDictionary<string, DeclarationSpec> blocks)
        {
            var taps = new List<InnerTap>();
            foreach (var name in kept)
                if (InnerTap.IsInner(name) && InnerTap.MemberOf(name) == member.Name
                    && InnerTap.Resolve(member, name, blocks, out _, out _) is { } tap) taps.Add(tap);
            taps.Sort((a, b) => a.Index != b.Index ? a.Index.CompareTo(b.Index) : string.CompareOrdinal(a.Tap, b.Tap));
            return taps;
        }

        /// <summary>The identifier part of a kept value's locals (<c>__t_enc1</c>, <c>__t_backbone__4</c>).</summary>
        public static string Local(string tap) => InnerTap.Local(tap);

        /// <summary>Build: the member's input from its wiring, the member itself (<paramref name="body"/>), then its kept shape.</summary>
        public static void Build(SourceWriter w, MemberSpec member, HashSet<string> kept, IReadOnlyDictionary<string, DeclarationSpec> blocks, ArgCode args,
            System.Action body)
        {
            var wiring = member.Wiring;
            if (wiring?.AuxOf != null)
            {
                // [Aux(Enabled = …)] off: the head is not built or registered, and forward skips its null member.
                const string off = " // [Aux] Enabled is false: not built, not registered";
                string skip = $"this.@{member.Name} = null!; __ctx.SkipAuxiliary({Literals.String(member.ModuleName)});";
                if (wiring.AuxEnabled is { Kind: ValueKind.Bool, Bool: false }) { w.Line(skip + off); return; }
                if (!wiring.AuxAlwaysOn) w.Line($"if (!({args.Of(wiring.AuxEnabled!, ArgType.Bool)})) {{ {skip} }}{off}").Line("else");
                w.Line("{").Line("    var __main = __shape;").Line($"    __shape = __tap_{Local(wiring.AuxOf.Name)};");
                w.Line("    var __v_main = __ctx.Current;").Line($"    __ctx.Current = __v_tap_{Local(wiring.AuxOf.Name)};").Line("    __ctx.BeginAuxiliary();");
                body();
                w.Line($"    __ctx.EndAuxiliary({Literals.String(member.Name)}, {Literals.Double(wiring.AuxWeight)});");
                w.Line("    __shape = __main;").Line("    __ctx.Current = __v_main;").Line("}");
                return;
            }
            if (wiring?.From != null) w.Line($"__shape = __tap_{Local(wiring.From.Name)};").Line($"__ctx.Current = __v_tap_{Local(wiring.From.Name)};");
            if (wiring != null)
                foreach (var merge in wiring.Merges)
                {
                    string tap = Local(merge.Tap.Name);
                    w.Line(merge.Multiply
                        ? $"__shape = {Names.Layers}.MultiplyTap(__ctx, {Literals.String(member.ModuleName)}, {Literals.String(merge.Tap.Name)}, __tap_{tap}, __v_tap_{tap}, __shape);"
                        : $"__shape = {Names.Layers}.MergeTap(__ctx, {Literals.String(member.ModuleName)}, {Literals.String(merge.Tap.Name)}, " +
                          $"{Bool(merge.Concat)}, {Bool(merge.Crop)}, __tap_{tap}, __v_tap_{tap}, __shape);");
                }
            body();
            if (kept.Contains(member.Name)) w.Line($"var __tap_{member.Name} = __shape;").Line($"var __v_tap_{member.Name} = __ctx.Current;");
            // A tap inside the member: the shape and graph value of the module there, recorded while the member was built.
            foreach (var inner in Inner(member, kept, blocks))
                w.Line($"var __tap_{Local(inner.Tap)} = {Names.Layers}.Inner(__ctx, {Literals.String(member.ModuleName + "." + inner.Child)}, out var __v_tap_{Local(inner.Tap)});");
        }

        /// <summary>Forward: the same order; an auxiliary head runs only when <c>__aux</c> collects outputs.</summary>
        public static void Forward(SourceWriter w, MemberSpec member, HashSet<string> kept, System.Action body)
        {
            var wiring = member.Wiring;
            if (wiring?.AuxOf != null)
            {
                w.Open(wiring.AuxAlwaysOn ? "if (__aux != null)" : $"if (__aux != null && this.@{member.Name} is not null)");
                w.Line("var __main = __x;").Line($"__x = __t_{Local(wiring.AuxOf.Name)};");
                body();
                w.Line($"__aux.Add(new global::NetDsl.AuxiliaryOutput({Literals.String(member.Name)}, global::NetDsl.Compute.Output(__x).MoveToOuterDisposeScope(), {Literals.Double(wiring.AuxWeight)}));");
                w.Line("__x = __main;");
                w.Close();
                return;
            }
            if (wiring?.From != null) w.Line($"__x = __t_{Local(wiring.From.Name)};");
            if (wiring != null)
                foreach (var merge in wiring.Merges)
                {
                    string tap = merge.Crop
                        ? $"global::NetDsl.Resampling.CenterCrop(__t_{Local(merge.Tap.Name)}, __x.shape[2], __x.shape[3])"
                        : "__t_" + Local(merge.Tap.Name);
                    if (merge.Multiply) w.Line($"__x = __x.mul({tap});");
                    else w.Line(merge.Concat
                        ? $"__x = global::TorchSharp.torch.cat(new[] {{ {tap}, __x }}, 1);"
                        : $"__x = global::NetDsl.Compute.Add(__x, {tap}, false);");
                }
            body();
            if (kept.Contains(member.Name)) w.Line($"var __t_{member.Name} = __x;");
        }

        static string Bool(bool b) => b ? "true" : "false";

        public static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
    }
}
