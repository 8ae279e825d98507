namespace NetDsl.Shapes
{
    /// <summary>
    /// [Repeat(count, typeof(Block), positional…)]: <see cref="Count"/> instances of a block in a Sequential named
    /// <see cref="Prefix"/> + index from <see cref="Start"/>. <see cref="Args"/> passes block arguments by name
    /// ("channels: 64, stride: 2"); <see cref="First"/> overrides some of them on the first instance only
    /// (torchvision's _make_layer: "stride: 2"). See <see cref="RepeatPlan"/>.
    /// </summary>
    public sealed record RepeatArgs
    {
        /// <summary>How many instances.</summary>
        public required int Count { get; init; }
        /// <summary>Instance names' prefix.</summary>
        public string Prefix { get; init; } = "";
        /// <summary>The first instance's index.</summary>
        public int Start { get; init; }
        /// <summary>Block arguments by name.</summary>
        public string Args { get; init; } = "";
        /// <summary>Values only the first instance takes, by name.</summary>
        public string First { get; init; } = "";
    }

    internal sealed class RepeatKind : LayerKind<RepeatArgs>
    {
        public static readonly RepeatKind Instance = new RepeatKind();
        RepeatKind() : base("Repeat", "Repeat", LayerRole.Whole) { }

        /// <summary>Checks the count only; each instance is checked as its block.</summary>
        public override LayerOutcome Rule(string path, TensorShape input, RepeatArgs a) => LayerOutcome.Success(input);
    }

    /// <summary>[Use(typeof(Block), positional…)]: one block instance; <see cref="Args"/> passes arguments by name.</summary>
    public sealed record UseArgs
    {
        /// <summary>Block arguments by name.</summary>
        public string Args { get; init; } = "";
    }

    internal sealed class UseKind : LayerKind<UseArgs>
    {
        public static readonly UseKind Instance = new UseKind();
        UseKind() : base("Use", "Use", LayerRole.Block) { }

        public override LayerOutcome Rule(string path, TensorShape input, UseArgs a) => LayerOutcome.Success(input);
    }
}
