using System.Linq;
using NetDsl.Shapes;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Zoo.Tests
{
    /// <summary>Declared inputs, output shapes, and real forward passes at small inputs.</summary>
    [Collection(ZooCollection.Name)]
    public sealed class ShapeTests
    {
        readonly ZooFixture zoo;
        public ShapeTests(ZooFixture zoo) { this.zoo = zoo; }

        [Theory]
        [MemberData(nameof(Zoo.ExpectedNames), MemberType = typeof(Zoo))]
        public void OutputShape_AtDeclaredInput_IsTheClassVector(string model)
        {
            var entry = Zoo.Entry(model);
            var facts = zoo.Facts(model);
            var declared = model == "lenet5" ? new TensorShape(1, 28, 28) : new TensorShape(3, 224, 224);

            Assert.Equal(declared, entry.DeclaredInput);
            Assert.Equal(declared, facts.DeclaredInput);
            Assert.Equal(declared, facts.InputShape);
            Assert.Equal(TensorShape.Vector(Zoo.Classes(model)), facts.OutputShape);
            Assert.Equal(facts.OutputShape, facts.Summary[facts.Summary.Count - 1].Output);
        }

        /// <summary>
        /// A real forward pass (eval, no_grad) of [2, C, H, W] at the small input through the instance built
        /// at the declared input: torchvision's adaptive pooling makes the classifier size-independent.
        /// </summary>
        [Theory]
        [MemberData(nameof(Zoo.ExpectedNames), MemberType = typeof(Zoo))]
        public void Forward_AtSmallInput_GivesBatchByClasses(string model)
        {
            var facts = zoo.Facts(model);
            Assert.Equal(new long[] { 2, Zoo.Classes(model) }, facts.SmallForwardOutput);
            Assert.True(facts.SmallForwardFinite, $"{model}: non-finite logits at {Zoo.Format(facts.SmallForwardInput)}");
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
                Assert.Equal(TensorShape.Vector(Zoo.Classes(model)), net.OutputShape);
                // The last feature map before pooling/flatten reflects the small input.
                var lastMap = net.Summary.Last(r => r.Output.IsMap && r.Kind != "AdaptiveAvgPool2d" && r.Kind != "GlobalAvgPool");
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
                Assert.Equal(TensorShape.Vector(576), net.Summary.Single(r => r.Kind == "Flatten").Output);
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
