using System.Linq;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>An auxiliary head tapping a layer before the one above it in the summary.</summary>
    [Network(Input = "3x8x8")]
    public partial class EarlyTapAuxNet(int classes = 4)
    {
        [Conv(8, 3, Padding = 1), ReLU, MaxPool(2)]                             Layer stem;
        [Conv(8, 3, Padding = 1), ReLU, MaxPool(2)]                             Layer mid;
        [Aux(nameof(stem)), GlobalAvgPool, Flatten, Linear(nameof(classes))]    Layer aux;
        [GlobalAvgPool, Flatten, Linear(nameof(classes))]                       Layer fc;
    }

    /// <summary>A member reading an earlier tap through [From] (not the row above), then a concat of both paths.</summary>
    [Network(Input = "3x8x8")]
    public partial class FromTapNet(int classes = 4)
    {
        [Conv(8, 3, Padding = 1), ReLU]                                             Layer stem;
        [Conv(8, 3, Padding = 1), ReLU]                                             Layer left;
        [From(nameof(stem)), Conv(8, 1), ReLU]                                      Layer right;
        [Concat(nameof(left)), GlobalAvgPool, Flatten, Linear(nameof(classes))]     Layer fc;
    }

    public sealed class AuxSummaryTests
    {
        /// <summary>
        /// A [From] member's first row names the tap it reads (before: empty, the table read as if right followed left);
        /// the rows that follow the row above stay empty.
        /// </summary>
        [Fact]
        public void ConnectedTo_NamesAFromMembersTap()
        {
            using var net = new FromTapNet();
            var rows = net.LayerRows;
            var rightFirst = rows.First(r => r.Path == "right");
            var merge = rows.Single(r => r.Path == "fc" && r.Kind == "Concat");
            Assert.Equal(new[] { rows.Last(r => r.Path == "stem").Name }, rightFirst.ConnectedTo);
            Assert.Equal(new[] { "left", "right" }, merge.ConnectedTo);
            Assert.All(rows.Where(r => r != rightFirst && r != merge), r => Assert.Empty(r.ConnectedTo));
            Assert.Contains("\"connectedTo\":[\"" + rows.Last(r => r.Path == "stem").Name + "\"]", net.Summary().ToJson());
        }

        /// <summary>
        /// The summary's "Connected to" names what an auxiliary head reads (its tap) and what the main path's next layer reads
        /// (before: both empty, the table read as if fc followed the head's linear layer).
        /// </summary>
        [Fact]
        public void ConnectedTo_NamesTheAuxHeadsTap_AndTheMainPathsInputAfterIt()
        {
            using var net = new EarlyTapAuxNet();
            var rows = net.LayerRows;
            var auxFirst = rows.First(r => r.Path.StartsWith("aux"));
            var fcFirst = rows.First(r => r.Path.StartsWith("fc"));
            var stemLast = rows.Last(r => r.Path == "stem");
            var midLast = rows.Last(r => r.Path == "mid");
            Assert.Equal(new[] { stemLast.Name }, auxFirst.ConnectedTo);
            Assert.Equal(new[] { midLast.Name }, fcFirst.ConnectedTo);
            Assert.All(rows.Where(r => r != auxFirst && r != fcFirst), r => Assert.Empty(r.ConnectedTo));
            string table = net.Summary().ToString();
            Assert.Contains("Connected to", table);
        }
    }
}
