using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace NetDsl.CodeFixes
{
    /// <summary>
    /// Offers the fix a NetDsl diagnostic carries (checked by the generator before it is offered) as an IDE code fix: set
    /// <c>In</c>, add <c>Projection</c>, <c>OutputPadding</c>, <c>CeilMode</c>, <c>Crop</c>, set <c>Padding</c>, add the
    /// forgotten <c>[Concat]</c>, … The edit is data (see the generator's FixEdit): the diagnostic's properties say what to
    /// write and its first additional location says where, so this provider applies it without re-deriving anything.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NetDslCodeFixProvider)), Shared]
    public sealed class NetDslCodeFixProvider : CodeFixProvider
    {
        // Property names written by the generator (NetDsl.Generators.Model.FixEdit.Keys).
        const string ActionKey = "NetDsl.FixAction";
        const string ArgumentKey = "NetDsl.FixArgument";
        const string ValueKey = "NetDsl.FixValue";
        const string AloneKey = "NetDsl.FixAlone";

        /// <summary>The shape errors that can carry an edit, and the lints whose fix is an even transposed kernel (ND0101), an input size (ND0103) or the CxHxW input (ND0105).</summary>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
            "ND0002", "ND0005", "ND0006", "ND0007", "ND0008", "ND0009", "ND0010", "ND0011", "ND0017", "ND0018", "ND0022", "ND0024", "ND0101", "ND0103", "ND0105");

        /// <summary>
        /// Fix all applies every fix with the same title at once (Roslyn's batch fixer groups code actions by equivalence key, here
        /// the title). The generator applies each such group of an instance together and checks it like one fix; a group that does
        /// not build together is marked (<c>NetDsl.FixAlone</c>) and its fixes get keys of their own, so they are applied one by one.
        /// </summary>
        public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(ActionKey, out var action) || action == null || diagnostic.AdditionalLocations.Count == 0) continue;
                var target = diagnostic.AdditionalLocations[0];
                string argument = diagnostic.Properties.TryGetValue(ArgumentKey, out var a) ? a ?? "" : "";
                string value = diagnostic.Properties.TryGetValue(ValueKey, out var v) ? v ?? "" : "";
                string title = Title(action, argument, value);
                bool alone = diagnostic.Properties.TryGetValue(AloneKey, out var flag) && flag == "true";
                string key = alone ? $"{title} ({target.GetLineSpan().Path}:{target.SourceSpan.Start})" : title;
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => Apply(context.Document.Project.Solution, target, action, argument, value, ct), equivalenceKey: key),
                    diagnostic);
            }
            return Task.CompletedTask;
        }

        /// <summary>
        /// The document the target is in: by its tree, or (the generator reports file locations, as its pipeline keeps no
        /// syntax trees) by its file path.
        /// </summary>
        static Document? Holder(Solution solution, Location target)
        {
            if (target.SourceTree != null && solution.GetDocument(target.SourceTree) is { } byTree) return byTree;
            string path = target.GetLineSpan().Path;
            foreach (var id in solution.GetDocumentIdsWithFilePath(path))
                if (solution.GetDocument(id) is { } byPath) return byPath;
            return null;
        }

        static string Title(string action, string argument, string value) => action switch
        {
            "AddArgument" => $"Add {argument} = {value}",
            "InsertBefore" or "InsertAfter" => $"Add [{value}]",
            "Replace" when argument == "tap" => $"Link to {value}",   // a [Concat]/[Add] naming a member of another scale
            _ => argument.Length > 0 ? $"Set {argument} = {value}" : $"Replace with [{value}]",
        };

        /// <summary>The solution with the edit applied in the document that holds the target (a block may sit in another file).</summary>
        static async Task<Solution> Apply(Solution solution, Location target, string action, string argument, string value, CancellationToken ct)
        {
            var document = Holder(solution, target);
            if (document == null) return solution;
            var text = await document.GetTextAsync(ct).ConfigureAwait(false);
            var span = target.SourceSpan;
            string current = text.ToString(span);
            string replacement = action switch
            {
                "AddArgument" => current.EndsWith(")") ? current.Substring(0, current.Length - 1) + $", {argument} = {value})" : current + $"({argument} = {value})",
                "InsertBefore" => value + ", " + current,
                "InsertAfter" => current + ", " + value,
                _ => value,
            };
            return solution.WithDocumentText(document.Id, text.WithChanges(new TextChange(span, replacement)));
        }
    }
}
