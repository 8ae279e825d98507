namespace NetDsl.Generators.Model
{
    public enum DeclarationKind { Network, Block }

    /// <summary>One layer attribute on a member: its kind (attribute name without suffix) and arguments.</summary>
    public sealed record LayerSpec(string Kind, EquatableArray<ArgSpec> Args, EquatableArray<ValueSpec> Extra, LocationInfo? Location)
    {
        /// <summary>
        /// The attribute as written (<c>ConvTranspose(8, 3, Stride = 2)</c>, the text at <see cref="Location"/>), or empty for a
        /// layer a fix made: an edit that changes several of its arguments rewrites it whole.
        /// </summary>
        public string Text { get; init; } = "";

        /// <summary>
        /// The text that, deleted, takes this attribute out of the source: with the comma before it (or after it, where it is first
        /// in its list), or its whole attribute list where it is alone there; null for a layer a fix made or one not written plainly.
        /// </summary>
        public LocationInfo? Removal { get; init; }

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
    /// <remarks>
    /// <see cref="ModuleName"/> is its path in the declaring module (the member's name, its index in an Indexed block, or
    /// <c>container.name</c> for a member registered <see cref="Under"/> a container module).
    /// </remarks>
    /// <remarks><see cref="Nullable"/>: declared with a nullable annotation (<c>Layer? c = null</c>); Build assigns it all the same, so forward reads it with <c>!</c>.</remarks>
    public sealed record MemberSpec(string Name, string ModuleName, string TypeName, EquatableArray<LayerSpec> Layers, LocationInfo? Location,
        WiringSpec? Wiring = null, string? Under = null, bool Nullable = false);

    /// <summary>A primary-constructor parameter: name, C# type, default (Missing when required).</summary>
    public sealed record ParameterSpec(string Name, string TypeName, ValueSpec Default);

    /// <summary>A named instantiation; <see cref="Input"/> (Missing when absent) overrides the network's declared input (EfficientNet's resolutions).</summary>
    public sealed record VariantSpec(string Name, EquatableArray<ValueSpec> Arguments, LocationInfo? Location, ValueSpec? Input = null);

    /// <summary>A skip around the block's body: Merge "Add" (optionally projected) or "Concat"; After is an Act name.</summary>
    /// <summary><see cref="LayerScale"/> and <see cref="StochasticDepth"/>: the body's scale-and-drop before the add, when written; <see cref="StochasticDepthMode"/> the drop's mode, when written.</summary>
    public sealed record ResidualSpec(string? Projection, string After, string Merge, LocationInfo? Location, bool IfShapesMatch = false,
        ValueSpec? LayerScale = null, ValueSpec? StochasticDepth = null, bool ProjectionFirst = false, ValueSpec? StochasticDepthMode = null)
    {
        /// <summary>torchvision's name for the layer-scale parameter (ConvNeXt's CNBlock.layer_scale).</summary>
        public const string LayerScaleName = "layer_scale";

        /// <summary>Read from [Skip], which has no Projection (a fix must not add one there).</summary>
        public bool FromSkip { get; init; }

        /// <summary>Where a Projection written empty (<c>Projection = ""</c>, no projection) is: a fix replaces its value rather than adding the argument again.</summary>
        public LocationInfo? EmptyProjectionAt { get; init; }
    }

    /// <summary>Members are parallel branches over the input, merged by "Concat" or "Add", then After.</summary>
    /// <summary><see cref="Shuffle"/>: the channel-shuffle groups after the merge, when written.</summary>
    public sealed record BranchesSpec(string Merge, string After, LocationInfo? Location, ValueSpec? Shuffle = null);

    /// <summary>Squeeze-excite on the body's output: the reduction as written and the submodule name.</summary>
    public sealed record SqueezeExciteSpec(ValueSpec Reduction, string Name, LocationInfo? Location);

    /// <summary>
    /// A diagnostic kept as data until it is reported. <see cref="Also"/> are additional locations (inside a block, where
    /// the rule broke, when the diagnostic is reported at the block's use site); <see cref="Fix"/> is the checked edit its
    /// message suggests; <see cref="Cause"/> is the message without its generic fix, so a concrete one can replace it.
    /// </summary>
    public sealed record DiagnosticInfo(string Id, string Message, LocationInfo? Location, EquatableArray<LocationInfo> Also = default,
        FixEdit? Fix = null, string? Cause = null);

    /// <summary>Everything the generator needs about one [Network] or [Block] class, as plain data.</summary>
    /// <remarks>Built with named members only (the parser and the generator's fallback), so a new field is one line here
    /// and one assignment where it is read; value equality over all members drives the incremental pipeline.</remarks>
    public sealed record DeclarationSpec
    {
        public required DeclarationKind Kind { get; init; }
        public required string Namespace { get; init; }
        public required string Name { get; init; }
        /// <summary>The fully qualified type name (global::…), the key blocks are looked up by.</summary>
        public required string FullName { get; init; }
        public required string Accessibility { get; init; }
        /// <summary>
        /// False when the class is not a top-level, non-generic partial class the generated part can complete (static, another
        /// base class, a record, a member name the generated part uses): it is checked but nothing is emitted.
        /// </summary>
        public required bool IsPartial { get; init; }
        /// <summary>An abstract class: emitted, but not in the model catalogue (which creates each network).</summary>
        public bool IsAbstract { get; init; }
        /// <summary>Whether the catalogue can create it with <c>new T(…)</c>: a primary constructor (the variants' arguments) or a constructor callable with no arguments.</summary>
        public bool Constructible { get; init; } = true;
        public bool HasPrimaryConstructor { get; init; }
        public EquatableArray<ParameterSpec> Parameters { get; init; } = EquatableArray<ParameterSpec>.Empty;
        public EquatableArray<MemberSpec> Members { get; init; } = EquatableArray<MemberSpec>.Empty;
        /// <summary>The declared input ("3x224x224" or symbolic), Missing for blocks.</summary>
        public ValueSpec Input { get; init; } = ValueSpec.Missing;
        /// <summary>The concrete input a symbolic declaration is built at by default.</summary>
        public ValueSpec DefaultInput { get; init; } = ValueSpec.Missing;
        public string CatalogName { get; init; } = "";
        public double LearningRate { get; init; }
        public string Task { get; init; } = "Classification";
        public string? Optimizer { get; init; }
        public EquatableArray<VariantSpec> Variants { get; init; } = EquatableArray<VariantSpec>.Empty;
        public ResidualSpec? Residual { get; init; }
        public SqueezeExciteSpec? SqueezeExcite { get; init; }
        public BranchesSpec? Branches { get; init; }
        public EquatableArray<DiagnosticInfo> ParseDiagnostics { get; init; } = EquatableArray<DiagnosticInfo>.Empty;
        /// <summary>Some attribute did not bind (a C# error is already reported): checking is skipped to avoid noise.</summary>
        public bool HasInvalidAttributes { get; init; }
        public LocationInfo? Location { get; init; }
        /// <summary>The declared output shape (<c>[Network(Output = "3x64x64")]</c>), null when not written.</summary>
        public ValueSpec? Output { get; init; }
    }
}
