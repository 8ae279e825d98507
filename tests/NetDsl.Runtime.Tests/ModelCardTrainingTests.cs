using System.Linq;
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
        public void DescribeMarksTheCardsValuesOnlyWhereTheCardFilledThem_NotWhereAGivenValueEqualsThem()
        {
            var card = new ModelCard { Model = "m", Optimizer = "sgd", LearningRate = 0.1, WeightDecay = 1e-4, Schedule = "step", BatchSize = 16, Epochs = 3, Declared = true };
            var filled = new TrainerOptions().WithCard(card);
            Assert.Equal("sgd (card), lr 0.1 (card), step (card), warm-up 3%, weight decay 0.0001 (card), batch 16 (card), epochs 3 (card)", filled.Describe());

            var given = new TrainerOptions { Optimizer = OptimizerKind.Sgd, LearningRate = 0.1, WeightDecay = 1e-4, Schedule = ScheduleKind.Step, BatchSize = 16, Epochs = 3 }.WithCard(card);
            Assert.Equal("sgd, lr 0.1, step, warm-up 3%, weight decay 0.0001, batch 16, epochs 3", given.Describe());

            // Set afterwards on filled options: the value is the caller's.
            Assert.Contains("epochs 3,", (filled with { Epochs = 3 }).Describe() + ",");
            Assert.DoesNotContain("epochs 3 (card)", (filled with { Epochs = 3 }).Describe());
        }

        [Fact]
        public void ALambCard_FillsLambWithItsRate_AndAnotherOptimizerDropsIt()
        {
            var card = new ModelCard { Model = "wide", Optimizer = "lamb", LearningRate = 0.002, WeightDecay = 0.05, Declared = true };
            var filled = new TrainerOptions().WithCard(card);
            Assert.Equal(OptimizerKind.Lamb, filled.Optimizer);
            Assert.Equal(0.002, filled.LearningRate);
            Assert.Equal(0.05, filled.ResolvedWeightDecay);
            Assert.StartsWith("lamb (card), lr 0.002 (card),", filled.Describe());
            using var model = new CardedNet();
            using var optimizer = filled.CreateOptimizer(model);
            Assert.Equal("lamb", optimizer.Kind);

            var adamw = new TrainerOptions { Optimizer = OptimizerKind.AdamW }.WithCard(card);
            Assert.Equal(new TrainerOptions { Optimizer = OptimizerKind.AdamW }.LearningRate, adamw.LearningRate);
            Assert.StartsWith("adamw, lr 0.001,", adamw.Describe());
        }

        [Fact]
        public void AnotherOptimizerSetWithWithOnFilledOptionsDropsTheCardsRateAndDecay()
        {
            var card = new ModelCard { Model = "wide", Optimizer = "adamw", LearningRate = 0.0003, WeightDecay = 0.05, Declared = true };
            var filled = new TrainerOptions().WithCard(card);   // what network.TrainingDefaults() returns

            var sgd = filled with { Optimizer = OptimizerKind.Sgd };
            Assert.Equal((0.005, 5e-4), (sgd.LearningRate, sgd.ResolvedWeightDecay));
            Assert.StartsWith("sgd, lr 0.005, cosine", sgd.Describe());
            // What the caller sets in the same with is kept, written before or after the optimizer.
            Assert.Equal((0.1, 0.05), ((filled with { LearningRate = 0.1, Optimizer = OptimizerKind.Sgd }).LearningRate, (filled with { Optimizer = OptimizerKind.Sgd, WeightDecay = 0.05 }).ResolvedWeightDecay));
            Assert.Equal(0.1, (filled with { LearningRate = 0.1 } with { Optimizer = OptimizerKind.Sgd }).LearningRate);
            // The card's own optimizer again keeps the card's recipe.
            Assert.Equal((0.0003, 0.05), ((filled with { Optimizer = OptimizerKind.AdamW }).LearningRate, (filled with { Optimizer = OptimizerKind.AdamW }).ResolvedWeightDecay));
        }

        [Fact]
        public void Card_WithABadValue_NamesTheModelAndTheField()
        {
            var e = Assert.Throws<System.ArgumentException>(() => ModelCard.Of(typeof(BadCardNet), null));
            Assert.Contains("BadCardNet [ModelCard] for badcard: Schedule \"linear\" is not one of cosine, step, onecycle", e.Message);
            e = Assert.Throws<System.ArgumentException>(() => ModelCard.Of(typeof(BadPrecisionCardNet), null));
            Assert.Contains("BadPrecisionCardNet [ModelCard] for badprecision: Precision \"fp8\" is not one of fp32, bf16-mixed, fp16-mixed", e.Message);
        }

        [Fact]
        public void CardPrecision_AppliesWhereItIsFast_AndAnExplicitPrecisionWins()
        {
            var card = ModelCard.Of(typeof(Bf16CardedNet), null)!;
            Assert.Equal(Precision.Bf16Mixed, card.Precision);
            Assert.Contains("bf16-mixed", card.ToString());
            Assert.Null(ModelCard.Of(typeof(CardedNet), null)!.Precision);

            // On the CPU the card's bf16 applies only where the CPU has AVX512-BF16 or AMX; elsewhere fp32, and the recipe says why.
            bool fast = PrecisionSupport.IsFast(Precision.Bf16Mixed, CPU);
            Assert.Equal(PrecisionSupport.CpuHasBf16 == true, fast);
            var filled = new TrainerOptions { Device = CPU }.WithCard(card);
            Assert.Equal(fast ? Precision.Bf16Mixed : Precision.Fp32, filled.Precision);
            Assert.Contains(fast ? "bf16-mixed (card)" : "fp32 (the card's bf16-mixed is not fast on cpu)", filled.Describe());

            var chosen = new TrainerOptions { Device = CPU, Precision = Precision.Fp32 }.WithCard(card);
            Assert.Equal(Precision.Fp32, chosen.Precision);
            Assert.False(PrecisionSupport.IsFast(Precision.Fp16Mixed, CPU));
            Assert.True(PrecisionSupport.IsFast(Precision.Fp32, CPU));
        }

        [Fact]
        public void CardPrecision_TrainsInBf16_WhenTheHostIsFast()
        {
            if (!PrecisionSupport.IsFast(Precision.Bf16Mixed, CPU)) return;   // the options test above covers the fallback
            using var data = Data();
            using var network = new Bf16CardedNet();
            var options = new TrainerOptions { Device = CPU }.WithCardOf(network);
            Assert.Equal(Precision.Bf16Mixed, options.Precision);
            var result = new Trainer(network, data, options).Run();
            Assert.Equal(3, result.History.Count);
            Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss, $"loss {result.History[0].TrainLoss} -> {result.History[^1].TrainLoss}");
            Assert.Equal(ScalarType.Float32, network.parameters().First().dtype);   // fp32 master weights
        }
    }

#pragma warning disable ND0104 // a tiny test network for the card's precision
    [ModelCard(Optimizer = "adamw", LearningRate = 0.004, BatchSize = 50, Epochs = 3, Precision = "bf16-mixed", Recipe = "test recipe in bf16")]
    [Network(Input = "3x16x16", Name = "bf16carded")]
    public partial class Bf16CardedNet(int classes = 6)
    {
        [Conv(16, 3, Padding = 1), BatchNorm, ReLU] Layer conv;
        [GlobalAvgPool, Flatten]                    Layer pool;
        [Linear(nameof(classes))]                   Layer fc;
    }
#pragma warning restore ND0104

#pragma warning disable ND0104 // pools the input itself: test networks with a bad card value (schedule, precision)
    [ModelCard(Schedule = "linear")]
    [Network(Input = "3x16x16", Name = "badcard")]
    public partial class BadCardNet
    {
        [GlobalAvgPool, Flatten] Layer pool;
        [Linear(6)]              Layer fc;
    }

    [ModelCard(Precision = "fp8")]
    [Network(Input = "3x16x16", Name = "badprecision")]
    public partial class BadPrecisionCardNet
    {
        [GlobalAvgPool, Flatten] Layer pool;
        [Linear(6)]              Layer fc;
    }
#pragma warning restore ND0104
}
