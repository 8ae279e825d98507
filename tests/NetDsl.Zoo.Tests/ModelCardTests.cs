using System.Linq;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using Xunit;

namespace NetDsl.Zoo.Tests
{
    /// <summary>Every zoo model declares a model card, and the card is what the catalogue, a built network and the trainer see.</summary>
    public sealed class ModelCardTests
    {
        [Theory]
        [MemberData(nameof(Zoo.AllNames), MemberType = typeof(Zoo))]
        public void EveryModel_HasADeclaredCard_WithARecipeAndAStatedMetric(string model)
        {
            var card = Zoo.Entry(model).Card;
            Assert.True(card.Declared, $"{model} has no [ModelCard]");
            Assert.Equal(model, card.Model);
            Assert.NotNull(card.Optimizer);
            Assert.True(card.LearningRate > 0, $"{model}: no learning rate");
            Assert.True(card.BatchSize > 0 && card.Epochs > 0, $"{model}: batch and epochs must be stated");
            Assert.False(string.IsNullOrWhiteSpace(card.Recipe), $"{model}: the card names no reference recipe");
            Assert.True(card.Metric is double m && m > 0, $"{model}: the card states no metric the sweep reaches");
            Assert.Equal(Zoo.Entry(model).DeclaredInput, card.DesignedInput);
        }

        [Fact]
        public void VariantCards_AreChosenByName_OverTheUnnamedOne()
        {
            // VGG's plain and BatchNorm variants carry different rates; ResNet-50's family shares one card.
            Assert.NotEqual(Zoo.Entry("vgg11").Card.LearningRate, Zoo.Entry("vgg11_bn").Card.LearningRate);
            Assert.Equal(Zoo.Entry("resnet50").Card with { Model = "", Metric = null },
                         Zoo.Entry("resnet101").Card with { Model = "", Metric = null });
        }

        [Fact]
        public void ANetworkBuiltFromTheCatalogue_KnowsItsCard_AndTheTrainerOptionsTakeIt()
        {
            var entry = Zoo.Entry("mobilenet_v3_small");
            using var network = entry.Create(new TensorShape(3, 32, 32));
            Assert.Equal("mobilenet_v3_small", network.CatalogName);
            Assert.Equal(entry.Card, network.Card);

            var options = new TrainerOptions().WithCardOf(network);
            Assert.Equal(OptimizerKind.AdamW, options.Optimizer);
            Assert.Equal(entry.Card.LearningRate, options.LearningRate);
            Assert.Equal(entry.Card.BatchSize, options.BatchSize);
            Assert.Equal(entry.Card.LabelSmoothing, options.LabelSmoothing);

            // What the caller sets wins; a different optimizer drops the card's rate for that optimizer's default.
            var overridden = new TrainerOptions { LearningRate = 0.123, Epochs = 7 }.WithCardOf(network);
            Assert.Equal(0.123, overridden.LearningRate);
            Assert.Equal(7, overridden.Epochs);
            var sgd = new TrainerOptions { Optimizer = OptimizerKind.Sgd }.WithCardOf(network);
            Assert.Equal(new TrainerOptions().LearningRate, sgd.LearningRate);
            Assert.Equal(entry.Card.BatchSize, sgd.BatchSize);
        }
    }
}
