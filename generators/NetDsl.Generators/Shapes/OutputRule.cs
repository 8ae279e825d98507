using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>
    /// ND0024, the output a network declares: <c>Output = "3x64x64"</c>, else what its task implies (Reconstruction: the input's
    /// shape; Segmentation: the input's HxW or a centred crop of it). One rule for the compile-time check of every instance and
    /// the generated constructor's, so a network built with other arguments (a width) or at another input meets it too.
    /// </summary>
    internal static class OutputRule
    {
        /// <summary>
        /// The issue (its <see cref="ShapeIssue.Cause"/> without the general fix) when <paramref name="output"/> is not what
        /// <paramref name="network"/> declares for <paramref name="input"/>; null when it is, or nothing is declared.
        /// <paramref name="task"/> is the <c>ModelTask</c> member's name; <paramref name="expected"/> is the shape the output should have.
        /// </summary>
        public static ShapeIssue? Check(string network, string? written, string task, TensorShape input, TensorShape output, out TensorShape expected)
        {
            expected = output;
            string what;
            bool spatialOnly = false;
            if (written != null)
            {
                if (!TensorShape.TryParse(written, out expected))
                {
                    expected = output;
                    return new ShapeIssue(ShapeIssueIds.OutputShape, $"{network}: Output \"{written}\" is not a shape; write Output = \"CxHxW\" (e.g. \"3x64x64\") or a feature count.");
                }
                what = $"declared Output {expected}";
            }
            else if (task == "Reconstruction" && input.IsMap)
            {
                expected = input;
                what = $"input's shape {input} (Task = Reconstruction: the output reconstructs the input)";
            }
            else if (task == "Segmentation" && input.IsMap && output.IsMap)
            {
                // The trainer centre-crops masks to a smaller output (the original U-Net's valid convolutions): that is fine
                // when the crop centres exactly; a larger output, or one off-centre by half a pixel, is not.
                int dh = input.H - output.H, dw = input.W - output.W;
                if (dh >= 0 && dw >= 0 && dh % 2 == 0 && dw % 2 == 0) return null;
                expected = output.Resized(output.C, input.H, input.W);
                what = $"input's size {Size(input)} nor a centred crop of it (Task = Segmentation: one prediction per pixel; masks are centre-cropped to a smaller output)";
                spatialOnly = true;
            }
            else return null;
            if (output == expected) return null;
            string cause = $"{network}: the output {output} is {(spatialOnly ? "neither" : "not")} the {what}";
            string fix = output.Rank == expected.Rank && output.C != expected.C && !spatialOnly
                ? $"make the last layer give {I(expected.C)} channels"
                : "make the decoder's sizes return to the input's: pad the convolutions so they keep the size, and give transposed convolutions the OutputPadding an odd size needs";
            return new ShapeIssue(ShapeIssueIds.OutputShape, cause + "; " + fix + ".", cause: cause);
        }
    }
}
