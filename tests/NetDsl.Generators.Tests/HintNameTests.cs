using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetDsl;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// Generated files' hint names never clash: AddSource throws on a name used twice (compared case-insensitively), and that
    /// exception (CS8785) dropped every generated file of the project.
    /// </summary>
    public class HintNameTests
    {
        static void NoCrash(GeneratorHarness.Result result)
        {
            Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id is "CS8785" or "ND0015");
            var hints = result.Run.GeneratedSources.Select(s => s.HintName).ToList();
            Assert.Equal(hints.Count, hints.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }

        [Fact]
        public void A_class_marked_both_Network_and_Block_is_reported_at_Block_and_the_rest_is_generated()
        {
            const string source = "using NetDsl;\nnamespace Demo;\n[Network(Input = \"3x32x32\"), /*ND0014*/Block] public partial class D6 { [Conv(8, 3)] Layer a; }\n"
                + "[Network(Input = \"3x8x8\")] public partial class Other { [Conv(8, 3)] Layer a; }";
            var (message, span) = GeneratorHarness.SingleDiagnostic(source);
            Assert.Equal("Block", span);
            Assert.Equal("D6: a class is either a [Network] (a model you build and train) or a [Block] (a part that networks use), not both; remove [Block] and move the layers a network shares into a [Block] class of their own.", message);
            var result = GeneratorHarness.Run(source.Replace("/*ND0014*/", ""));
            NoCrash(result);
            Assert.Contains(result.Run.GeneratedSources, s => s.HintName == "Demo.Other.g.cs");
            Assert.Empty(result.Output.GetDiagnostics().Where(e => e.Severity == DiagnosticSeverity.Error));
        }

        [Fact]
        public void Classes_whose_names_differ_only_in_case_get_files_of_their_own()
        {
            var result = GeneratorHarness.Run(GeneratorHarness.Tiny + "using NetDsl;\nnamespace Demo;\n"
                + "[Network(Input = \"3x8x8\")] public partial class Net { [Conv(8, 3)] Layer a; }\n"
                + "[Network(Input = \"3x8x8\", Name = \"net-upper\")] public partial class NET { [Conv(4, 3)] Layer a; }\n"
                + "[Block] public partial class B { [Conv(8, 3)] Layer a; }\n"
                + "[Block] public partial class b { [Conv(8, 3)] Layer a; }");
            NoCrash(result);
            Assert.Empty(result.NetDsl);
            Assert.Equal(new[] { "Demo.B.g.cs", "Demo.b_2.g.cs", "Demo.NET.g.cs", "Demo.Net_2.g.cs", "NetDsl.ModelCatalog.g.cs" }.OrderBy(h => h, StringComparer.Ordinal),
                result.Run.GeneratedSources.Select(s => s.HintName).OrderBy(h => h, StringComparer.Ordinal));
            Assert.Empty(result.Output.GetDiagnostics().Where(e => e.Severity == DiagnosticSeverity.Error));
        }

        [Fact]
        public void A_user_class_named_like_the_catalogue_file_does_not_replace_it()
        {
            var result = GeneratorHarness.Run(GeneratorHarness.Tiny + "using NetDsl;\nnamespace NetDsl;\n"
                + "[Network(Input = \"3x8x8\")] public partial class ModelCatalog { [Conv(8, 3)] Layer a; }");
            NoCrash(result);
            Assert.Empty(result.NetDsl);
            Assert.Equal(new[] { "NetDsl.ModelCatalog.g.cs", "NetDsl.ModelCatalog_2.g.cs" },
                result.Run.GeneratedSources.Select(s => s.HintName).OrderBy(h => h, StringComparer.Ordinal));
            Assert.Contains("class ModelCatalog", result.Source("NetDsl.ModelCatalog.g.cs"));
            Assert.Empty(result.Output.GetDiagnostics().Where(e => e.Severity == DiagnosticSeverity.Error));
        }
    }
}
