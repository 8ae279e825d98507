namespace NetDsl.Shapes
{
    /// <summary>[Flatten]: CxHxW → a flat vector of C·H·W features.</summary>
    public sealed record FlattenArgs;

    public sealed class FlattenKind : LayerKind<FlattenArgs>
    {
        public static readonly FlattenKind Instance = new FlattenKind();
        FlattenKind() : base("Flatten", "Flatten", LayerRole.Functional) { }

        public override LayerOutcome Rule(string path, TensorShape input, FlattenArgs a) =>
            LayerOutcome.Success(TensorShape.Vector(checked((int)input.Elements)));
    }
}
