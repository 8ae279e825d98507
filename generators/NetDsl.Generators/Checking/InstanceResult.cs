using NetDsl.Generators.Model;

namespace NetDsl.Generators.Checking
{
    /// <summary>One row of the compile-time summary.</summary>
    public sealed record RowInfo(string Path, string Kind, string Output, long Parameters);

    /// <summary>A network instance checked at compile time (its defaults, or one variant).</summary>
    public sealed record InstanceResult(
        string Name,
        string Input,
        string Output,
        long Parameters,
        long MultiplyAdds,
        bool Ok,
        EquatableArray<RowInfo> Rows,
        EquatableArray<AxisRuleInfo> Constraints = default);

    /// <summary>A derived input constraint (see NetDsl.Shapes.AxisRule) as pipeline data.</summary>
    public sealed record AxisRuleInfo(char Axis, int Modulus, int Residue, int Minimum, int Span);

    /// <summary>The pipeline model handed to emission: the declaration, its checked instances, all diagnostics.</summary>
    public sealed record CheckedDeclaration(
        DeclarationSpec Spec,
        EquatableArray<InstanceResult> Instances,
        EquatableArray<DiagnosticInfo> Diagnostics,
        EquatableArray<DeclarationSpec> UsedBlocks)
    {
        public bool HasErrors => Diagnostics.Count > 0 || Spec.HasInvalidAttributes;
    }
}
