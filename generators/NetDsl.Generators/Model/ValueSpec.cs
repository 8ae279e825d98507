namespace NetDsl.Generators.Model
{
    public enum ValueKind { Missing, Int, Double, Bool, String, Type, Invalid }

    /// <summary>
    /// One attribute argument as written: a constant, a string (an expression over parameters, or
    /// a spec), or a type (for typeof). <see cref="Text"/> holds the string, or the type's full name.
    /// </summary>
    public sealed record ValueSpec(ValueKind Kind, long Int, double Double, bool Bool, string Text, LocationInfo? Location)
    {
        public static readonly ValueSpec Missing = new ValueSpec(ValueKind.Missing, 0, 0, false, "", null);

        public static ValueSpec OfInt(long value, LocationInfo? at) => new ValueSpec(ValueKind.Int, value, value, false, "", at);
        public static ValueSpec OfDouble(double value, LocationInfo? at) => new ValueSpec(ValueKind.Double, 0, value, false, "", at);
        public static ValueSpec OfBool(bool value, LocationInfo? at) => new ValueSpec(ValueKind.Bool, 0, 0, value, "", at);
        public static ValueSpec OfString(string value, LocationInfo? at) => new ValueSpec(ValueKind.String, 0, 0, false, value, at);
        /// <summary>A typeof(…) argument; <paramref name="isNetwork"/> (kept in <see cref="Bool"/>) says the type is a [Network] class.</summary>
        public static ValueSpec OfType(string fullName, LocationInfo? at, bool isNetwork = false) => new ValueSpec(ValueKind.Type, 0, 0, isNetwork, fullName, at);

        /// <summary>A typeof(…) of a [Network] class (which a [Use]/[Repeat] cannot take: it names the fix for that).</summary>
        public bool IsNetworkType => Kind == ValueKind.Type && Bool;

        /// <summary>For a type: the assembly of a [Block] declared in a referenced assembly (not this compilation's source, which the generator reads), else null.</summary>
        public string? ReferencedBlockAssembly { get; init; }
        public static ValueSpec OfInvalid(string description, LocationInfo? at) => new ValueSpec(ValueKind.Invalid, 0, 0, false, description, at);
    }

    /// <summary>A named attribute argument (constructor parameter name or property name).</summary>
    public sealed record ArgSpec(string Name, ValueSpec Value);
}
