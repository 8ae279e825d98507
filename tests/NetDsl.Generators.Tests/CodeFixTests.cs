extern alias generator;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using NetDsl.CodeFixes;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// The IDE code fix, driven through Roslyn's workspace APIs as an editor does: the generator runs on the workspace's
    /// compilation, the provider registers the diagnostic's fix, and applying the code action gives the edited source,
    /// which is the mechanical edit of <see cref="FixHarness"/> and builds (in whichever file the fix lands).
    /// </summary>
    public class CodeFixTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        [Theory]
        [InlineData("Add CeilMode = true", @"
[Block, Branches(Merge.Concat)]
public partial class Down { [Conv(8, 3, Stride = 2, Padding = 1)] Layer conv; [MaxPool(2)] Layer pool; }
[Network(Input = ""8x15x15"")]
public partial class Net { [Use(typeof(Down))] Layer down; }", "[MaxPool(2, CeilMode = true)]")]
        [InlineData("Add [Concat(nameof(enc1))]", @"
[Network(Input = ""3x16x16"")]
public partial class Net
{
    [Conv(16, 3, Padding = 1)] Layer enc1; [MaxPool(2), Conv(32, 3, Padding = 1)] Layer enc2; [Upsample(2)] Layer up;
    [Conv(16, 3, Padding = 1, In = 48)] Layer dec1;
}", "[Concat(nameof(enc1)), Conv(16, 3, Padding = 1, In = 48)]")]
        [InlineData("Declare it Layer", @"
#pragma warning disable ND0104
[Network(Input = ""3x8x8"")]
public partial class Net { [Conv(8, 3), BatchNorm] TorchSharp.Modules.Conv2d s; }", "[Conv(8, 3), BatchNorm] Layer s;")]
        [InlineData("Set In = 6", @"
[Network(Input = ""3x8x8"")]
public partial class Net { [Conv(6, 3)] Layer conv; [BatchNorm(In = 12)] Layer bn; }", "[BatchNorm(In = 6)]")]
        [InlineData("Add OutputPadding = 1", @"
[Network(Input = ""3xHxW"", Default = ""3x15x15"")]
public partial class Net
{
    [Conv(8, 3, Padding = 1)] Layer enc; [MaxPool(2), Conv(16, 3, Padding = 1)] Layer down; [ConvTranspose(8, 2, Stride = 2)] Layer up;
    [Add(nameof(enc)), Conv(2, 1)] Layer head;
}", "OutputPadding = 1)]")]
        [InlineData("Set Input = \"4x14x14\"", @"
[Network(Input = ""4x15x15"", Task = ModelTask.Segmentation)]
public partial class Net
{
    [Conv(8, 3, Padding = 1)] Layer enc; [MaxPool(2), Conv(16, 3, Padding = 1)] Layer down; [Upsample(Height = ""InH"", Width = ""InW"")] Layer up;
    [Concat(nameof(enc)), Conv(2, 1)] Layer head;
}", "Input = \"4x14x14\"")]
        // Every diagnostic that carries an edit gets its light bulb: the enum written as a string (ND0002) and the HxWxC input
        // (ND0105) carried one the provider did not register for.
        [InlineData("Set Mode = Interpolation.Bilinear", @"
[Network(Input = ""3x8x8"")]
public partial class Net { [Conv(4, 3, Padding = 1), Upsample(2, Mode = ""bilinear"")] Layer up; }", "Mode = Interpolation.Bilinear")]
        [InlineData("Set Input = \"3x32x32\"", @"
[Network(Input = ""32x32x3"")]
public partial class Net { [Conv(8, 3, Padding = 1)] Layer conv; }", "Input = \"3x32x32\"")]
        // A value given through a block parameter is set where the use passes it.
        [InlineData("Set k = 8", @"
[Block] public partial class B(int k) { [Conv(4, nameof(k))] Layer conv; }
[Network(Input = ""1x8x8"")]
public partial class Net { [Use(typeof(B), 11)] Layer b; }", "[Use(typeof(B), 8)]")]
        [InlineData("Link to nameof(enc2)", @"
[Network(Input = ""3x32x32"", Task = ModelTask.Segmentation)]
public partial class Net
{
    [Conv(8, 3, Padding = 1)] Layer enc1; [MaxPool(2), Conv(16, 3, Padding = 1)] Layer enc2; [MaxPool(2), Conv(32, 3, Padding = 1)] Layer bottom;
    [ConvTranspose(16, 2, Stride = 2)] Layer up2; [Concat(nameof(enc1)), Conv(16, 3, Padding = 1)] Layer dec2;
    [ConvTranspose(8, 2, Stride = 2)] Layer up1; [Concat(nameof(enc1)), Conv(8, 3, Padding = 1)] Layer dec1; [Conv(3, 1)] Layer head;
}", "[Concat(nameof(enc2)), Conv(16, 3, Padding = 1)]")]
        // A squeeze-excite reduction larger than the channels (ND0018).
        [InlineData("Set reduction = 16", @"
[Block, SqueezeExcite(32)] public partial class SE { [Conv(16, 3, Padding = 1)] Layer conv; }
[Network(Input = ""3x8x8"")]
public partial class Net { [Use(typeof(SE))] Layer block; }", "[Block, SqueezeExcite(16)]")]
        // A transposed convolution whose kernel is no multiple of its stride (the lint ND0101): rewritten whole, output size kept.
        [InlineData("Replace with [ConvTranspose(8, 4, Stride = 2, Padding = 1, OutputPadding = 0)]", @"
[Network(Input = ""3x16x16"")]
public partial class Net
{
    [Conv(8, 3, Padding = 1)] Layer enc; [MaxPool(2), Conv(8, 3, Padding = 1)] Layer down;
    [ConvTranspose(8, 3, Stride = 2, Padding = 1, OutputPadding = 1)] Layer up; [Add(nameof(enc)), Conv(2, 1)] Layer head;
}", "[ConvTranspose(8, 4, Stride = 2, Padding = 1, OutputPadding = 0)] Layer up;")]
        // A convolution right after its member's [Flatten] (ND0011): the two swapped.
        [InlineData("Replace with [Conv(16, 3), Flatten]", @"
[Network(Input = ""1x12x12"")]
public partial class Net { [Conv(8, 3), Flatten, Conv(16, 3)] Layer body; [Linear(10)] Layer fc; }", "[Conv(8, 3), Conv(16, 3), Flatten] Layer body;")]
        // A convolution after a [Flatten] in an earlier member (ND0011): the [Flatten] moved before the classifier, two edits in one fix.
        [InlineData("Move [Flatten] before [Linear(10)]", @"
[Network(Input = ""1x12x12"")]
public partial class Net { [Conv(8, 3), Flatten] Layer body; [Conv(16, 3)] Layer late; [Linear(10)] Layer fc; }",
            "[Conv(8, 3)] Layer body; [Conv(16, 3)] Layer late; [Flatten, Linear(10)] Layer fc;")]
        // A symbolic form that admits sizes the layers reject (ND0022): narrowed.
        [InlineData("Set Input = \"1x(4k+12)x(4k+12)\"", @"
[Network(Input = ""1x(4k)x(4k)"", Default = ""1x32x32"")]
public partial class Net { [Conv(4, 9)] Layer a; [MaxPool(4)] Layer p; }", "Input = \"1x(4k+12)x(4k+12)\"")]
        public async Task The_provider_applies_the_checked_fix_in_the_editor(string title, string source, string expected)
        {
            var (text, _) = await Fix(new[] { Head + source }, title);
            Assert.Contains(expected, text[0]);
            Assert.Empty(GeneratorHarness.Run(text).NetDsl);
        }

        [Fact]
        public async Task A_fix_inside_a_block_in_another_file_edits_that_file()
        {
            var files = new[]
            {
                Head + @"[Network(Input = ""16x32x32"")]
public partial class Net { [Use(typeof(Atrous), 32)] Layer block; }",
                Head + @"[Block, Residual(Projection = ""downsample"")]
public partial class Atrous(int width) { [Conv(nameof(width), 3, Padding = 1, Dilation = 2)] Layer conv; }",
            };
            var (text, diagnostic) = await Fix(files, "Set Padding = 2");
            Assert.Equal("File0.cs", diagnostic.Location.GetLineSpan().Path);   // reported at the [Use] …
            Assert.Equal(files[0], text[0]);                                      // … fixed in the block's file
            Assert.Contains("[Conv(nameof(width), 3, Padding = 2, Dilation = 2)]", text[1]);
            Assert.Empty(GeneratorHarness.Run(text).NetDsl);
        }

        [Fact]
        public async Task A_checkerboard_kernel_given_at_the_use_is_set_there_with_the_paddings_in_the_blocks_file()
        {
            // ND0101 with the kernel a block parameter: the use's argument (this file) and the block's attribute (the other file), one fix.
            var files = new[]
            {
                Head + @"[Network(Input = ""8x8x8"")]
public partial class Net { [Use(typeof(Up), 3)] Layer up; [Conv(2, 1)] Layer head; }",
                Head + @"[Block]
public partial class Up(int k) { [ConvTranspose(8, nameof(k), Stride = 2, Padding = 1, OutputPadding = 1)] Layer up; }",
            };
            var (text, diagnostic) = await Fix(files, "Set k = 4 and replace with [ConvTranspose(8, nameof(k), Stride = 2, Padding = 1, OutputPadding = 0)]");
            Assert.Equal("ND0101", diagnostic.Id);
            Assert.Contains("[Use(typeof(Up), 4)] Layer up;", text[0]);
            Assert.Contains("[ConvTranspose(8, nameof(k), Stride = 2, Padding = 1, OutputPadding = 0)] Layer up;", text[1]);
            Assert.Empty(GeneratorHarness.Run(text).NetDsl);
        }

        [Fact]
        public async Task Fix_all_applies_every_fix_of_the_same_title_in_the_document_and_leaves_the_others()
        {
            string source = Head + @"
[Network(Input = ""8x4x4"")]
public partial class A { [Linear(10)] Layer fc; }
[Network(Input = ""8x2x2"")]
public partial class B { [Conv(8, 1)] Layer conv; [Linear(5)] Layer fc; }
[Network(Input = ""3x8x8"")]
public partial class C { [Conv(6, 3)] Layer conv; [BatchNorm(In = 12)] Layer bn; }";
            var (workspace, ids) = Workspace(new[] { source });
            using (workspace)
            {
                var solution = workspace.CurrentSolution;
                var document = solution.GetDocument(ids[0])!;
                var diagnostics = await Diagnostics(solution, ids[0]);
                Assert.Equal(new[] { "ND0009", "ND0009", "ND0008" }, diagnostics.Select(d => d.Id));
                var provider = new NetDslCodeFixProvider();
                var fixAll = provider.GetFixAllProvider()!;
                Assert.Contains(FixAllScope.Document, fixAll.GetSupportedFixAllScopes());
                // What the editor does: the action offered on the first diagnostic, then "Fix all occurrences in document".
                var actions = new List<CodeAction>();
                await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostics[0], (a, _) => actions.Add(a), CancellationToken.None));
                var first = Assert.Single(actions);
                Assert.Equal("Add [Flatten]", first.Title);
                var context = new FixAllContext(document, provider, FixAllScope.Document, first.EquivalenceKey, provider.FixableDiagnosticIds,
                    new Provider(diagnostics), CancellationToken.None);
                var action = (await fixAll.GetFixAsync(context))!;
                var operations = await action.GetOperationsAsync(CancellationToken.None);
                var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
                string text = (await changed.GetDocument(ids[0])!.GetTextAsync()).ToString();
                Assert.Contains("public partial class A { [Flatten, Linear(10)] Layer fc; }", text);
                Assert.Contains("[Conv(8, 1)] Layer conv; [Flatten, Linear(5)] Layer fc; }", text);
                Assert.Contains("[BatchNorm(In = 12)]", text);   // another title: not part of this fix-all
                var after = GeneratorHarness.Run(text).NetDsl.ToList();
                Assert.Equal(new[] { "ND0008" }, after.Select(d => d.Id));
            }
        }

        /// <summary>The diagnostics a fix-all sees: the generator's, for the one document.</summary>
        sealed class Provider(IReadOnlyList<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
        {
            public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
                Task.FromResult<IEnumerable<Diagnostic>>(diagnostics.Where(d => d.Location.GetLineSpan().Path == document.FilePath).ToList());
            public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                Task.FromResult<IEnumerable<Diagnostic>>(new Diagnostic[0]);
            public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
        }

        /// <summary>An editor's workspace holding <paramref name="sources"/> (File0.cs, …) with the harness's references; the ids of those files.</summary>
        static (AdhocWorkspace Workspace, List<DocumentId> Ids) Workspace(string[] sources)
        {
            var workspace = new AdhocWorkspace();
            var template = GeneratorHarness.Compilation(sources);
            var project = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Default, "UserProject", "UserProject", LanguageNames.CSharp,
                compilationOptions: template.Options, parseOptions: GeneratorHarness.ParseOptions, metadataReferences: template.References));
            var ids = new List<DocumentId>();
            foreach (var tree in template.SyntaxTrees)
            {
                var info = DocumentInfo.Create(DocumentId.CreateNewId(project.Id), tree.FilePath,
                    loader: TextLoader.From(TextAndVersion.Create(SourceText.From(tree.GetText().ToString()), VersionStamp.Default)), filePath: tree.FilePath);
                workspace.AddDocument(info);
                if (tree.FilePath != "Usings.cs") ids.Add(info.Id);
            }
            return (workspace, ids);
        }

        /// <summary>The generator's NetDsl diagnostics on the workspace's compilation, as the editor gets them.</summary>
        static async Task<List<Diagnostic>> Diagnostics(Solution solution, DocumentId id)
        {
            var compilation = (await solution.GetProject(id.ProjectId)!.GetCompilationAsync())!;
            GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);
            return diagnostics.Where(d => d.Id.StartsWith("ND", System.StringComparison.Ordinal)).ToList();
        }

        /// <summary>Runs the generator on a workspace holding <paramref name="sources"/> (File0.cs, File1.cs, …), applies the first diagnostic's code action titled <paramref name="title"/>.</summary>
        static async Task<(string[] Texts, Diagnostic Diagnostic)> Fix(string[] sources, string title)
        {
            var (workspace, ids) = Workspace(sources);
            using var _ = workspace;
            var solution = workspace.CurrentSolution;
            var diagnostic = (await Diagnostics(solution, ids[0])).First();
            // The editor asks the provider only for the IDs it lists.
            Assert.Contains(diagnostic.Id, new NetDslCodeFixProvider().FixableDiagnosticIds);
            // The generator reports file locations: the editor finds the document by its path.
            var document = solution.GetDocument(solution.GetDocumentIdsWithFilePath(diagnostic.Location.GetLineSpan().Path).Single())!;
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None);
            await new NetDslCodeFixProvider().RegisterCodeFixesAsync(context);
            var action = Assert.Single(actions);
            Assert.Equal(title, action.Title);
            var operations = await action.GetOperationsAsync(CancellationToken.None);
            var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            var texts = new string[ids.Count];
            for (int i = 0; i < ids.Count; i++) texts[i] = (await changed.GetDocument(ids[i])!.GetTextAsync()).ToString();
            // The editor's result is exactly the mechanical edit the diagnostic describes.
            if (sources.Length == 1) Assert.Equal(FixHarness.Apply(sources[0], diagnostic), texts[0]);
            return (texts, diagnostic);
        }
    }
}
