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
            Assert.Equal(Zoo.Entry(model).DeclaredInput, card.DesignedInput);
        }

        /// <summary>
        /// The committed sweep table (docs/zoo-training.csv, written by <c>zoo-train</c>): every model it trained that states
        /// a metric on its card reaches it there, above chance for a classifier; a card states no metric the
        /// table does not back (a card shared by several variants carries the floor of those the sweep trained).
        /// </summary>
        [Fact]
        public void CardMetrics_AreReachedInTheCommittedSweep()
        {
            var rows = NetDsl.Runtime.Comparison.ResultTable.ReadCsv(System.IO.Path.Combine(System.AppContext.BaseDirectory, "zoo-training.csv"));
            Assert.True(rows.Count >= 15, $"the sweep table has only {rows.Count} rows");
            foreach (var entry in Zoo.All)
            {
                var row = rows.FirstOrDefault(r => r.Model == entry.Name);
                if (row == null)
                {
                    // A variant sharing its card with a trained one (one [ModelCard] over several variants) carries that floor.
                    Assert.True(entry.Card.Metric == null || rows.Any(r => Zoo.Entry(r.Model).Card is var other && other.Recipe == entry.Card.Recipe && other.Metric == entry.Card.Metric),
                        $"{entry.Name} states a metric but neither it nor a variant sharing its card is in the sweep table");
                    continue;
                }
                // The row says what it computed in: the card's precision (taken where it is fast) or fp32.
                Assert.True(row.Precision == "fp32" || row.Precision == entry.Card.Precision?.Name(),
                    $"{entry.Name}: the sweep row's precision is '{row.Precision}', the card's {entry.Card.Precision?.Name() ?? "unset"}");
                if (entry.Card.Metric is not double floor) continue;   // trained but no floor claimed (see the next test)
                Assert.True(row.Metric >= floor, $"{entry.Name}: card {floor}, sweep {row.Metric}");
                if (entry.Task == ModelTask.Classification) Assert.True(row.Metric > 1.0 / 6, $"{entry.Name} is at chance ({row.Metric})");
            }
        }

        /// <summary>
        /// Every card claims a metric but regnet_y_128gf's: its card's 40 steps of 16 images (what 10 CPU minutes hold)
        /// leave it at chance with every recipe tried (README, "Model cards", says which). A new card without a floor fails here.
        /// </summary>
        [Fact]
        public void EveryCard_StatesTheMetricItReaches_ButRegNetY128gf()
        {
            var without = Zoo.All.Where(e => e.Card.Metric == null).Select(e => e.Name).ToList();
            Assert.Equal(new[] { "regnet_y_128gf" }, without);
        }

        [Fact]
        public void VariantCards_AreChosenByName_OverTheUnnamedOne()
        {
            // VGG's plain and BatchNorm variants carry different optimizers and batches (one card for each four); ResNet-50 to -152 and ResNeXt-50 share the unnamed card,
            // the wider ones too except resnext101_32x8d, which has a named one (fewer images), as DenseNet-161 has beside the other
            // DenseNets and EfficientNet-B7 beside B0-B6.
            Assert.NotEqual(Zoo.Entry("vgg11").Card.Optimizer, Zoo.Entry("vgg11_bn").Card.Optimizer);
            Assert.NotEqual(Zoo.Entry("vgg11").Card.BatchSize, Zoo.Entry("vgg11_bn").Card.BatchSize);
            Assert.Equal(Zoo.Entry("vgg11_bn").Card with { Model = "" }, Zoo.Entry("vgg19_bn").Card with { Model = "" });   // one BatchNorm card for all four
            Assert.Equal(Zoo.Entry("vgg11").Card with { Model = "" }, Zoo.Entry("vgg19").Card with { Model = "" });         // one plain card for all four
            Assert.Equal(Zoo.Entry("resnet50").Card with { Model = "" }, Zoo.Entry("resnext50_32x4d").Card with { Model = "" });
            Assert.Equal(Zoo.Entry("resnet50").Card with { Model = "" }, Zoo.Entry("resnet101").Card with { Model = "" });
            Assert.NotEqual(Zoo.Entry("resnet50").Card.TrainImages, Zoo.Entry("resnext101_32x8d").Card.TrainImages);
            Assert.NotEqual(Zoo.Entry("densenet121").Card.TrainImages, Zoo.Entry("densenet161").Card.TrainImages);
            Assert.Equal(Zoo.Entry("resnet50").Card with { Model = "" }, Zoo.Entry("wide_resnet101_2").Card with { Model = "" });
            Assert.Equal(Zoo.Entry("efficientnet_b0").Card.TrainImages, Zoo.Entry("efficientnet_b6").Card.TrainImages); // designed inputs differ
            Assert.Equal(Zoo.Entry("efficientnet_b0").Card.Metric, Zoo.Entry("efficientnet_b6").Card.Metric);
            Assert.NotEqual(Zoo.Entry("efficientnet_b0").Card.TrainImages, Zoo.Entry("efficientnet_b7").Card.TrainImages);
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
