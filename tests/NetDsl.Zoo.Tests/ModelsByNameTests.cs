extern alias zoo;

using System;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Zoo.Tests
{
    /// <summary><c>Models.Create(name, classes, input)</c>: the zoo by torchvision name, as a package user reaches it.</summary>
    public class ModelsByNameTests
    {
        [Fact]
        public void Resnet50WithTenClassesHasTorchvisionsCountLessTheWiderHead()
        {
            var entry = zoo::NetDsl.Models.Get("resnet50");
            using var net = zoo::NetDsl.Models.Create("resnet50", classes: 10);
            Assert.Equal(TensorShape.Vector(10), net.OutputShape);
            // torchvision: resnet50(num_classes=10) = 25,557,032 − 990 × (2048 + 1).
            Assert.Equal(25_557_032, entry.Parameters);
            Assert.Equal(25_557_032 - 990L * 2049, net.ParameterTotal);
            // Its card is resnet50's (the recipe a Fit takes, the name checkpoints record), not the shared declaration's.
            Assert.Equal(("resnet50", "resnet50"), (net.CatalogName, net.Card!.Model));
            Assert.Equal(entry.Card, net.Card);
        }

        [Fact]
        public void AnInputAndClassesTogetherBuildTheSmallerNetworkThatRuns()
        {
            using var net = zoo::NetDsl.Models.Create("resnet18", classes: 7, input: new TensorShape(3, 64, 64));
            Assert.Equal(new TensorShape(3, 64, 64), net.InputShape);
            net.eval();
            using var y = net.forward(randn(2, 3, 64, 64));
            Assert.Equal(new long[] { 2, 7 }, y.shape);
        }

        [Fact]
        public void WithoutArgumentsItIsTheCataloguesModel()
        {
            var entry = zoo::NetDsl.Models.Get("lenet5");
            using var net = zoo::NetDsl.Models.Create("lenet5");
            Assert.Equal(entry.Parameters, net.ParameterTotal);
            Assert.Equal(entry.DeclaredInput, net.InputShape);
            Assert.Equal("lenet5", entry.Card.Model); // the model card (task, recipe, reference) rides on the entry
        }

        [Fact]
        public void AVariantKeepsItsOwnResolution()
        {
            using var net = zoo::NetDsl.Models.Create("efficientnet_b1", classes: 10);
            Assert.Equal(new TensorShape(3, 240, 240), net.InputShape);
            Assert.Equal(TensorShape.Vector(10), net.OutputShape);
        }

        [Fact]
        public void UnknownNamesAndImpossibleInputsSayWhy()
        {
            var unknown = Assert.Throws<ArgumentException>(() => zoo::NetDsl.Models.Create("resnet5"));
            Assert.StartsWith("unknown model 'resnet5'; did you mean resnet50", unknown.Message);
            Assert.Throws<ShapeException>(() => zoo::NetDsl.Models.Create("alexnet", input: new TensorShape(3, 16, 16)));
            Assert.Contains("resnet18", zoo::NetDsl.Models.Names);
        }
    }
}
