using System.Collections.Generic;
using System.Globalization;
using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>
    /// A tap inside a member, <c>"backbone.4"</c>: the member (<see cref="Owner"/>, one [Use] or [Repeat]) and, inside it,
    /// a member of the used block (by its registered name or its member name) or an instance of the repeat, child
    /// <see cref="Index"/> of the module the member holds. Forward runs that module's children in two runs split after
    /// the child (what torchvision's IntermediateLayerGetter does), so the used block must be a plain sequence: each member
    /// one module, nothing between or around them.
    /// </summary>
    internal sealed record InnerTap(string Tap, MemberSpec Owner, string Child, int Index)
    {
        /// <summary>Whether <paramref name="tap"/> reaches inside a member (holds a dot).</summary>
        public static bool IsInner(string tap) => tap.IndexOf('.') > 0;

        /// <summary>The member a tap names or reaches inside.</summary>
        public static string MemberOf(string tap) => IsInner(tap) ? tap.Substring(0, tap.IndexOf('.')) : tap;

        /// <summary>
        /// Resolves <paramref name="tap"/> inside <paramref name="owner"/>; null with the diagnostic's ID and the message after
        /// "names 'tap'" in <paramref name="why"/> when it does not resolve (the checker reports it; the emitter never sees one).
        /// </summary>
        public static InnerTap? Resolve(MemberSpec owner, string tap, IReadOnlyDictionary<string, DeclarationSpec> blocks, out string id, out string why)
        {
            id = ShapeIssueIds.TapMisuse;
            why = "";
            string child = tap.Substring(tap.IndexOf('.') + 1);
            if (child.IndexOf('.') >= 0)
            {
                why = $"which reaches more than one level inside {owner.Name}; a tap names a module one level inside a member ('{owner.Name}.{child.Substring(0, child.IndexOf('.'))}')";
                return null;
            }
            var layer = owner.Layers.Count == 1 ? owner.Layers[0] : null;
            if (layer == null || (layer.Kind != "Use" && layer.Kind != "Repeat"))
            {
                var kinds = new List<string>();
                foreach (var l in owner.Layers) kinds.Add(l.Kind);
                why = $"inside {owner.Name}, which holds [{string.Join(", ", kinds)}] rather than one [Use] or [Repeat]; a tap reaches inside one block instance or repeat only: name {owner.Name} itself";
                return null;
            }
            if (layer.Kind == "Repeat") return Repeat(owner, layer, tap, child, ref id, ref why);
            if (!blocks.TryGetValue(layer.Arg("block").Text, out var block)) { why = $"inside {owner.Name}, whose block is unknown"; return null; }
            string? reason = NotASequence(block);
            if (reason != null)
            {
                why = $"inside {owner.Name}, but {block.Name}'s forward is not its members one after another ({reason}), so it cannot be split after '{child}'; tap {owner.Name} itself";
                return null;
            }
            for (int i = 0; i < block.Members.Count; i++)
            {
                var m = block.Members[i];
                if (m.ModuleName != child && m.Name != child) continue;
                if (MemberLayout.FoldsIntoNext(block, i, new HashSet<string>()))
                {
                    var next = block.Members[i + 1];
                    why = $"the convolution {block.Name}.{m.Name}, which the inference path folds into the BatchNorm after it, so its own output does not exist there; tap '{owner.Name}.{next.ModuleName}' (after the BatchNorm) instead";
                    return null;
                }
                return new InnerTap(tap, owner, m.ModuleName, i);
            }
            id = ShapeIssueIds.UnknownTap;
            var names = new List<string>();
            foreach (var m in block.Members) names.Add(m.ModuleName == m.Name ? m.Name : $"{m.ModuleName} ({m.Name})");
            why = $"but {block.Name} (used by {owner.Name}) has no member '{child}'; name one of its members: {string.Join(", ", names)}";
            return null;
        }

        static InnerTap? Repeat(MemberSpec owner, LayerSpec layer, string tap, string child, ref string id, ref string why)
        {
            string prefix = layer.Arg("Prefix").Kind == ValueKind.String ? layer.Arg("Prefix").Text : "";
            int start = layer.Arg("Start").Kind == ValueKind.Int ? (int)layer.Arg("Start").Int : 0;
            if (child.StartsWith(prefix, System.StringComparison.Ordinal)
                && int.TryParse(child.Substring(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= start
                && RepeatPlan.InstanceName(prefix, start, n - start) == child)
                return new InnerTap(tap, owner, child, n - start);
            id = ShapeIssueIds.UnknownTap;
            why = $"but {owner.Name}'s instances are named {RepeatPlan.InstanceName(prefix, start, 0)}, {RepeatPlan.InstanceName(prefix, start, 1)}, …; name one of them";
            return null;
        }

        /// <summary>Why running <paramref name="block"/>'s registered modules in order is not its forward, or null when it is.</summary>
        public static string? NotASequence(DeclarationSpec block)
        {
            if (block.Residual != null) return block.Residual.Merge == "Concat" ? "it has [Skip]" : "it has [Residual]";
            if (block.Branches != null) return "it has [Branches]";
            if (block.SqueezeExcite != null) return "it has [SqueezeExcite]";
            foreach (var m in block.Members)
            {
                if (m.Wiring != null) return $"its member {m.Name} is wired";
                if (m.Under != null) return $"its member {m.Name} is registered [Under] a container";
                if (m.Layers.Count > 1 && MemberLayout.Of(m) == LayoutKind.Direct)
                {
                    var after = new List<string>();
                    for (int i = 1; i < m.Layers.Count; i++) after.Add(m.Layers[i].Kind);
                    return $"its member {m.Name} applies [{string.Join(", ", after)}] after its module; give those a member of their own";
                }
            }
            return null;
        }

        /// <summary>The C# identifier part a tap's locals are named with (<c>__t_backbone__4</c>).</summary>
        public static string Local(string tap)
        {
            var chars = tap.ToCharArray();
            var text = new System.Text.StringBuilder();
            foreach (char c in chars) text.Append(c == '.' ? "__" : char.IsLetterOrDigit(c) || c == '_' ? c.ToString() : "_");
            return text.ToString();
        }
    }
}
