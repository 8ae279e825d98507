using System.Collections.Generic;
using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>
    /// What the generated <c>forward</c> checks before any layer runs (a few integer compares): the tensor's rank and
    /// channels against the network's input, a symbolic input's derived constraints; and what PyTorch refuses in
    /// training-mode BatchNorm. The messages follow the diagnostics' (ID, shapes, fix).
    /// </summary>
    public static class ForwardGuards
    {
        /// <summary>Null when a batch of shape <paramref name="dims"/> fits <paramref name="input"/> (one sample's shape) and <paramref name="rules"/>.</summary>
        public static ShapeIssue? Input(string model, TensorShape input, long[] dims, IReadOnlyList<AxisRule> rules)
        {
            int rank = input.Rank + 1;
            string shape = "[" + string.Join(", ", dims) + "]";
            if (dims.Length != rank)
            {
                string sample = input.Is2d ? input.C + "xHxW" : input.Is1d ? input.C + "xL" : I(input.C);
                string fix = dims.Length == rank - 1 ? "add the batch dimension (x.unsqueeze(0))"
                    : $"pass N x {(input.Is2d ? input.C + " x H x W" : input.Is1d ? input.C + " x L" : I(input.C))}";
                // The size it is built for, named: a [Flatten] → [Linear] network takes that size only, so "CxHxW" alone would promise any.
                string built = input.IsMap ? $" (it is built for {input})" : "";
                return new ShapeIssue(ShapeIssueIds.InvalidInput,
                    $"{model}: forward needs a {I(rank)}-D batch of {sample} samples{built} but got a {I(dims.Length)}-D tensor {shape}; {fix}.");
            }
            // The tensor is a CxHxW image and the declaration its HxWxC reading: the declaration is what to fix.
            if (InputLayout.MeantAsHxWxC(input) is { } meant && dims[1] == meant.C && dims[2] == meant.H && dims[3] == meant.W)
                return new ShapeIssue(ShapeIssueIds.InvalidInput,
                    $"{model}: forward got {shape}, a batch of {meant} images, but {InputLayout.Reading(input, meant)} in [Network].");
            if (dims[1] != input.C)
                return new ShapeIssue(ShapeIssueIds.InvalidInput,
                    $"{model}: forward got {shape}, whose {dims[1]} {(input.IsMap ? "channels" : "features")} are not the {I(input.C)} of its input {input}; " +
                    (input.Is2d && dims[3] == input.C ? "the tensor looks channels-last (NxHxWxC): permute it to NxCxHxW (x.permute(0, 3, 1, 2))."
                        : input.Is1d && dims[2] == input.C ? "the tensor looks length-first (NxLxC): transpose it to NxCxL (x.transpose(1, 2))."
                        : $"pass {I(input.C)} {(input.IsMap ? "channels" : "features")}."));
            if (input.Is2d && rules.Count > 0)
                return InputConstraints.Check(model, new TensorShape(input.C, (int)dims[2], (int)dims[3]), rules);
            if (input.Is1d && rules.Count > 0)
                return InputConstraints.Check(model, TensorShape.Sequence(input.C, (int)dims[2]), rules);
            return null;
        }

        /// <summary>
        /// Null when <paramref name="input"/> (a shape a network is built at) has the rank of its <paramref name="declared"/> input:
        /// a CxHxW network is built at CxHxW sizes, a CxL one at CxL sizes, since its kinds build other modules at another rank.
        /// </summary>
        public static ShapeIssue? InputRank(string model, TensorShape declared, TensorShape input)
        {
            if (declared.Rank == input.Rank) return null;
            string Form(TensorShape s) => s.Is2d ? "a CxHxW map" : s.Is1d ? "a CxL map" : "a flat vector";
            return new ShapeIssue(ShapeIssueIds.InvalidInput,
                $"{model}: built at input {input}, {Form(input)}, but it is declared for {declared}, {Form(declared)}; build it at an input of that form (e.g. {declared}).");
        }

        /// <summary>PyTorch's rule for BatchNorm in training mode: more than one value per channel (batch x H x W &gt; 1).</summary>
        public static ShapeIssue? TrainingBatchNorm(string path, long[] dims)
        {
            long values = 1;
            for (int i = 0; i < dims.Length; i++) if (i != 1) values *= dims[i];
            if (values > 1) return null;
            return new ShapeIssue(ShapeIssueIds.InvalidInput,
                $"{path}: BatchNorm{(dims.Length == 3 ? "1d" : "2d")} in training mode needs more than one value per channel, got input size [{string.Join(", ", dims)}] (PyTorch refuses it too: the batch statistics would be a single value); train with a batch of at least 2 or call eval().");
        }
    }
}
