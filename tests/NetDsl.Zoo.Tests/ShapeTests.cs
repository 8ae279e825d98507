using System.Linq;
using NetDsl.Shapes;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Zoo.Tests
{
    /// <summary>Declared inputs, output shapes, and real forward passes at small inputs, for every model of <see cref="Zoo.Table"/>.</summary>
    [Collection(ZooCollection.Name)]
    public sealed class ShapeTests
    {
        readonly ZooFixture zoo;
        public ShapeTests(ZooFixture zoo) { this.zoo = zoo; }

        /// <summary>
        /// The summary the shape rules produce at the declared input (the compile-time table the generator
        /// checked): rows present, the last row's output is the declared output, and the built network agrees.
        /// </summary>
        [Theory]
        [MemberData(nameof(Zoo.AllNames), MemberType = typeof(Zoo))]
        public void Summary_AtDeclaredInput_EndsInTheDeclaredOutput(string model)
        {
            var row = Zoo.Row(model);
            var entry = Zoo.Entry(model);
            var facts = zoo.Facts(model);

            Assert.Equal(row.Input, entry.DeclaredInput);
            // entry.Create() builds at the catalogue's declared input (for a variant, the variant's own).
            Assert.Equal(row.Input, facts.InputShape);
            Assert.NotEmpty(facts.Summary);
            Assert.Equal(row.Output, facts.Summary[facts.Summary.Count - 1].Output);
            Assert.Equal(row.Output, facts.OutputShape);
        }

        /// <summary>The built network's DeclaredInput property agrees with its catalogue entry.</summary>
        [Theory]
        [MemberData(nameof(NetworkDeclaredInputNames))]
        public void NetworkDeclaredInput_EqualsTheCatalogues(string model)
        {
            Assert.Equal(Zoo.Row(model).Input, zoo.Facts(model).DeclaredInput);
        }

        public static TheoryData<string> NetworkDeclaredInputNames => Zoo.Data(Zoo.Table.Select(r => r.Name));


        /// <summary>
        /// A real forward pass (eval, no_grad) of a random [2, C, H, W] at the row's small input through a network
        /// built for it with entry.Create(small) — segmentation and upsampling models bake sizes in at build time.
        /// The output has the shape the network reports, batch 2, and only finite values.
        /// </summary>
        [Theory]
        [MemberData(nameof(Zoo.AllNames), MemberType = typeof(Zoo))]
        public void Forward_AtSmallInput_GivesTheReportedShape_AndFiniteValues(string model)
        {
            var row = Zoo.Row(model);
            var run = zoo.Small(model);

            Assert.Equal(row.Small, run.InputShape);
            Assert.Equal(row.SmallOutput, run.OutputShape);
            Assert.Equal(Zoo.Batch(2, run.OutputShape), run.ForwardOutput);
            Assert.True(run.ForwardFinite, $"{model}: non-finite output at {Zoo.Format(run.ForwardInput)}");
            // Rebuilding at another input keeps the weights' shapes (every row's small input reaches the same layers).
            Assert.Equal(row.Parameters, run.ParameterTotal);
        }

        /// <summary>
        /// entry.Create(shape) rebuilds with the run-time shape rules: the summary follows the new input,
        /// the output is still the class vector and a forward pass at that input gives [batch, classes].
        /// </summary>
        [Theory]
        [InlineData("alexnet", 3, 64, 64, 1, 1)]    // 64 → 15 → 7 → 7 → 3 → 3 → 1, adaptive pool to 6x6
        [InlineData("vgg11", 3, 32, 32, 1, 1)]      // five 2x2 pools: 32 → 1, adaptive pool to 7x7
        [InlineData("resnet18", 3, 64, 64, 2, 2)]   // /32
        [InlineData("resnet50", 3, 96, 96, 3, 3)]
        [InlineData("lenet5", 1, 28, 28, 5, 5)]
        public void CreateAtSmallInput_BuildsForThatInput_AndForwards(string model, int c, int h, int w, int lastH, int lastW)
        {
            using var scope = torch.NewDisposeScope();
            torch.manual_seed(11);
            var entry = Zoo.Entry(model);
            var input = new TensorShape(c, h, w);
            var net = entry.Create(input);
            try
            {
                Assert.Equal(input, net.InputShape);
                Assert.Equal(entry.DeclaredInput, net.DeclaredInput);
                Assert.Equal(Zoo.Row(model).Output, net.OutputShape);
                // The last feature map before pooling/flatten reflects the small input.
                var lastMap = net.LayerRows.Last(r => r.Output.IsMap && r.Kind != "AdaptiveAvgPool2d" && r.Kind != "GlobalAvgPool");
                Assert.Equal((lastH, lastW), (lastMap.Output.H, lastMap.Output.W));
                Assert.True(net.MultiplyAddTotal < entry.MultiplyAdds || model == "lenet5");
                Assert.Equal(entry.Parameters, net.ParameterTotal);

                net.eval();
                using (torch.no_grad())
                {
                    var y = net.forward(torch.randn(2, c, h, w));
                    Assert.Equal(new long[] { 2, Zoo.Classes(model) }, y.shape);
                    Assert.True(y.isfinite().all().item<bool>());
                }
            }
            finally
            {
                net.Dispose();
            }
        }

        /// <summary>LeNet-5's fc1 input follows the run-time input: 1x32x32 gives 16x6x6 = 576 features.</summary>
        [Fact]
        public void CreateAtOtherInput_RecomputesSizeDependentLayers()
        {
            using var scope = torch.NewDisposeScope();
            var net = Zoo.Entry("lenet5").Create(new TensorShape(1, 32, 32));
            try
            {
                long expected = (6 * 25 + 6) + (16 * 6 * 25 + 16) + (576 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10);
                Assert.Equal(expected, net.ParameterTotal);
                Assert.Equal(expected, net.parameters().Sum(p => p.numel()));
                Assert.Equal(TensorShape.Vector(576), net.LayerRows.Single(r => r.Kind == "Flatten").Output);
                using (torch.no_grad())
                    Assert.Equal(new long[] { 3, 10 }, net.forward(torch.randn(3, 1, 32, 32)).shape);
            }
            finally
            {
                net.Dispose();
            }
        }
    }
}
