using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>
    /// The merges composites end in: a residual add, branch adds and concats, a wired tap's merge. Used by the
    /// checker and by the runtime's factories alike, so both report the same message.
    /// </summary>
    internal static class MergeRules
    {
        /// <summary>The element-wise add that closes a residual block: body and shortcut must agree.</summary>
        public static ShapeIssue? ResidualAdd(string path, TensorShape body, TensorShape shortcut, bool projected)
        {
            if (body == shortcut) return null;
            string fix = projected
                ? "make the projection and the body produce the same shape."
                : "add Projection = \"downsample\" to [Residual] or make the body keep the shape.";
            if (body.Rank != shortcut.Rank || body.C != shortcut.C)
            {
                string channels = $"{path}: residual add of body output {body} and shortcut {shortcut}: channel counts differ ({I(body.C)} vs {I(shortcut.C)})";
                return new ShapeIssue(ShapeIssueIds.ResidualChannels, channels + "; " + fix, "", channels);
            }
            string spatial = $"{path}: residual add of body output {body} and shortcut {shortcut}: spatial sizes differ ({Size(body)} vs {Size(shortcut)})";
            // A projection is a strided 1x1 convolution: it cannot give a size no stride gives (32x32 → 30x30, or larger).
            if (!projected && !Strided(shortcut, body))
                fix = "the body changes the size by other than a stride, which no projection undoes; make the body keep the shape (stride 1, padding dilation · (kernel - 1) / 2).";
            return new ShapeIssue(ShapeIssueIds.ResidualSpatial, spatial + "; " + fix, "", spatial);
        }

        /// <summary>Whether some stride s takes <paramref name="from"/>'s sides to <paramref name="to"/>'s as a 1x1 convolution does (⌊(n − 1) / s⌋ + 1).</summary>
        static bool Strided(TensorShape from, TensorShape to)
        {
            for (int s = 1; s <= System.Math.Max(from.H, from.W); s++)
                if ((from.H - 1) / s + 1 == to.H && (from.W - 1) / s + 1 == to.W) return true;
            return false;
        }

        /// <summary>k when <paramref name="large"/>'s sides are exactly k ≥ 2 times <paramref name="small"/>'s (the same k on both), else 0.</summary>
        static int Factor(TensorShape large, TensorShape small)
        {
            if (!large.IsMap || !small.IsMap || small.W == 0 || (!large.Is1d && small.H == 0)) return 0;
            int k = large.W / small.W;
            return k >= 2 && large.W == k * small.W && (large.Is1d || large.H == k * small.H) ? k : 0;
        }

        /// <summary>Element-wise add of parallel branches: shapes must agree exactly.</summary>
        /// <remarks><paramref name="spatialFix"/> replaces the fix a size mismatch suggests (a wired merge knows a better one).</remarks>
        /// <remarks><paramref name="channelFix"/> likewise replaces the fix a channel mismatch suggests (a wired add has no branches).</remarks>
        public static LayerOutcome Add(string path, TensorShape left, TensorShape right, string? spatialFix = null, string? channelFix = null)
        {
            if (left == right) return LayerOutcome.Success(left);
            if (left.Rank != right.Rank || left.C != right.C)
                return LayerOutcome.Fail(ShapeIssueIds.ResidualChannels,
                    $"{path}: add of {left} and {right}: channel counts differ ({I(left.C)} vs {I(right.C)}); {channelFix ?? $"make every branch end with {I(left.C)} channels"}.");
            string cause = $"{path}: add of {left} and {right}: spatial sizes differ ({Size(left)} vs {Size(right)})";
            return LayerOutcome.Fail(ShapeIssueIds.ResidualSpatial,
                $"{cause}; {spatialFix ?? "keep every branch's size (stride 1, padding dilation · (kernel - 1) / 2)"}.", "", cause);
        }

        /// <summary>[Residual(LayerScale = s)]: a C x 1 x 1 scale of a CxHxW body (C parameters the block owns).</summary>
        public static LayerOutcome LayerScale(string path, TensorShape body) =>
            body.Is1d ? TwoDimensionalOnly(path, "LayerScale", body, "remove LayerScale from [Residual] (its scale is shaped C x 1 x 1 for a 2-D map)")
            : body.IsMap ? LayerOutcome.Success(body, body.C, body.Elements) : NeedsMap(path, "LayerScale", body);

        /// <summary>One step of merging parallel branches: channel concat or element-wise add.</summary>
        public static LayerOutcome Merge(string path, bool concat, TensorShape merged, TensorShape branch) =>
            concat ? Concat(path, merged, branch) : Add(path, merged, branch);

        /// <summary>
        /// Concatenation along dimension 1: feature maps along channels (spatial sizes must agree), flat vectors end to end
        /// (their lengths add: a spatial pyramid's pooled levels). A vector and a map do not concatenate.
        /// </summary>
        /// <remarks><paramref name="spatialFix"/> replaces the fix a size mismatch suggests (a wired merge knows a better one).</remarks>
        public static LayerOutcome Concat(string path, TensorShape input, TensorShape body, string? spatialFix = null)
        {
            if (!input.IsMap && !body.IsMap) return LayerOutcome.Success(TensorShape.Vector(input.C + body.C));
            if (!input.IsMap || !body.IsMap)
            {
                var (vector, map) = input.IsMap ? (body, input) : (input, body);
                string cause = $"{path}: concat of {input} and {body}: {vector} is a flat vector and {map} a CxHxW feature map, which do not concatenate";
                return LayerOutcome.Fail(ShapeIssueIds.NeedsFeatureMap,
                    cause + "; add [Flatten] after the map (pooled to a fixed size first, as a spatial pyramid's levels) or concatenate both before [Flatten].",
                    "", cause);
            }
            if (input.Rank != body.Rank)
            {
                string cause = $"{path}: concat of {input} and {body}: a 1-D map (CxL) and a 2-D map (CxHxW) do not concatenate";
                return LayerOutcome.Fail(ShapeIssueIds.ConcatSpatial, cause + "; concatenate maps of one rank, or [Flatten] both first.", "", cause);
            }
            if (input.H != body.H || input.W != body.W)
            {
                string cause = $"{path}: concat of {input} and {body}: spatial sizes differ ({Size(input)} vs {Size(body)})";
                return LayerOutcome.Fail(ShapeIssueIds.ConcatSpatial,
                    $"{cause}; {spatialFix ?? "keep the body's size (stride 1, padding (kernel - 1) / 2) or concatenate after matching pooling"}.", "", cause);
            }
            return LayerOutcome.Success(input.WithChannels(input.C + body.C));
        }

        /// <summary>
        /// [Multiply(tap)]: the element-wise product of the member's input and the kept output, broadcast as PyTorch does:
        /// each of C, H and W equal, or 1 on one side (a Cx1x1 gate scales a CxHxW map: LR-ASPP, SK attention).
        /// </summary>
        public static LayerOutcome MultiplyTap(string path, string tap, TensorShape kept, TensorShape input)
        {
            if (kept.Rank != input.Rank)
                return LayerOutcome.Fail(ShapeIssueIds.NeedsFeatureMap,
                    $"{path} (multiply with {tap}): {tap}'s output {kept} and the input {input} are not both maps of one rank or both vectors; multiply before [Flatten] or after it on both paths.",
                    "tap");
            int Broadcast(int a, int b) => a == b || b == 1 ? a : a == 1 ? b : -1;
            int c = Broadcast(input.C, kept.C);
            int h = input.IsMap ? Broadcast(input.H, kept.H) : 1, w = input.IsMap ? Broadcast(input.W, kept.W) : 1;
            if (c < 0)
                return LayerOutcome.Fail(ShapeIssueIds.ResidualChannels,
                    $"{path} (multiply with {tap}): {tap} has {I(kept.C)} channels ({kept}) but the input has {I(input.C)} ({input}); make the gate's channels equal the input's, or 1.",
                    "tap");
            if (h < 0 || w < 0)
                return LayerOutcome.Fail(ShapeIssueIds.ResidualSpatial,
                    $"{path} (multiply with {tap}): spatial sizes {Size(kept)} and {Size(input)} do not broadcast; pool the gate to {(input.Is1d ? "length 1" : "1x1")} ([GlobalAvgPool]) or make the sizes equal.",
                    "tap");
            var output = input.Resized(c, h, w);
            return LayerOutcome.Success(output, 0, output.Elements);
        }

        /// <summary>
        /// Merges the kept output <paramref name="kept"/> of member <paramref name="tap"/> into <paramref name="input"/>:
        /// centre-cropped to the input's size when <paramref name="crop"/>, then concatenated (kept first) or added.
        /// </summary>
        public static LayerOutcome MergeTap(string path, string tap, bool concat, bool crop, TensorShape kept, TensorShape input)
        {
            string what = (concat ? "concat" : "add") + " with " + tap;
            if (crop)
            {
                if (!kept.IsMap || !input.IsMap)
                    return LayerOutcome.Fail(ShapeIssueIds.NeedsFeatureMap,
                        $"{path}: crop of {tap} needs CxHxW feature maps but got {kept} and {input}; crop before [Flatten].");
                if (kept.Is1d || input.Is1d)
                    return TwoDimensionalOnly($"{path} (crop of {tap})", "Crop", kept.Is1d ? kept : input,
                        "remove Crop = true and pad the convolutions so the lengths meet", "Crop");
                if (kept.H < input.H || kept.W < input.W)
                    return LayerOutcome.Fail(ShapeIssueIds.CropTooSmall,
                        $"{path}: {what}: {tap}'s output {kept} is smaller than the input {input} it joins, so it cannot be cropped to {I(input.H)}x{I(input.W)}; crop only shrinks: pad the decoder's convolutions less or join an earlier, larger member.",
                        "tap");
                if ((kept.H - input.H) % 2 != 0 || (kept.W - input.W) % 2 != 0)
                {
                    string cause = $"{path}: {what}: cropping {tap}'s {kept} to {I(input.H)}x{I(input.W)} is off-centre by half a pixel (the sizes differ by an odd amount, {I(kept.H - input.H)}x{I(kept.W - input.W)}): a pooling or stride between {tap} and here dropped a row";
                    return LayerOutcome.Fail(concat ? ShapeIssueIds.ConcatSpatial : ShapeIssueIds.ResidualSpatial,
                        cause + "; choose an input whose sizes stay even at every 2x2 pooling (see the derived input constraints).", "tap", cause);
                }
                kept = kept.Resized(kept.C, input.H, input.W);
            }
            // Sizes that differ get a fix that fits the link the user wrote.
            // Crop is offered only when it centres exactly (even differences); an odd one would fail again at the crop.
            // Crop also only where it keeps more than half of each side (the original U-Net's margins): a crop to half the size
            // drops three quarters of the skip. Maps a whole factor apart are a scale missed: an upsampling, or another link.
            int up = Factor(kept, input), down = Factor(input, kept);
            string? fix = !kept.IsMap || !input.IsMap || (kept.H == input.H && kept.W == input.W) ? null
                : !kept.Is1d && kept.H >= input.H && kept.W >= input.W && (kept.H - input.H) % 2 == 0 && (kept.W - input.W) % 2 == 0
                  && 2 * input.H > kept.H && 2 * input.W > kept.W
                    ? $"add Crop = true to crop {tap}'s {I(kept.H)}x{I(kept.W)} to {I(input.H)}x{I(input.W)} (original U-Net), or choose an input size every stride divides (a symbolic Input derives which)"
                : up > 1
                    ? $"{tap}'s map is {I(up)} times the path's on each side: upsample the path by {I(up)} before the merge ([Upsample({I(up)})] or a stride-{I(up)} ConvTranspose after the layer that makes it), or link the member whose map has the path's size"
                : down > 1
                    ? $"{tap}'s map is {I(down)} times smaller than the path's on each side: link the member whose map has the path's size, or upsample {tap}'s output by {I(down)} before it is merged"
                    : "make the sizes meet: pad the convolutions so they keep the size, or choose an input whose size divides evenly through the strides";
            string where = path + " (" + what + ")";
            string channels = $"the path that reaches here has {I(input.C)} channels and {tap}'s output {I(kept.C)}: give the layer before the merge {I(kept.C)} output channels, or keep both with [Concat(nameof({tap}))]";
            return concat ? Concat(where, kept, input, fix) : Add(where, input, kept, fix, channels);
        }
    }
}
