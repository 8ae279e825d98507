using NetDsl.Generators.Model;

namespace NetDsl.Generators.Checking
{
    /// <summary>One row of the compile-time summary; <see cref="Field"/> is its receptive field (null when unknown, after upsampling).</summary>
    public sealed record RowInfo(string Path, string Kind, string Output, long Parameters, FieldInfo? Field = null);

    /// <summary>A receptive field as pipeline data: size, effective stride and effective padding per axis (Araujo et al., Distill 2019).</summary>
    public sealed record FieldInfo(int SizeH, int SizeW, int StrideH, int StrideW, int PaddingH, int PaddingW)
    {
        internal static FieldInfo? Of(NetDsl.Shapes.ReceptiveField f) =>
            f.Known ? new FieldInfo(f.H.Size, f.W.Size, f.H.Stride, f.W.Stride, f.H.Padding, f.W.Padding) : null;
    }

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
        /// <summary>
        /// Its own errors, or a block it uses that is not emitted (not partial, ND0014 on the block): its code would call
        /// that block's generated constructor, and the compiler's error inside generated code would bury the one naming the fix.
        /// </summary>
        public bool HasErrors => Spec.HasInvalidAttributes || HasErrorDiagnostics() || UsesUnemittedBlock() || UsesBrokenBlock;

        /// <summary>A block has errors of its own (reported at the block, not again at this network's [Use]): it is emitted as a stub.</summary>
        public bool UsesBrokenBlock { get; init; }

        bool HasErrorDiagnostics()
        {
            foreach (var d in Diagnostics) if (!NetDsl.Shapes.ShapeIssueIds.IsLint(d.Id)) return true;
            return false;
        }

        bool UsesUnemittedBlock()
        {
            foreach (var b in UsedBlocks) if (!b.IsPartial) return true;
            return false;
        }
    }
}
