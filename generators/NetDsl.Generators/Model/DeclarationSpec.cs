namespace NetDsl.Generators.Model
{
    public enum DeclarationKind { Network, Block }

    /// <summary>One layer attribute on a member: its kind (attribute name without suffix) and arguments.</summary>
    public sealed record LayerSpec(string Kind, EquatableArray<ArgSpec> Args, EquatableArray<ValueSpec> Extra, LocationInfo? Location)
    {
        /// <summary>The argument written for <paramref name="name"/> (a record property, matched case-insensitively), or <see cref="ValueSpec.Missing"/>.</summary>
        public ValueSpec Arg(string name) => Find(name)?.Value ?? ValueSpec.Missing;

        /// <summary>The argument as written (its spelling is the attribute's: "outChannels" for OutChannels), or null.</summary>
        public ArgSpec? Find(string name)
        {
            foreach (var a in Args) if (string.Equals(a.Name, name, System.StringComparison.OrdinalIgnoreCase)) return a;
            return null;
        }
    }

    /// <summary>A member (field or property) that holds one layer or a stack of them.</summary>
    /// <remarks><see cref="ModuleName"/> is the registered name (the member's name, or its index in an Indexed block).</remarks>
    public sealed record MemberSpec(string Name, string ModuleName, string TypeName, EquatableArray<LayerSpec> Layers, LocationInfo? Location,
        WiringSpec? Wiring = null);

    /// <summary>A primary-constructor parameter: name, C# type, default (Missing when required).</summary>
    public sealed record ParameterSpec(string Name, string TypeName, ValueSpec Default);

    /// <summary>A named instantiation; <see cref="Input"/> (Missing when absent) overrides the network's declared input (EfficientNet's resolutions).</summary>
    public sealed record VariantSpec(string Name, EquatableArray<ValueSpec> Arguments, LocationInfo? Location, ValueSpec? Input = null);

    /// <summary>A skip around the block's body: Merge "Add" (optionally projected) or "Concat"; After is an Act name.</summary>
    /// <summary><see cref="LayerScale"/> and <see cref="StochasticDepth"/>: the body's scale-and-drop before the add, when written.</summary>
    public sealed record ResidualSpec(string? Projection, string After, string Merge, LocationInfo? Location, bool IfShapesMatch = false,
        ValueSpec? LayerScale = null, ValueSpec? StochasticDepth = null, bool ProjectionFirst = false)
    {
        /// <summary>torchvision's name for the layer-scale parameter (ConvNeXt's CNBlock.layer_scale).</summary>
        public const string LayerScaleName = "layer_scale";
    }

    /// <summary>Members are parallel branches over the input, merged by "Concat" or "Add", then After.</summary>
    /// <summary><see cref="Shuffle"/>: the channel-shuffle groups after the merge, when written.</summary>
    public sealed record BranchesSpec(string Merge, string After, LocationInfo? Location, ValueSpec? Shuffle = null);

    /// <summary>Squeeze-excite on the body's output: the reduction as written and the submodule name.</summary>
    public sealed record SqueezeExciteSpec(ValueSpec Reduction, string Name, LocationInfo? Location);

    /// <summary>A diagnostic found while parsing (kept as data until it is reported).</summary>
    public sealed record DiagnosticInfo(string Id, string Message, LocationInfo? Location);

    /// <summary>Everything the generator needs about one [Network] or [Block] class, as plain data.</summary>
    public sealed record DeclarationSpec(
        DeclarationKind Kind,
        string Namespace,
        string Name,
        string FullName,
        string Accessibility,
        bool IsPartial,
        bool HasPrimaryConstructor,
        EquatableArray<ParameterSpec> Parameters,
        EquatableArray<MemberSpec> Members,
        ValueSpec Input,
        ValueSpec DefaultInput,
        string CatalogName,
        double LearningRate,
        string Task,
        string? Optimizer,
        EquatableArray<VariantSpec> Variants,
        ResidualSpec? Residual,
        SqueezeExciteSpec? SqueezeExcite,
        BranchesSpec? Branches,
        EquatableArray<DiagnosticInfo> ParseDiagnostics,
        bool HasInvalidAttributes,
        LocationInfo? Location);
}
