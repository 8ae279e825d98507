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

    /// <summary>
    /// Where a member's input comes from (the previous member, or <see cref="From"/>) and what is merged into it; or an auxiliary head,
    /// which exists when <see cref="AuxEnabled"/> (its [Aux] Enabled as written: a bool, or a bool parameter's name) holds.
    /// </summary>
    public sealed record WiringSpec(TapRef? From, EquatableArray<TapMergeSpec> Merges, TapRef? AuxOf, double AuxWeight, ValueSpec? AuxEnabled = null)
    {
        public bool IsAuxiliary => AuxOf != null;

        /// <summary>Whether the head is built in every instance (Enabled not written, or written true).</summary>
        public bool AuxAlwaysOn => AuxEnabled == null || AuxEnabled.Kind == ValueKind.Missing || (AuxEnabled.Kind == ValueKind.Bool && AuxEnabled.Bool);
    }
}
