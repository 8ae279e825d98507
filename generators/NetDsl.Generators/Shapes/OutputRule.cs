using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>
    /// ND0024, the output a network declares: <c>Output = "3x64x64"</c>, else what its task implies (Reconstruction: the input's
    /// shape; Segmentation: the input's HxW or a centred crop of it; RegionProposal: a map of 6k channels). One rule for the compile-time check of every instance and
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
            else if (task == "RegionProposal")
                return RegionProposalHead(network, output, out expected);
            else return null;
            if (output == expected) return null;
            string cause = $"{network}: the output {output} is {(spatialOnly ? "neither" : "not")} the {what}";
            string fix = output.Rank == expected.Rank && output.C != expected.C && !spatialOnly
                ? $"make the last layer give {I(expected.C)} {(expected.IsMap ? "channels" : "outputs")}"
                : !expected.IsMap && output.IsMap ? $"end the network with {FlatTail(output, expected.C)}"
                : expected.IsMap && !output.IsMap ? $"end the network on a map: remove the layers that flatten it and give the last convolution {I(expected.C)} channels"
                : expected.H == input.H && expected.W == input.W
                    ? "make the decoder's sizes return to the input's: pad the convolutions so they keep the size, and give transposed convolutions the OutputPadding an odd size needs"
                    : $"make the layers give a {Size(expected)} map: change the strides, padding or pooling (or add an AdaptiveAvgPool({I(expected.H)}, {I(expected.W)}))";
            return new ShapeIssue(ShapeIssueIds.OutputShape, cause + "; " + fix + ".", cause: cause);
        }

        /// <summary>
        /// An [Aux] head's output, by what the trainer demands of it: it scores every head against the main output's targets,
        /// checked per task as the main output's are (the tasks' <c>CheckTargets</c>). Classification: class logits
        /// <c>[batch, classes]</c> with a logit for each of the main output's classes (labels run to its count); Segmentation: a
        /// map with those classes at the input's size or a centred crop of it (masks are centre-cropped to each output);
        /// Reconstruction: the input's shape; RegionProposal: a head of 6k channels on the main output's grid; Detection (and
        /// any other): the main output's shape. A network whose main output is no flat vector under Classification is no
        /// trainable classifier, so its heads are not held to one. Null when the head fits; else the issue, naming the head,
        /// both shapes and the layers that give what it needs.
        /// </summary>
        public static ShapeIssue? AuxHead(string network, string head, string task, TensorShape input, TensorShape main, TensorShape aux)
        {
            if (aux == main) return null;
            bool fits = task switch
            {
                "Classification" => main.IsMap || (!aux.IsMap && aux.C >= main.C),
                "Segmentation" => aux.Rank == main.Rank && aux.IsMap && aux.C >= main.C && Check(network, null, task, input, aux, out _) == null,
                "Reconstruction" => aux == input,
                "RegionProposal" => aux.Rank == main.Rank && aux.IsMap && aux.H == main.H && aux.W == main.W && IsRegionProposalHead(aux.C),
                _ => false,
            };
            if (fits) return null;
            string cause = $"{head}: the auxiliary head of {network} gives {aux}, but the main output is {main}; the trainer scores each head against the main output's targets (Task = {task}), so the head must give its shape";
            string fix;
            if (aux.Rank == main.Rank && aux.H == main.H && aux.W == main.W)
                fix = $"make the head's last layer give {I(main.C)} {(main.IsMap ? "channels" : "outputs")}" + (main.IsMap ? "" : $" (end it with Linear({I(main.C)}))");
            else if (!main.IsMap && aux.IsMap)
                fix = $"end the head with {FlatTail(aux, main.C)}";
            else fix = $"end the head with the layers that give {main}";
            return new ShapeIssue(ShapeIssueIds.OutputShape, cause + "; " + fix + ".", cause: cause);
        }

        /// <summary>The layers that take <paramref name="map"/> to <paramref name="outputs"/> logits: "Flatten, Linear(10)", pooled first where the map is larger than one position.</summary>
        static string FlatTail(TensorShape map, int outputs) =>
            ((map.Is1d ? map.W == 1 : map.H == 1 && map.W == 1) ? "" : "GlobalAvgPool, ") + $"Flatten, Linear({I(outputs)})";

        /// <summary>
        /// Whether <paramref name="channels"/> per position are a region proposal head's 2k objectness logits + 4k box
        /// deltas, k anchors per position a multiple of 3 (3 aspect ratios × k/3 sizes): the rule the trainer reads k by.
        /// </summary>
        public static bool IsRegionProposalHead(int channels) => channels >= 18 && channels % 18 == 0;

        /// <summary>Task = RegionProposal: a map of 6k channels (<see cref="IsRegionProposalHead"/>); the fix names the nearest count.</summary>
        static ShapeIssue? RegionProposalHead(string network, TensorShape output, out TensorShape expected)
        {
            expected = output;
            if (output.IsMap && IsRegionProposalHead(output.C)) return null;
            string head = "a region proposal head outputs a map of 6k channels per position (2k objectness logits and 4k box deltas, k anchors a multiple of 3: 54 for k = 9)";
            if (!output.IsMap)
            {
                string flat = $"{network}: the output {output} is not a map (Task = RegionProposal: {head})";
                return new ShapeIssue(ShapeIssueIds.OutputShape, flat + "; end the network with a 1x1 convolution of 54 channels on the last map instead of flattening it.");
            }
            int nearest = System.Math.Max(18, (int)System.Math.Round(output.C / 18.0) * 18);
            expected = output.Resized(nearest, output.H, output.W);
            string cause = $"{network}: the output {output} has {I(output.C)} channels per position (Task = RegionProposal: {head})";
            return new ShapeIssue(ShapeIssueIds.OutputShape, cause + $"; make the last layer give {I(nearest)} channels (k = {I(nearest / 6)}).", cause: cause);
        }
    }
}
