namespace NetDsl.Shapes
{
    /// <summary>[Flatten]: CxHxW → a flat vector of C·H·W features.</summary>
    public sealed record FlattenArgs;

    internal sealed class FlattenKind : LayerKind<FlattenArgs>
    {
        public static readonly FlattenKind Instance = new FlattenKind();
        FlattenKind() : base("Flatten", "Flatten", LayerRole.Functional) { }

        /// <summary>Every flat feature depends on the whole map: no window (unknown) unless the map is 1x1 already.</summary>
        public override Windows? WindowsFor(object args, TensorShape input, TensorShape output) =>
            input.H == 1 && input.W == 1 ? Windows.Identity : (Windows?)null;

        public override LayerOutcome Rule(string path, TensorShape input, FlattenArgs a) =>
            input.Elements > int.MaxValue
                ? LayerOutcome.Fail(ShapeIssueIds.InvalidArgument,
                    $"{path}: Flatten of {input} gives {input.Elements} features, more than a tensor dimension holds ({int.MaxValue}); pool first ([GlobalAvgPool] or [AdaptiveAvgPool(n)]).")
                : LayerOutcome.Success(TensorShape.Vector((int)input.Elements));
    }
}
