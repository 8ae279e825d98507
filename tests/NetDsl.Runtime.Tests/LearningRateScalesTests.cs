using System;
using NetDsl.Runtime.Training;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    // Tiny test networks (they carry a card's scales, not the depth their input needs): ND0104 accepted.
#pragma warning disable ND0104
    /// <summary>A card with learning-rate scales.</summary>
    [ModelCard(Optimizer = "adamw", LearningRate = 1e-3, LearningRateScales = "fc=0.1")]
    [Network(Input = "3x8x8")]
    public partial class ScaledCardNet
    {
        [Conv(4, 3, Padding = 1), ReLU, GlobalAvgPool, Flatten] Layer body;
        [Linear(6)]                                             Layer fc;
    }

    /// <summary>A card whose scale is not a number.</summary>
    [ModelCard(LearningRateScales = "fc=x")]
    [Network(Input = "3x8x8")]
    public partial class BadScaleCardNet
    {
        [GlobalAvgPool, Flatten, Linear(6)] Layer fc;
    }
#pragma warning restore ND0104

    /// <summary>
    /// Learning-rate multipliers by parameter-name prefix (<see cref="LearningRateScales"/>, the CLI's <c>--lr-scale</c>,
    /// <c>[ModelCard(LearningRateScales)]</c>): parsed and written canonically, matched at module boundaries with the
    /// longest prefix winning, and taken from the card unless the options set their own.
    /// </summary>
    public class LearningRateScalesTests
    {
        [Fact]
        public void ParsesPairsAndWritesThemSortedWithoutSpaces()
        {
            var scales = LearningRateScales.Parse(" features = 0.1 , classifier.0=2e-2 ");
            Assert.Equal("classifier.0=0.02,features=0.1", scales.ToString());
            Assert.Equal(scales, LearningRateScales.Parse(scales.ToString()));
            Assert.True(LearningRateScales.Parse(null).IsEmpty);
            Assert.True(LearningRateScales.Parse("  ").IsEmpty);
        }

        [Theory]
        [InlineData("classifier", "not PREFIX=SCALE")]
        [InlineData("=0.1", "not PREFIX=SCALE")]
        [InlineData("fc=fast", "'fast' is not a number")]
        [InlineData("fc=-1", "'-1' is not a number ≥ 0")]
        [InlineData("fc=NaN", "is not a number")]
        [InlineData("fc=1,fc=2", "'fc' is given twice")]
        public void RefusesMalformedPairsNamingThem(string text, string expected) =>
            Assert.Contains(expected, Assert.Throws<FormatException>(() => LearningRateScales.Parse(text)).Message);

        [Fact]
        public void MatchesWholeModuleNamesAndTheLongestPrefixWins()
        {
            var scales = LearningRateScales.Parse("classifier=0.5,classifier.0=0.02");
            Assert.Equal(0.02, scales.ScaleOf("classifier.0.weight"));
            Assert.Equal(0.02, scales.ScaleOf("classifier.0.bias"));
            Assert.Equal(0.5, scales.ScaleOf("classifier.01.weight"));
            Assert.Equal(0.5, scales.ScaleOf("classifier.6.weight"));
            Assert.Equal(1.0, scales.ScaleOf("classifiers.0.weight"));
            Assert.Equal(1.0, scales.ScaleOf("features.0.weight"));
        }

        [Fact]
        public void TheCardsScalesApplyUnlessTheOptionsSetTheirOwn()
        {
            var card = ModelCard.Of(typeof(ScaledCardNet), null)!;
            Assert.Equal("fc=0.1", card.LearningRateScales.ToString());
            Assert.Contains("lr scales fc=0.1", card.ToString());

            var fromCard = new TrainerOptions().WithCard(card);
            Assert.Equal("fc=0.1", fromCard.LearningRateScales!.ToString());
            Assert.Contains("lr scales fc=0.1 (card)", fromCard.Describe());

            var own = new TrainerOptions { LearningRateScales = LearningRateScales.Parse("body=0.5") }.WithCard(card);
            Assert.Equal("body=0.5", own.LearningRateScales!.ToString());
            Assert.DoesNotContain("(card)", own.Describe().Substring(own.Describe().IndexOf("lr scales", StringComparison.Ordinal)));
        }

        [Fact]
        public void AMalformedCardScaleNamesTheCardAndTheField()
        {
            var e = Assert.Throws<ArgumentException>(() => ModelCard.Of(typeof(BadScaleCardNet), null));
            Assert.Contains("BadScaleCardNet [ModelCard]", e.Message);
            Assert.Contains("LearningRateScales", e.Message);
        }
    }
}
