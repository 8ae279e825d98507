using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// A [Block] from a referenced assembly is ND0003 saying so (the generator reads this compilation's source only), where it was
    /// told to "mark it [Block] and partial", which it already is.
    /// </summary>
    public class ReferencedBlockTests
    {
        [Fact]
        public void A_block_declared_in_a_referenced_assembly_is_named_as_such()
        {
            var (lib, _, _) = GeneratorHarness.Generate("using NetDsl;\nnamespace Lib;\n[Block] public partial class NB(int width) { [Conv(nameof(width), 3, Padding = 1)] Layer c; }");
            using var stream = new System.IO.MemoryStream();
            Assert.True(lib.WithAssemblyName("Lib").Emit(stream).Success);
            const string source = GeneratorHarness.Tiny + "using NetDsl;\nnamespace App;\n[Network(Input = \"3x8x8\")] public partial class Net { [Use(typeof(Lib.NB), 8)] Layer b; }";
            var app = GeneratorHarness.Compilation(source).AddReferences(MetadataReference.CreateFromImage(stream.ToArray()));
            GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(app, out _, out var diagnostics);
            var d = Assert.Single(diagnostics.Where(x => x.Id.StartsWith("ND", System.StringComparison.Ordinal)));
            Assert.Equal("ND0003", d.Id);
            Assert.Equal("b: Lib.NB is a [Block] declared in the referenced assembly Lib, but NetDsl checks and builds a block from its source, which only the project that declares it has; declare the block in this project (copy or link its file), or name a block type declared here.",
                d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("typeof(Lib.NB)", source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        }
    }
}
