using NetDsl.Generators.Model;
using NetDsl.Shapes;
using static NetDsl.Shapes.Messages;

namespace NetDsl.Generators.Checking
{
    /// <summary>
    /// The output a network declares: <c>Output = "3x64x64"</c>, else what its task implies (Reconstruction: the input's
    /// shape; Segmentation: the input's HxW). Checked on every instance after its layers, so a decoder a pixel short is a
    /// build error (ND0024) instead of a failure in <c>train</c>.
    /// </summary>
    internal static class OutputDeclaration
    {
        /// <summary>False (after reporting ND0024) when <paramref name="output"/> is not what <paramref name="decl"/> declares for <paramref name="input"/>.</summary>
        public static bool Check(Instantiator run, DeclarationSpec decl, TensorShape input, TensorShape output)
        {
            if (decl.Kind != DeclarationKind.Network) return true;
            var at = decl.Output?.Location ?? decl.Location;
            string? written = decl.Output != null && decl.Output.Kind != ValueKind.Missing ? decl.Output.Text : null;
            TensorShape expected;
            string what;
            bool spatialOnly = false;
            if (written != null)
            {
                if (!TensorShape.TryParse(written, out expected))
                    return run.Fail(ShapeIssueIds.OutputShape, $"{decl.Name}: Output \"{written}\" is not a shape; write Output = \"CxHxW\" (e.g. \"3x64x64\") or a feature count.", at);
                what = $"declared Output {expected}";
            }
            else if (decl.Task == "Reconstruction" && input.IsMap)
            {
                expected = input;
                what = $"input's shape {input} (Task = Reconstruction: the output reconstructs the input)";
            }
            else if (decl.Task == "Segmentation" && input.IsMap && output.IsMap)
            {
                // The trainer centre-crops masks to a smaller output (the original U-Net's valid convolutions): that is fine
                // when the crop centres exactly; a larger output, or one off-centre by half a pixel, is not.
                int dh = input.H - output.H, dw = input.W - output.W;
                if (dh >= 0 && dw >= 0 && dh % 2 == 0 && dw % 2 == 0) return true;
                expected = output.Resized(output.C, input.H, input.W);
                what = $"input's size {Size(input)} nor a centred crop of it (Task = Segmentation: one prediction per pixel; masks are centre-cropped to a smaller output)";
                spatialOnly = true;
            }
            else return true;
            if (output == expected) return true;
            string cause = $"{decl.Name}: the output {output} is {(spatialOnly ? "neither" : "not")} the {what}";
            string fix = output.Rank == expected.Rank && output.C != expected.C && !spatialOnly
                ? $"make the last layer give {I(expected.C)} channels"
                : "make the decoder's sizes return to the input's: pad the convolutions so they keep the size, and give transposed convolutions the OutputPadding an odd size needs";
            run.AtOutput(output, expected);
            return run.Fail(new DiagnosticInfo(ShapeIssueIds.OutputShape, cause + "; " + fix + ".", at, Cause: cause));
        }
    }
}
