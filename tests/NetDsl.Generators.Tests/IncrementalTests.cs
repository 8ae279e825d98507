extern alias generator;
using System.Collections.Generic;
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
            var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);
            var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.ElementAt(1),
                CSharpSyntaxTree.ParseText("class Other { int x = 2; }", GeneratorHarness.ParseOptions, path: "File1.cs"));
            var run = driver.RunGenerators(edited).GetRunResult().Results.Single();
            foreach (var step in AllSteps)
            {
                Assert.True(run.TrackedSteps.ContainsKey(step), $"no tracked step {step}");
                foreach (var output in run.TrackedSteps[step].SelectMany(s => s.Outputs))
                    Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {output.Reason}");
            }
            // No file is added again: every source output of a generated file is cached.
            var files = FileOutputs(run).ToList();
            Assert.Equal(3, files.Count);   // the catalogue, N, B
            Assert.All(files, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }

        static readonly string[] AllSteps =
        {
            Steps.Networks, Steps.Blocks, Steps.AllBlocks, Steps.NetworkInputs, Steps.BlockInputs, Steps.CheckedNetworks, Steps.CheckedBlocks,
            Steps.NetworkSources, Steps.BlockSources, Steps.Catalog, Steps.HintNames, Steps.NetworkFiles, Steps.BlockFiles, Steps.Findings,
        };

        /// <summary>The source outputs that add a generated file (one per file: the catalogue, each network, each block), with why each ran or not.</summary>
        static IEnumerable<(string Input, IncrementalStepRunReason Reason)> FileOutputs(GeneratorRunResult run) =>
            run.TrackedOutputSteps.SelectMany(o => o.Value)
                .Where(s => s.Inputs.Length == 1 && s.Inputs[0].Source.Name is Steps.Catalog or Steps.NetworkFiles or Steps.BlockFiles)
                .SelectMany(s => s.Outputs.Select(o => (s.Inputs[0].Source.Name!, o.Reason)));

        /// <summary>Which files an edit added again: for each source output of a declaration's file, its name and whether it ran.</summary>
        static string Added(GeneratorRunResult run, string step) => string.Join(", ", run.TrackedOutputSteps.SelectMany(o => o.Value)
            .Where(s => s.Inputs.Length == 1 && s.Inputs[0].Source.Name == step)
            .Select(s => FileName(s.Inputs[0].Source.Outputs[s.Inputs[0].OutputIndex].Value) + "="
                + (s.Outputs.Single().Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged ? "cached" : "added"))
            .OrderBy(x => x, System.StringComparer.Ordinal));

        static string FileName(object value) => ((generator::NetDsl.Generators.Model.GeneratedSource)value).HintName;

        const string NetworkA = @"using NetDsl;
namespace Demo;
[Network(Input = ""3x16x16"")] public partial class A { [Conv(8, 3, Padding = 1)] Layer conv; [GlobalAvgPool, Flatten] Layer pool; [Linear(2)] Layer fc; }
";
        const string NetworkB = @"using NetDsl;
namespace Demo;
[Network(Input = ""3x16x16"")] public partial class B { [Conv(8, 3, Padding = 1)] Layer conv; [GlobalAvgPool, Flatten] Layer pool; [Linear(2)] Layer fc; }
";

        [Fact]
        public void Editing_one_network_regenerates_that_network_alone()
        {
            var compilation = GeneratorHarness.Compilation(GeneratorHarness.Tiny + NetworkA, GeneratorHarness.Tiny + NetworkB);
            var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);
            string before = driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == "Demo.B.g.cs").SourceText.ToString();
            var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(),
                CSharpSyntaxTree.ParseText(GeneratorHarness.Tiny + NetworkA.Replace("Conv(8", "Conv(16"), GeneratorHarness.ParseOptions, path: "File0.cs"));
            driver = driver.RunGenerators(edited);
            var run = driver.GetRunResult().Results.Single();

            Assert.Null(run.Exception);
            Assert.Equal("A=ran, B=cached", Reasons(run, Steps.CheckedNetworks));
            Assert.Equal("A=ran, B=cached", Reasons(run, Steps.NetworkSources));
            Assert.Equal("A=ran, B=cached", Reasons(run, Steps.NetworkFiles));
            Assert.Equal("Demo.A.g.cs=added, Demo.B.g.cs=cached", Added(run, Steps.NetworkFiles));
            // The hint names are assigned from the names alone: A's new code leaves the assignment as it was.
            Assert.All(run.TrackedSteps[Steps.HintNames].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
            // The new code is A's; B's file is the one of the first run.
            Assert.Contains("16", run.GeneratedSources.Single(s => s.HintName == "Demo.A.g.cs").SourceText.ToString());
            Assert.Equal(before, run.GeneratedSources.Single(s => s.HintName == "Demo.B.g.cs").SourceText.ToString());
        }

        [Fact]
        public void Adding_an_unrelated_file_leaves_every_step_cached()
        {
            var compilation = GeneratorHarness.Compilation(GeneratorHarness.Tiny + NetworkA, GeneratorHarness.Tiny + NetworkB);
            var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);
            var added = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Demo; class Helper { int Twice(int x) => 2 * x; }", GeneratorHarness.ParseOptions, path: "Helper.cs"));
            var run = driver.RunGenerators(added).GetRunResult().Results.Single();
            foreach (var step in AllSteps.Where(run.TrackedSteps.ContainsKey))   // no blocks here: no block steps ran
                foreach (var output in run.TrackedSteps[step].SelectMany(s => s.Outputs))
                    Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {output.Reason}");
            Assert.Equal("Demo.A.g.cs=cached, Demo.B.g.cs=cached", Added(run, Steps.NetworkFiles));
            Assert.Equal(3, run.GeneratedSources.Length);
        }

        [Fact]
        public void Adding_a_network_adds_its_file_and_leaves_the_others()
        {
            var compilation = GeneratorHarness.Compilation(GeneratorHarness.Tiny + NetworkA);
            var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);
            var added = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(GeneratorHarness.Tiny + NetworkB, GeneratorHarness.ParseOptions, path: "File9.cs"));
            var run = driver.RunGenerators(added).GetRunResult().Results.Single();
            Assert.Equal("Demo.A.g.cs=cached, Demo.B.g.cs=added", Added(run, Steps.NetworkFiles));
            Assert.Equal(new[] { "Demo.A.g.cs", "Demo.B.g.cs", "NetDsl.ModelCatalog.g.cs" }, run.GeneratedSources.Select(s => s.HintName).OrderBy(h => h, System.StringComparer.Ordinal));
        }

        [Fact]
        public void The_models_are_equal_across_runs_and_reparsed_sources()
        {
            // Two drivers over the same compilation: every tracked step yields equal values (with equal hash codes), in the same order.
            var compilation = GeneratorHarness.Compilation(TwoModels, WithMistake.Replace("namespace Demo;", "namespace Other;"));
            var first = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation).GetRunResult().Results.Single();
            var second = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation).GetRunResult().Results.Single();
            foreach (var step in AllSteps)
            {
                var a = first.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
                var b = second.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
                Assert.NotEmpty(a);
                Assert.Equal(a.Count, b.Count);
                for (int i = 0; i < a.Count; i++)
                {
                    Assert.NotSame(a[i], b[i]);
                    Assert.True(Equals(a[i], b[i]), $"{step}[{i}]: two runs over one compilation give unequal values ({a[i]?.GetType().Name})");
                    Assert.Equal(a[i]?.GetHashCode(), b[i]?.GetHashCode());
                }
            }

            // Every tree parsed again from the same text (new syntax, new symbols): the parse runs again and its models compare equal.
            var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);
            var reparsed = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(compilation.SyntaxTrees.Select(t =>
                CSharpSyntaxTree.ParseText(t.GetText().ToString(), GeneratorHarness.ParseOptions, path: t.FilePath)));
            var run = driver.RunGenerators(reparsed).GetRunResult().Results.Single();
            Assert.Contains(run.TrackedSteps[Steps.Networks].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Unchanged);
            foreach (var step in AllSteps)
                foreach (var output in run.TrackedSteps[step].SelectMany(s => s.Outputs))
                    Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {output.Reason}");
            Assert.All(FileOutputs(run), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }

        static string Reasons(GeneratorRunResult run, string step) => string.Join(", ", run.TrackedSteps[step].SelectMany(s => s.Outputs)
            .Select(o => DeclarationName(o.Value) + "=" + (o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New ? "ran" : "cached"))
            .OrderBy(x => x, System.StringComparer.Ordinal));

        static string DeclarationName(object value) => value switch
        {
            generator::NetDsl.Generators.Checking.CheckedDeclaration c => c.Spec.Name,
            generator::NetDsl.Generators.Model.GeneratedSource g => g.HintName.Replace("Demo.", "").Replace(".g.cs", ""),
            _ => value.GetType().Name,
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
            var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);
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
            var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);
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
            var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);
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
            var driver = GeneratorHarness.Driver(trackSteps: true).RunGenerators(compilation);
            Assert.Contains(driver.GetRunResult().Diagnostics, d => d.Id == "ND0014");
            var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.ElementAt(1),
                CSharpSyntaxTree.ParseText("using NetDsl;\nnamespace Demo;\npublic partial class N { void Helper() { } }", GeneratorHarness.ParseOptions, path: "File1.cs"));
            Assert.DoesNotContain(driver.RunGenerators(edited).GetRunResult().Diagnostics, d => d.Id.StartsWith("ND", System.StringComparison.Ordinal));
        }

        [Fact]
        public void The_pipeline_model_holds_no_symbols_or_syntax()
        {
            var run = GeneratorHarness.Driver(trackSteps: true).RunGenerators(GeneratorHarness.Compilation(Model)).GetRunResult().Results.Single();
            foreach (var name in AllSteps)
                foreach (var output in run.TrackedSteps[name].SelectMany(s => s.Outputs))
                    ModelWalker.AssertPlainData(output.Value);
        }
    }
}
