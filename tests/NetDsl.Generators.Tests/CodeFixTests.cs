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

        /// <summary>Runs the generator on a workspace holding <paramref name="sources"/> (File0.cs, File1.cs, …), applies the first diagnostic's code action titled <paramref name="title"/>.</summary>
        static async Task<(string[] Texts, Diagnostic Diagnostic)> Fix(string[] sources, string title)
        {
            using var workspace = new AdhocWorkspace();
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
            var solution = workspace.CurrentSolution;
            var compilation = (await solution.GetProject(project.Id)!.GetCompilationAsync())!;
            GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);
            var diagnostic = diagnostics.First(d => d.Id.StartsWith("ND", System.StringComparison.Ordinal));
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
