using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// A layer member declared with a module type that cannot hold what the generated Build assigns is ND0013 at its type, naming
    /// the type to declare (with Layer as the edit), and nothing is emitted for the class: the compiler's CS0030/CS1503 in the
    /// generated file were the only report before.
    /// </summary>
    public class MemberTypeTests
    {
        const string Head = "using NetDsl;\nusing TorchSharp.Modules;\nnamespace Demo;\n[Network(Input = \"3x8x8\")] public partial class Net\n{\n";

        [Theory]
        [InlineData("[Conv(8, 3)] public /*ND0013*/Linear fc;", "Linear",
            "Net.fc: the member is declared TorchSharp.Modules.Linear, but [Conv] makes it hold its first layer's module, a Conv2d (a Conv1d on a CxL map); declare it Conv2d (Conv1d on a CxL map) or Layer.")]
        [InlineData("[Conv(8, 3), ReLU] /*ND0013*/Sequential s;", "Sequential",
            "Net.s: the member is declared TorchSharp.Modules.Sequential, but [Conv] makes it hold its first layer's module, a Conv2d (a Conv1d on a CxL map); declare it Conv2d (Conv1d on a CxL map) or Layer.")]
        [InlineData("[Conv(8, 3)] /*ND0013*/TorchSharp.torch.nn.Module s;", "TorchSharp.torch.nn.Module",
            "Net.s: the member is declared TorchSharp.torch.nn.Module, but [Conv] makes it hold its first layer's module, a Conv2d (a Conv1d on a CxL map); declare it Conv2d (Conv1d on a CxL map) or Layer.")]
        [InlineData("[MaxPool(2)] /*ND0013*/Linear p;", "Linear",
            "Net.p: the member is declared TorchSharp.Modules.Linear, but [MaxPool] makes it hold its first layer's module, a MaxPool2d (a MaxPool1d on a CxL map); declare it MaxPool2d (MaxPool1d on a CxL map) or Layer.")]
        [InlineData("[Conv(8, 3), BatchNorm] /*ND0013*/Conv2d s;", "Conv2d",
            "Net.s: the member is declared TorchSharp.Modules.Conv2d, but [Conv] makes it hold a Sequential of its layers; declare it Sequential or Layer.")]
        public void A_member_of_the_wrong_module_type_is_reported_at_its_type(string member, string span, string message)
        {
            var (actual, text) = GeneratorHarness.SingleDiagnostic(Head + member + "\n}");
            Assert.Equal(span, text);
            Assert.Equal(message, actual);
            var result = GeneratorHarness.Run((Head + member + "\n}").Replace("/*ND0013*/", ""));
            Assert.Empty(result.Output.GetDiagnostics().Where(e => e.Severity == DiagnosticSeverity.Error));
            var d = result.NetDsl.Single();
            Assert.Equal(("Replace", "Layer"), (d.Properties["NetDsl.FixAction"], d.Properties["NetDsl.FixValue"]));
        }

        [Fact]
        public void A_member_of_the_wrong_module_type_is_the_one_finding_not_unread_parameters_beside_it()
        {
            // The class was not emitted at all, so its constructor's parameters were unread (CS9113 on each) around the one error.
            var result = GeneratorHarness.Run(GeneratorHarness.Tiny + "using NetDsl;\nusing TorchSharp.Modules;\nnamespace Demo;\n"
                + "[Network(Input = \"3x8x8\")] public partial class N(int classes = 10, int width = 8) { [Conv(nameof(width), 3), GlobalAvgPool, Flatten] Layer c; [Dropout, Linear(nameof(classes))] Linear fc; }");
            Assert.Equal("ND0013", Assert.Single(result.NetDsl).Id);
            Assert.Equal("", string.Join(" | ", result.CompilerDiagnostics));
        }

        [Theory]
        [InlineData("[Conv(8, 3)] public Conv2d c;")]
        [InlineData("[Conv(8, 3), ReLU] public Conv2d c;")]
        [InlineData("[Conv(8, 3), BatchNorm] public Sequential c;")]
        [InlineData("[Conv(8, 3)] public TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> c;")]
        [InlineData("[MaxPool(2)] public MaxPool2d c;")]
        [InlineData("[Flatten, Linear(10)] public Sequential c;")]
        public void The_module_type_a_layer_builds_is_accepted(string member)
        {
            var result = GeneratorHarness.Run(GeneratorHarness.Tiny + Head + member + "\n}");
            Assert.Empty(result.NetDsl);
            Assert.Empty(result.CompilerDiagnostics.Where(e => e.Severity == DiagnosticSeverity.Error));
        }
    }
}
