using NetDsl.Generators.Expressions;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Emit
{
    /// <summary>
    /// Names the last member of an added residual branch, the one whose output the skip is added to:
    /// <c>[WeightInit(ZeroInitResidual = true)]</c> starts its closing BatchNorm at scale 0 so the block starts as
    /// its shortcut (torchvision's <c>zero_init_residual</c>). The run time checks that the member ends in a norm.
    /// </summary>
    internal static class ResidualInitCode
    {
        public static void Write(SourceWriter w, DeclarationSpec decl)
        {
            if (decl.Residual is not { Merge: "Add" } || decl.Branches != null || decl.Members.Count == 0) return;
            var last = decl.Members[decl.Members.Count - 1];
            if (last.Wiring != null) return;   // a tap or a named input: the branch's end is not the last member's own path
            string path = last.Under == null ? last.ModuleName : last.Under + "." + last.Name;
            w.Line("/// <summary>The residual branch's last member (state-dict path), zero-initialised by [WeightInit(ZeroInitResidual = true)].</summary>");
            // [Residual(IfShapesMatch = true)]: a block whose shapes differ has no skip, and zeroing its branch would cut the network.
            string value = decl.Residual.IfShapesMatch ? $"this.__skip ? {Literals.String(path)} : null" : Literals.String(path);
            w.Line($"protected override string? ResidualBranchEnd => {value};").Line();
        }
    }
}
