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
            if (issue == null) return AuxHeads(run, decl, input, output);
            if (issue.Cause == null) return run.Fail(issue.Id, issue.Message, at);
            run.AtOutput(output, expected);
            return run.Fail(new DiagnosticInfo(issue.Id, issue.Message, at, Cause: issue.Cause));
        }

        /// <summary>
        /// False (after reporting ND0024 at each head's [Aux]) when an [Aux] head's output is not what the trainer scores
        /// against the main output's targets (<see cref="OutputRule.AuxHead"/>): a head of 5 classes beside 10, or a 4x1x1 map.
        /// </summary>
        static bool AuxHeads(Instantiator run, DeclarationSpec decl, TensorShape input, TensorShape output)
        {
            bool ok = true;
            foreach (var (member, path, aux, _) in run.AuxOutputs)
            {
                var issue = OutputRule.AuxHead(decl.Name, path, decl.Task, input, output, aux);
                if (issue == null) continue;
                run.AtAux(member, path, aux, output);
                ok = run.Fail(new DiagnosticInfo(issue.Id, issue.Message, member.Wiring?.AuxOf?.Location ?? member.Location ?? decl.Location, Cause: issue.Cause));
            }
            return ok;
        }
    }
}
