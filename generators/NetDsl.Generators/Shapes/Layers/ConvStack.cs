namespace NetDsl.Shapes
{
    /// <summary>
    /// [ConvStack("64 64 M 128 M")]: a VGG-style stack, expanded by <see cref="ConvStackPlan"/> into Conv (+BatchNorm) + ReLU
    /// per channel count and a 2x2 MaxPool per M, indexed as torchvision's Sequential.
    /// </summary>
    public sealed record ConvStackArgs
    {
        /// <summary>The stack spec ("64 64 M 128 M").</summary>
        public required string Spec { get; init; }
        /// <summary>Kernel size (square).</summary>
        public int Kernel { get; init; } = 3;
        /// <summary>Zero padding on each side.</summary>
        public int Padding { get; init; } = 1;
        /// <summary>Whether each convolution is followed by BatchNorm.</summary>
        public bool BatchNorm { get; init; }
    }

    internal sealed class ConvStackKind : LayerKind<ConvStackArgs>
    {
        public static readonly ConvStackKind Instance = new ConvStackKind();
        ConvStackKind() : base("ConvStack", "ConvStack", LayerRole.Whole) { }

        /// <summary>Checks the spec only; the layers are checked one by one from the plan.</summary>
        public override LayerOutcome Rule(string path, TensorShape input, ConvStackArgs a)
        {
            var issue = StructureRules.ConvStack(path, a.Spec, out _);
            return issue != null ? LayerOutcome.Fail(issue.Id, issue.Message, issue.Argument) : LayerOutcome.Success(input);
        }
    }
}
