using System;
using System.Collections.Generic;
using System.Linq;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// [Aux(Enabled = …)]: an auxiliary head a constructor bool switches off (torchvision's aux_logits=False). Off, the head is not
    /// built (no module, no parameters, no state-dict keys, no rows, no auxiliary output), not shape-checked for that instance, and
    /// left out of the compile-time parameter count; Enabled must be a bool or a bool parameter's name, reported at the argument.
    /// </summary>
    public class AuxEnabledTests
    {
        const string Head = "using NetDsl;\nnamespace Demo;\n";

        // The head's 5x5 window needs maps of 5x5 or more: at 3x3 only the instance without it builds.
        // Parameters: stem 1·4·9 + 4 = 40, head 4·5·25 + 5 = 505, fc 4·3 + 3 = 15: 560 with the head, 55 without.
        static string Net(string variants = "", string enabled = "nameof(aux)", string parameters = "int classes = 3, bool aux = true") => Head + @"
[Network(Input = ""1x8x8"")]" + variants + @"
public partial class Net(" + parameters + @")
{
    [Conv(4, 3, Padding = 1), ReLU]                                                                    Layer stem;
    [Aux(nameof(stem), Weight = 0.25, Enabled = " + enabled + @"), Conv(5, 5), GlobalAvgPool, Flatten] Layer head;
    [MaxPool(2), GlobalAvgPool, Flatten]                                                               Layer pool;
    [Linear(nameof(classes))]                                                                          Layer fc;
}";

        static Type Compile(string source)
        {
            var run = GeneratorHarness.Run(source);
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            return GeneratorHarness.Load(run).GetType("Demo.Net")!;
        }

        static Network Create(Type type, bool? aux, TensorShape? at = null)
        {
            using (at is { } shape ? Network.BuildAt(shape) : null)
                return (Network)Activator.CreateInstance(type, aux is { } on ? new object[] { 3, on } : new object[] { 3 })!;
        }

        static long Count(Network net) => net.parameters().Sum(p => p.numel());

        [Fact]
        public void On_the_head_is_built_and_its_output_collected()
        {
            using var net = Create(Compile(Net()), aux: true);
            Assert.Equal(560, Count(net));
            Assert.Equal(new[] { "stem.weight", "stem.bias", "head.weight", "head.bias", "fc.weight", "fc.bias" }, net.state_dict().Keys);
            Assert.Contains(net.LayerRows, r => r.Path == "head" && r.Kind == "Conv2d" && r.Parameters == 505);
            Assert.NotNull(net.GetType().GetField("head", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(net));
            using var scope = NewDisposeScope();
            using var outputs = ((IAuxiliaryHeads)net).ForwardTraining(randn(2, 1, 8, 8));
            Assert.Equal(new long[] { 2, 3 }, outputs.Main.shape);
            var aux = Assert.Single(outputs.Auxiliary);
            Assert.Equal(("head", 0.25), (aux.Name, aux.Weight));
            Assert.Equal(new long[] { 2, 5 }, aux.Output.shape);
        }

        [Fact]
        public void Off_the_head_is_not_built_and_the_network_takes_inputs_the_head_could_not()
        {
            var type = Compile(Net());
            // The head's 5x5 window does not fit a 3x3 map: with the head on, building at 3x3 is refused.
            Assert.ThrowsAny<Exception>(() => Create(type, aux: true, at: new TensorShape(1, 3, 3)).Dispose());

            using var net = Create(type, aux: false, at: new TensorShape(1, 3, 3));
            Assert.Equal(55, Count(net));
            Assert.Equal(new[] { "stem.weight", "stem.bias", "fc.weight", "fc.bias" }, net.state_dict().Keys);
            Assert.DoesNotContain(net.LayerRows, r => r.Path.StartsWith("head", StringComparison.Ordinal));
            Assert.DoesNotContain(net.named_modules(), m => m.name.StartsWith("head", StringComparison.Ordinal));
            Assert.Null(net.GetType().GetField("head", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(net));
            using var scope = NewDisposeScope();
            var x = randn(2, 1, 3, 3);
            Assert.Equal(new long[] { 2, 3 }, net.forward(x).shape);
            using var outputs = ((IAuxiliaryHeads)net).ForwardTraining(x);
            Assert.Equal(new long[] { 2, 3 }, outputs.Main.shape);
            Assert.Empty(outputs.Auxiliary);
        }

        [Fact]
        public void A_false_literal_leaves_the_head_out_of_every_instance()
        {
            using var net = Create(Compile(Net(enabled: "false", parameters: "int classes = 3")), aux: null, at: new TensorShape(1, 3, 3));
            Assert.Equal(55, Count(net));
            using var scope = NewDisposeScope();
            using var outputs = ((IAuxiliaryHeads)net).ForwardTraining(randn(2, 1, 3, 3));
            Assert.Empty(outputs.Auxiliary);
        }

        [Fact]
        public void The_checker_skips_the_head_of_an_instance_without_it_and_the_catalogue_counts_without_it()
        {
            var run = GeneratorHarness.Run(Net(@"
[Variant(""tiny"", 3, true)]
[Variant(""tiny_noaux"", 3, false, Input = ""1x3x3"")]"));
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
            var catalog = GeneratorHarness.Load(run).GetType("NetDsl.Generated.ModelCatalog")!;
            var all = (IReadOnlyList<ModelEntry>)catalog.GetProperty("All")!.GetValue(null)!;
            Assert.Equal(new[] { ("tiny", 560L), ("tiny_noaux", 55L) }, all.Select(e => (e.Name, e.Parameters)).OrderBy(e => e.Name));
            using var built = all.Single(e => e.Name == "tiny_noaux").Create();
            Assert.Equal(55, Count(built));
        }

        [Fact]
        public void The_same_small_input_with_the_head_on_is_checked_and_reported()
        {
            var found = GeneratorHarness.Run(Net(@"
[Variant(""tiny_small"", 3, true, Input = ""1x3x3"")]")).NetDsl.ToList();
            Assert.NotEmpty(found);
            Assert.All(found, d => Assert.Contains("head", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
        }

        [Fact]
        public void An_unknown_name_is_ND0002_at_Enabled()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Net(enabled: @"/*ND0002*/""notAParam"""));
            Assert.Equal("head: expression \"notAParam\" cannot be evaluated: unknown name 'notAParam'; known parameters: aux, classes " +
                         "(and C, H, W: the layer's input shape; InC, InH, InW: the input shape of the block or network).", message);
            Assert.Equal("\"notAParam\"", span);
        }

        [Fact]
        public void A_constant_that_is_not_a_bool_is_ND0013_at_Enabled()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Net(enabled: "/*ND0013*/2"));
            Assert.Equal("head: [Aux] Enabled must be a bool, got 2; pass a bool value.", message);
            Assert.Equal("2", span);
        }

        [Fact]
        public void A_parameter_that_is_not_a_bool_is_ND0013_at_Enabled()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Net(enabled: "/*ND0013*/nameof(classes)"));
            Assert.Equal("head: [Aux] Enabled must be a bool, got 3; pass a bool value.", message);
            Assert.Equal("nameof(classes)", span);
        }
    }
}
