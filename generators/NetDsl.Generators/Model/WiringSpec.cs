namespace NetDsl.Generators.Model
{
    /// <summary>A member named by a wiring attribute (nameof(member)) and where it is written.</summary>
    public sealed record TapRef(string Name, LocationInfo? Location);

    /// <summary>
    /// A kept output merged into a member's input: channel concat (kept output first), add or (<see cref="Multiply"/>)
    /// element-wise product; optionally centre-cropped. <see cref="Attribute"/> is where [Concat]/[Add]/[Multiply] is written.
    /// </summary>
    public sealed record TapMergeSpec(TapRef Tap, bool Concat, bool Crop, LocationInfo? Attribute = null, bool Multiply = false)
    {
        /// <summary>The attribute's name, for rows and messages.</summary>
        public string Kind => Multiply ? "Multiply" : Concat ? "Concat" : "Add";
    }

    /// <summary>Where a member's input comes from (the previous member, or <see cref="From"/>) and what is merged into it; or an auxiliary head.</summary>
    public sealed record WiringSpec(TapRef? From, EquatableArray<TapMergeSpec> Merges, TapRef? AuxOf, double AuxWeight)
    {
        public bool IsAuxiliary => AuxOf != null;
    }
}
