namespace NetDsl.Shapes
{
    /// <summary>Rules for merging a kept output of an earlier member into a member's input.</summary>
    public static partial class LayerRules
    {
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
                if (kept.H < input.H || kept.W < input.W)
                    return LayerOutcome.Fail(ShapeIssueIds.CropTooSmall,
                        $"{path}: {what}: {tap}'s output {kept} is smaller than the input {input} it joins, so it cannot be cropped to {I(input.H)}x{I(input.W)}; crop only shrinks: pad the decoder's convolutions less or join an earlier, larger member.",
                        "tap");
                if ((kept.H - input.H) % 2 != 0 || (kept.W - input.W) % 2 != 0)
                    return LayerOutcome.Fail(concat ? ShapeIssueIds.ConcatSpatial : ShapeIssueIds.ResidualSpatial,
                        $"{path}: {what}: cropping {tap}'s {kept} to {I(input.H)}x{I(input.W)} is off-centre by half a pixel (the sizes differ by an odd amount, {I(kept.H - input.H)}x{I(kept.W - input.W)}): a pooling or stride between {tap} and here dropped a row; choose an input whose sizes stay even at every 2x2 pooling (see the derived input constraints).",
                        "tap");
                kept = new TensorShape(kept.C, input.H, input.W);
            }
            // Sizes that differ get a fix that fits the link the user wrote.
            string? fix = !kept.IsMap || !input.IsMap || (kept.H == input.H && kept.W == input.W) ? null
                : kept.H >= input.H && kept.W >= input.W
                    ? $"add Crop = true to crop {tap}'s {I(kept.H)}x{I(kept.W)} to {I(input.H)}x{I(input.W)} (original U-Net), or choose an input size every stride divides (a symbolic Input derives which)"
                    : "make the sizes meet: pad the convolutions so they keep the size, or choose an input whose size divides evenly through the strides";
            string where = path + " (" + what + ")";
            return concat ? Concat(where, kept, input, fix) : Add(where, input, kept, fix);
        }
    }
}
