using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
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
    /// write and its first additional location says where, so this provider applies it without re-deriving anything. A fix of
    /// several edits (<c>NetDsl.FixMore</c> = n) has edit i's action, argument and value under the same keys with ".i" appended,
    /// its target at additional location i, and its title in <c>NetDsl.FixTitle</c>; they are applied as one change.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NetDslCodeFixProvider)), Shared]
    public sealed class NetDslCodeFixProvider : CodeFixProvider
    {
        // Property names written by the generator (NetDsl.Generators.Model.FixEdit.Keys).
        const string ActionKey = "NetDsl.FixAction";
        const string ArgumentKey = "NetDsl.FixArgument";
        const string ValueKey = "NetDsl.FixValue";
        const string AloneKey = "NetDsl.FixAlone";
        const string MoreKey = "NetDsl.FixMore";
        const string TitleKey = "NetDsl.FixTitle";

        /// <summary>The shape errors that can carry an edit (ND0013: a layer member's type, replaced by Layer), and the lints whose fix is an even transposed kernel (ND0101), an input size (ND0103) or the CxHxW input (ND0105).</summary>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
            "ND0002", "ND0005", "ND0006", "ND0007", "ND0008", "ND0009", "ND0010", "ND0011", "ND0013", "ND0017", "ND0018", "ND0022", "ND0024", "ND0101", "ND0103", "ND0105");

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
                if (Edits(diagnostic) is not { } edits) continue;
                var (target, action, argument, value) = edits[0];
                string title = diagnostic.Properties.TryGetValue(TitleKey, out var t) && !string.IsNullOrEmpty(t) ? t! : Title(action, argument, value);
                bool alone = diagnostic.Properties.TryGetValue(AloneKey, out var flag) && flag == "true";
                string key = alone ? $"{title} ({target.GetLineSpan().Path}:{target.SourceSpan.Start})" : title;
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => Apply(context.Document.Project.Solution, edits, ct), equivalenceKey: key),
                    diagnostic);
            }
            return Task.CompletedTask;
        }

        /// <summary>The diagnostic's edits (its first, then each further one), or null where it carries none or they are incomplete.</summary>
        static List<(Location Target, string Action, string Argument, string Value)>? Edits(Diagnostic diagnostic)
        {
            var properties = diagnostic.Properties;
            if (!properties.TryGetValue(ActionKey, out var action) || action == null || diagnostic.AdditionalLocations.Count == 0) return null;
            string Get(string key) => properties.TryGetValue(key, out var v) ? v ?? "" : "";
            var edits = new List<(Location, string, string, string)> { (diagnostic.AdditionalLocations[0], action, Get(ArgumentKey), Get(ValueKey)) };
            int more = properties.TryGetValue(MoreKey, out var m) && int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
            if (more > diagnostic.AdditionalLocations.Count - 1) return null;
            for (int i = 1; i <= more; i++)
            {
                string suffix = "." + i.ToString(CultureInfo.InvariantCulture);
                if (!properties.TryGetValue(ActionKey + suffix, out var next) || next == null) return null;
                edits.Add((diagnostic.AdditionalLocations[i], next, Get(ArgumentKey + suffix), Get(ValueKey + suffix)));
            }
            return edits;
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

        /// <summary>
        /// The solution with the edits applied in the documents that hold their targets (a block may sit in another file); a fix
        /// whose edits overlap, or whose target is in no document, changes nothing.
        /// </summary>
        static async Task<Solution> Apply(Solution solution, List<(Location Target, string Action, string Argument, string Value)> edits, CancellationToken ct)
        {
            var changes = new Dictionary<DocumentId, List<TextChange>>();
            var texts = new Dictionary<DocumentId, SourceText>();
            foreach (var (target, action, argument, value) in edits)
            {
                var document = Holder(solution, target);
                if (document == null) return solution;
                if (!texts.TryGetValue(document.Id, out var text))
                {
                    texts[document.Id] = text = await document.GetTextAsync(ct).ConfigureAwait(false);
                    changes[document.Id] = new List<TextChange>();
                }
                var span = target.SourceSpan;
                if (span.End > text.Length) return solution;
                string current = text.ToString(span);
                string replacement = action switch
                {
                    "AddArgument" => current.EndsWith(")") ? current.Substring(0, current.Length - 1) + $", {argument} = {value})" : current + $"({argument} = {value})",
                    "InsertBefore" => value + ", " + current,
                    "InsertAfter" => current + ", " + value,
                    _ => value,
                };
                changes[document.Id].Add(new TextChange(span, replacement));
            }
            foreach (var pair in changes)
            {
                var list = pair.Value;
                list.Sort((x, y) => x.Span.Start.CompareTo(y.Span.Start));
                for (int i = 1; i < list.Count; i++) if (list[i].Span.Start < list[i - 1].Span.End) return solution;
                solution = solution.WithDocumentText(pair.Key, texts[pair.Key].WithChanges(list));
            }
            return solution;
        }
    }
}
