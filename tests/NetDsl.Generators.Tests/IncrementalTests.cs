extern alias generator;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using static generator::NetDsl.Generators.NetDslGenerator;

namespace NetDsl.Generators.Tests
{
    /// <summary>The pipeline caches: an unrelated edit re-runs nothing that matters.</summary>
    public class IncrementalTests
    {
        const string Model = @"using NetDsl;
namespace Demo;
[Block] public partial class B(int w) { [Conv(nameof(w), 3, Padding = 1)] Layer conv; }
[Network(Input = ""3x16x16"")] public partial class N { [Use(typeof(B), 8)] Layer body; [GlobalAvgPool, Flatten] Layer pool; [Linear(2)] Layer fc; }
";

        [Fact]
        public void An_unrelated_edit_leaves_every_step_cached()
        {
            var compilation = GeneratorHarness.Compilation(Model, "class Other { int x = 1; }");
            var driver = GeneratorHarness.Driver().RunGenerators(compilation);
            var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.ElementAt(1),
                CSharpSyntaxTree.ParseText("class Other { int x = 2; }", GeneratorHarness.ParseOptions, path: "File1.cs"));
            var run = driver.RunGenerators(edited).GetRunResult().Results.Single();
            foreach (var step in AllSteps)
                foreach (var output in run.TrackedSteps[step].SelectMany(s => s.Outputs))
                    Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {output.Reason}");
        }

        static readonly string[] AllSteps =
        {
            Steps.Networks, Steps.Blocks, Steps.AllBlocks, Steps.NetworkInputs, Steps.BlockInputs, Steps.CheckedNetworks, Steps.CheckedBlocks,
            Steps.NetworkSources, Steps.BlockSources,
        };

        const string WithMistake = @"using NetDsl;
namespace Demo;
[Network(Input = ""3x16x16"")] public partial class Good { [Conv(8, 3)] Layer conv; [GlobalAvgPool, Flatten] Layer pool; [Linear(2)] Layer fc; }
[Network(Input = ""3x16x16"")] public partial class Bad { [Conv(8, 3)] Layer conv; [Flatten] Layer flat; [Linear(2, In = 100)] Layer fc; }
";

        [Fact]
        public void Moving_code_re_reports_diagnostics_at_their_new_place_without_adding_the_sources_again()
        {
            var compilation = GeneratorHarness.Compilation(WithMistake);
            var driver = GeneratorHarness.Driver().RunGenerators(compilation);
            int before = driver.GetRunResult().Diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error).Location.GetLineSpan().StartLinePosition.Line;

            var moved = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(),
                CSharpSyntaxTree.ParseText("// moved\n// down\n" + WithMistake, GeneratorHarness.ParseOptions, path: "File0.cs"));
            var run = driver.RunGenerators(moved).GetRunResult();

            var error = run.Diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal(before + 2, error.Location.GetLineSpan().StartLinePosition.Line);
            var result = run.Results.Single();
            Assert.Contains(result.TrackedSteps[Steps.CheckedNetworks].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
            foreach (var output in result.TrackedSteps[Steps.NetworkSources].SelectMany(s => s.Outputs))
                Assert.Equal(IncrementalStepRunReason.Unchanged, output.Reason);
        }

        const string TwoModels = @"using NetDsl;
namespace Demo;
[Block] public partial class Wide(int w) { [Conv(nameof(w), 3, Padding = 1)] Layer conv; }
[Block] public partial class Deep { [Use(typeof(Wide), 4)] Layer inner; }
[Block] public partial class Thin(int w) { [Conv(nameof(w), 1)] Layer conv; }
[Network(Input = ""3x16x16"")] public partial class UsesWide { [Use(typeof(Deep))] Layer body; [GlobalAvgPool, Flatten] Layer pool; [Linear(2)] Layer fc; }
[Network(Input = ""3x16x16"")] public partial class UsesThin { [Use(typeof(Thin), 8)] Layer body; [GlobalAvgPool, Flatten] Layer pool; [Linear(2)] Layer fc; }
";

        [Fact]
        public void Editing_one_block_rechecks_and_regenerates_only_the_declarations_that_use_it()
        {
            var compilation = GeneratorHarness.Compilation(TwoModels);
            var driver = GeneratorHarness.Driver().RunGenerators(compilation);
            var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(),
                CSharpSyntaxTree.ParseText(TwoModels.Replace("Padding = 1", "Padding = 2"), GeneratorHarness.ParseOptions, path: "File0.cs"));
            var run = driver.RunGenerators(edited).GetRunResult().Results.Single();

            // Wide changed; Deep uses it, UsesWide uses Deep: those two are re-checked. Thin and UsesThin are not.
            string Reasons(string step) => string.Join(", ", run.TrackedSteps[step].SelectMany(s => s.Outputs)
                .Select(o => Name(o.Value) + "=" + (o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New ? "ran" : "cached")));
            Assert.Equal("UsesWide=ran, UsesThin=cached", Reasons(Steps.CheckedNetworks));
            Assert.Equal("Wide=ran, Deep=ran, Thin=cached", Reasons(Steps.CheckedBlocks));
        }

        static string Name(object value) => ((generator::NetDsl.Generators.Checking.CheckedDeclaration)value).Spec.Name;

        [Fact]
        public void Editing_a_block_rechecks_the_networks()
        {
            var compilation = GeneratorHarness.Compilation(Model);
            var driver = GeneratorHarness.Driver().RunGenerators(compilation);
            var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(),
                CSharpSyntaxTree.ParseText(Model.Replace("Padding = 1", "Padding = 2"), GeneratorHarness.ParseOptions, path: "File0.cs"));
            var run = driver.RunGenerators(edited).GetRunResult().Results.Single();
            Assert.Contains(run.TrackedSteps[Steps.CheckedNetworks].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        }

        [Fact]
        public void Editing_the_other_part_of_a_partial_network_updates_its_diagnostic()
        {
            // The parser reads the class's other parts for layer members (ND0014): an edit there alone must reach it.
            const string Main = "using NetDsl;\nnamespace Demo;\n[Network(Input = \"3x8x8\")] public partial class N { [Conv(8, 3)] Layer a; }";
            var compilation = GeneratorHarness.Compilation(Main, "using NetDsl;\nnamespace Demo;\npublic partial class N { [Conv(8, 3)] Layer b; }");
            var driver = GeneratorHarness.Driver().RunGenerators(compilation);
            Assert.Contains(driver.GetRunResult().Diagnostics, d => d.Id == "ND0014");
            var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.ElementAt(1),
                CSharpSyntaxTree.ParseText("using NetDsl;\nnamespace Demo;\npublic partial class N { void Helper() { } }", GeneratorHarness.ParseOptions, path: "File1.cs"));
            Assert.DoesNotContain(driver.RunGenerators(edited).GetRunResult().Diagnostics, d => d.Id.StartsWith("ND", System.StringComparison.Ordinal));
        }

        [Fact]
        public void The_pipeline_model_holds_no_symbols_or_syntax()
        {
            var run = GeneratorHarness.Driver().RunGenerators(GeneratorHarness.Compilation(Model)).GetRunResult().Results.Single();
            foreach (var name in AllSteps)
                foreach (var output in run.TrackedSteps[name].SelectMany(s => s.Outputs))
                    ModelWalker.AssertPlainData(output.Value);
        }
    }
}
