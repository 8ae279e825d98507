using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    // Tiny test networks (they exercise the model card, not the depth their input needs): ND0104 accepted.
#pragma warning disable ND0104
    /// <summary>A declared network with a model card: the C# Trainer takes what the options leave unset from it.</summary>
    [ModelCard(Optimizer = "adamw", LearningRate = 0.004, WarmupEpochs = 0.5, BatchSize = 50, Epochs = 2, WeightDecay = 0.02, LabelSmoothing = 0.1,
               Recipe = "test recipe")]
    [Network(Input = "3x16x16", Name = "carded")]
    public partial class CardedNet(int classes = 6)
    {
        [Conv(8, 3, Padding = 1), BatchNorm, ReLU] Layer conv;
        [GlobalAvgPool, Flatten]                   Layer pool;
        [Linear(nameof(classes))]                  Layer fc;
    }
#pragma warning restore ND0104

    public sealed class ModelCardTrainingTests
    {
        static DataSplits Data() => ShapesDataset.Load(new TensorShape(3, 16, 16), seed: 3, trainCount: 200, testCount: 50);

        [Fact]
        public void Trainer_FollowsTheDeclaredCard_WhenTheOptionsSayNothing()
        {
            using var data = Data();
            using var network = new CardedNet();
            var result = new Trainer(network, data, new TrainerOptions { Device = CPU }).Run();

            // Card: 2 epochs of 200 / 50 = 4 steps, AdamW at 0.004 with a 2-step warm-up then cosine.
            Assert.Equal(2, result.History.Count);
            Assert.Equal(8, result.History[^1].Step);
            var schedule = new LearningRateSchedule(0.004, totalSteps: 8, warmupSteps: 2);
            Assert.Equal(schedule.At(3), result.History[0].LearningRate, 12);
        }

        [Fact]
        public void Trainer_ExplicitOptionsWin_OverTheCard()
        {
            using var data = Data();
            using var network = new CardedNet();
            var options = new TrainerOptions { Device = CPU, Epochs = 1, BatchSize = 25, LearningRate = 0.01, WarmupSteps = 0 };
            var result = new Trainer(network, data, options).Run();
            Assert.Single(result.History);
            Assert.Equal(8, result.History[0].Step);
            Assert.Equal(new LearningRateSchedule(0.01, 8, 0).At(7), result.History[0].LearningRate, 12);
        }

        [Fact]
        public void Card_IsReadFromTheAttributes_AndFillsOnlyUnsetOptions()
        {
            var card = ModelCard.Of(typeof(CardedNet), null)!;
            Assert.True(card.Declared);
            Assert.Equal("carded", card.Model);
            Assert.Equal("adamw", card.Optimizer);
            Assert.Null(card.Momentum);

            var filled = new TrainerOptions { LabelSmoothing = 0 }.WithCard(card);
            Assert.Equal(OptimizerKind.AdamW, filled.Optimizer);
            Assert.Equal(0.02, filled.ResolvedWeightDecay);
            Assert.Equal(0, filled.LabelSmoothing);       // set explicitly to 0: the card's 0.1 does not apply
            Assert.Equal(2, filled.ResolveWarmupSteps(totalSteps: 8, stepsPerEpoch: 4));
            Assert.Same(filled, filled.WithCard(card));   // applying twice changes nothing

            // Choosing SGD drops the card's AdamW rate and decay for SGD's defaults.
            var sgd = new TrainerOptions { Optimizer = OptimizerKind.Sgd }.WithCard(card);
            Assert.Equal(new TrainerOptions().LearningRate, sgd.LearningRate);
            Assert.Equal(5e-4, sgd.ResolvedWeightDecay);
        }

        [Fact]
        public void Card_WithABadValue_NamesTheModelAndTheField()
        {
            var e = Assert.Throws<System.ArgumentException>(() => ModelCard.Of(typeof(BadCardNet), null));
            Assert.Contains("BadCardNet [ModelCard] for badcard: Schedule \"linear\" is not one of cosine, step, onecycle", e.Message);
        }
    }

#pragma warning disable ND0104 // pools the input itself: a test network for the card's schedule
    [ModelCard(Schedule = "linear")]
    [Network(Input = "3x16x16", Name = "badcard")]
    public partial class BadCardNet
    {
        [GlobalAvgPool, Flatten] Layer pool;
        [Linear(6)]              Layer fc;
    }
#pragma warning restore ND0104
}
