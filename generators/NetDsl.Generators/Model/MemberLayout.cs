using System.Collections.Generic;

namespace NetDsl.Generators.Model
{
    public enum LayoutKind
    {
        /// <summary>The field holds the first layer's module; any later layers are parameter-free and run functionally.</summary>
        Direct,
        /// <summary>The field holds a Sequential indexed like torchvision's ("0", "1", …).</summary>
        Sequential,
    }

    /// <summary>How a member's stack becomes modules: decided once, used by checking and emission alike.</summary>
    public static class MemberLayout
    {
        public static LayoutKind Of(MemberSpec member)
        {
            var layers = member.Layers;
            if (layers.Count <= 1) return LayoutKind.Direct;
            for (int i = 1; i < layers.Count; i++)
                if (KindSchema.Find(layers[i].Kind)?.Role != NetDsl.Shapes.LayerRole.Functional) return LayoutKind.Sequential;
            var first = KindSchema.Find(layers[0].Kind)?.Role;
            return first == NetDsl.Shapes.LayerRole.Parameterized || first == NetDsl.Shapes.LayerRole.Block ? LayoutKind.Direct : LayoutKind.Sequential;
        }

        /// <summary>Path of layer <paramref name="index"/> of a member, relative to the declaring module.</summary>
        public static string PathOf(MemberSpec member, LayoutKind layout, int index) =>
            layout == LayoutKind.Sequential
                ? member.ModuleName + "." + index.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : member.ModuleName;

        /// <summary>
        /// Whether an activation may overwrite its input: only when that input was made inside the same
        /// member by a layer whose backward pass does not need its own output.
        /// </summary>
        public static bool InPlaceSafeAfter(string? previousKind) =>
            previousKind == SqueezeExciteMarker || (previousKind != null && KindSchema.Find(previousKind)?.Kind.OutputOverwritable == true);

        /// <summary>
        /// Whether member <paramref name="i"/> is a <c>[Conv]</c> the inference path folds into the <c>[BatchNorm, …]</c> member
        /// after it: the convolution's output feeds only that BatchNorm (not <paramref name="kept"/> for wiring, not an auxiliary head,
        /// the BatchNorm member unwired), so its own output never exists on that path.
        /// </summary>
        public static bool FoldsIntoNext(DeclarationSpec decl, int i, ICollection<string> kept)
        {
            if (decl.Branches != null || i + 1 >= decl.Members.Count) return false;
            var conv = decl.Members[i];
            var norm = decl.Members[i + 1];
            if (conv.Layers.Count != 1 || conv.Layers[0].Kind != "Conv" || kept.Contains(conv.Name) || conv.Wiring?.IsAuxiliary == true) return false;
            return Of(norm) == LayoutKind.Direct && norm.Layers[0].Kind == "BatchNorm" && norm.Wiring == null;
        }

        /// <summary>What the forward emitter passes for a block's [SqueezeExcite] (its output may be overwritten too).</summary>
        public const string SqueezeExciteMarker = "SqueezeExcite";
    }
}
