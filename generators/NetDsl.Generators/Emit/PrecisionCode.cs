using System.Collections.Generic;
using NetDsl.Generators.Expressions;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Emit
{
    /// <summary>
    /// The mixed-precision and inference-path pieces of a generated module: member calls routed by layer kind
    /// through <c>NetDsl.Compute</c> (which casts conv/linear to the active compute type, or uses folded weights),
    /// the network's entry into its own precision, an fp32 output, and the Conv→BatchNorm pairs the inference
    /// path may fold (decided here, where the data flow between members is known).
    /// </summary>
    internal static class PrecisionCode
    {
        const string Compute = "global::NetDsl.Compute";

        /// <summary>The expression that runs <paramref name="member"/>'s module on <paramref name="input"/>.</summary>
        public static string Call(MemberSpec member, string input = "__x")
        {
            string field = Field(member);
            if (MemberLayout.Of(member) == LayoutKind.Sequential) return $"{Compute}.Sequential({field}, {input})";
            switch (member.Layers[0].Kind)
            {
                case "Conv": return $"{Compute}.Conv({field}, {input})";
                case "ConvTranspose": return $"{Compute}.ConvTranspose({field}, {input})";
                case "Linear": return $"{Compute}.Linear({field}, {input})";
                case "BatchNorm": return $"{Compute}.BatchNorm({field}, {input})";
                case "Repeat":
                case "ConvStack": return $"{Compute}.Sequential({field}, {input})";
                default: return $"{field}.forward({input})";   // blocks run their own generated forward; parameter-free modules any type
            }
        }

        /// <summary>
        /// The member's field as forward reads it: Build assigns every layer member, but a member declared nullable (<c>Layer? c = null</c>)
        /// is read with <c>!</c>, as nullable analysis cannot see that assignment from forward (CS8604 otherwise).
        /// </summary>
        public static string Field(MemberSpec member) => "this.@" + member.Name + (member.Nullable ? "!" : "");

        /// <summary>A projection shortcut (Sequential of conv + BatchNorm).</summary>
        public static string Projection(string name, string input) => $"{Compute}.Sequential(this.@{name}, {input})";

        /// <summary>A network enters its own precision (unless a caller's scope already set one); blocks inherit it.</summary>
        public static void WriteEnter(SourceWriter w, DeclarationSpec decl)
        {
            if (decl.Kind == DeclarationKind.Network) w.Line($"using var __compute = {Compute}.Enter(this);");
        }

        /// <summary>What a forward returns: a network's output in fp32, so losses and softmax run in fp32.</summary>
        public static string Output(DeclarationSpec decl, string value) =>
            decl.Kind == DeclarationKind.Network ? $"{Compute}.Output({value})" : value;

        /// <summary>
        /// Members <c>[Conv]</c> followed by <c>[BatchNorm, …]</c> where the convolution's output feeds only that
        /// BatchNorm (not kept for wiring, the next member reads the previous one, not a branch): state-dict names in pairs.
        /// </summary>
        public static void WriteFoldablePairs(SourceWriter w, DeclarationSpec decl)
        {
            if (decl.Branches != null) return;
            var kept = WiringCode.Kept(decl);
            var names = new List<string>();
            for (int i = 0; i + 1 < decl.Members.Count; i++)
            {
                if (!MemberLayout.FoldsIntoNext(decl, i, kept)) continue;
                names.Add(Literals.String(decl.Members[i].ModuleName));
                names.Add(Literals.String(decl.Members[i + 1].ModuleName));
            }
            if (names.Count == 0) return;
            w.Line("/// <summary>Conv→BatchNorm member pairs the inference path folds (state-dict names, in pairs).</summary>");
            w.Line($"protected override string[] FoldablePairs => new[] {{ {string.Join(", ", names)} }};").Line();
        }
    }
}
