namespace NetDsl.Shapes
{
    /// <summary>
    /// A broken shape rule: the diagnostic ID, the message the user sees (identical at compile time
    /// and in the run-time guard) and which attribute argument to blame ("" means the attribute).
    /// </summary>
    public sealed class ShapeIssue
    {
        /// <summary>An issue with its diagnostic <paramref name="id"/>, <paramref name="message"/> the offending <paramref name="argument"/> and the <paramref name="cause"/> without its generic fix (null: the message).</summary>
        public ShapeIssue(string id, string message, string argument = "", string? cause = null)
        {
            Id = id;
            Message = message;
            Argument = argument;
            Cause = cause;
        }

        /// <summary>The diagnostic id (ND0001 …).</summary>
        public string Id { get; }
        /// <summary>The message: shapes, layer path and a fix.</summary>
        public string Message { get; }
        /// <summary>The attribute argument at fault (for the diagnostic's location), or empty.</summary>
        public string Argument { get; }
        /// <summary>The message without its generic fix (null when the message has none), so the checker can append a concrete, checked one.</summary>
        public string? Cause { get; }

        /// <summary>"ND0001: message".</summary>
        public override string ToString() => Id + ": " + Message;
    }

    /// <summary>Diagnostic IDs shared by the generator's catalogue and the run-time guards.</summary>
    internal static class ShapeIssueIds
    {
        public const string InvalidInput = "ND0001";
        public const string BadExpression = "ND0002";
        public const string UnknownBlock = "ND0003";
        public const string RepeatCount = "ND0004";
        public const string ResidualChannels = "ND0005";
        public const string ResidualSpatial = "ND0006";
        public const string NonPositiveSize = "ND0007";
        public const string PinnedSize = "ND0008";
        public const string NotFlattened = "ND0009";
        public const string Groups = "ND0010";
        public const string NeedsFeatureMap = "ND0011";
        public const string BlockCycle = "ND0012";
        public const string InvalidArgument = "ND0013";
        public const string NotPartial = "ND0014";
        public const string InternalError = "ND0015";
        public const string BlockArguments = "ND0016";
        public const string ConcatSpatial = "ND0017";
        public const string SqueezeChannels = "ND0018";
        public const string UnknownTap = "ND0019";
        public const string CropTooSmall = "ND0020";
        public const string TapMisuse = "ND0021";
        public const string InputConstraint = "ND0022";
        public const string SymbolicFlatten = "ND0023";
        public const string OutputShape = "ND0024";
        public const string TwoDimensionalOnly = "ND0025";
        public const string ReshapeElements = "ND0026";
        public const string DuplicateModelName = "ND0027";

        // Architecture lints: warnings (ND01xx), each suppressible with #pragma warning disable or .editorconfig.
        public const string CheckerboardLint = "ND0101";
        public const string BatchNormOnePixelLint = "ND0102";
        public const string RoundedMergeLint = "ND0103";
        public const string ShallowFieldLint = "ND0104";
        public const string ChannelsLastInputLint = "ND0105";

        /// <summary>Whether <paramref name="id"/> is a lint (a warning) rather than a shape error.</summary>
        public static bool IsLint(string id) => id.StartsWith("ND01", System.StringComparison.Ordinal);
    }

    /// <summary>What one layer does to a shape, or why it cannot.</summary>
    internal readonly struct LayerOutcome
    {
        LayerOutcome(TensorShape output, long parameters, long multiplyAdds, ShapeIssue? issue)
        {
            Output = output;
            Parameters = parameters;
            MultiplyAdds = multiplyAdds;
            Issue = issue;
        }

        public TensorShape Output { get; }
        public long Parameters { get; }
        public long MultiplyAdds { get; }
        public ShapeIssue? Issue { get; }
        public bool Ok => Issue == null;

        public static LayerOutcome Success(TensorShape output, long parameters = 0, long multiplyAdds = 0) =>
            new LayerOutcome(output, parameters, multiplyAdds, null);

        public static LayerOutcome Fail(string id, string message, string argument = "", string? cause = null) =>
            new LayerOutcome(default, 0, 0, new ShapeIssue(id, message, argument, cause));
    }
}
