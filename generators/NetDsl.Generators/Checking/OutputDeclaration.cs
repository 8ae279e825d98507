using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>
    /// The output a network declares (<see cref="OutputRule"/>, the rule the generated constructor runs too): <c>Output = "3x64x64"</c>, else what its task implies (Reconstruction: the input's
    /// shape; Segmentation: the input's HxW). Checked on every instance after its layers, so a decoder a pixel short is a
    /// build error (ND0024) instead of a failure in <c>train</c>.
    /// </summary>
    internal static class OutputDeclaration
    {
        /// <summary>False (after reporting ND0024) when <paramref name="output"/> is not what <paramref name="decl"/> declares for <paramref name="input"/>.</summary>
        public static bool Check(Instantiator run, DeclarationSpec decl, TensorShape input, TensorShape output)
        {
            if (decl.Kind != DeclarationKind.Network) return true;
            var at = decl.Output?.Location ?? decl.Location;
            string? written = decl.Output != null && decl.Output.Kind != ValueKind.Missing ? decl.Output.Text : null;
            var issue = OutputRule.Check(decl.Name, written, decl.Task, input, output, out var expected);
            if (issue == null) return true;
            if (issue.Cause == null) return run.Fail(issue.Id, issue.Message, at);
            run.AtOutput(output, expected);
            return run.Fail(new DiagnosticInfo(issue.Id, issue.Message, at, Cause: issue.Cause));
        }
    }
}
