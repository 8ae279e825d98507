using System.Linq;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>A width that changes only channel counts: its receptive fields are the default instance's.</summary>
    [Network(Input = "3x16x16")]
    public partial class WidthNet(int width = 2, int classes = 3)
    {
        [Conv("8 * width", 3, Padding = 1), ReLU, MaxPool(2)] Layer c1;
        [Conv(16, 3, Padding = 1), ReLU]                     Layer c2;
        [GlobalAvgPool, Flatten]                             Layer pool;
        [Linear(nameof(classes))]                            Layer fc;
    }

    /// <summary><c>network.Summary()</c>: unique names, totals counted on the module, memory for a batch, the printed table.</summary>
    public sealed class SummaryApiTests
    {
        [Fact]
        public void AnInstanceBuiltWithOtherWidthsKeepsItsReceptiveFields()
        {
            using var declared = new WidthNet();
            using var wider = new WidthNet(width: 3);
            Assert.Equal(24, wider.LayerRows[0].Output.C);
            Assert.NotNull(declared.LayerRows[3].ReceptiveField);
            Assert.Equal(declared.LayerRows.Select(r => r.ReceptiveField), wider.LayerRows.Select(r => r.ReceptiveField));
            Assert.Equal(new[] { 8, 8 }, wider.LayerRows[3].ReceptiveField);   // conv 3, pool 2, conv 3: 3 + 1 + 2·2
        }

        [Fact]
        public void RowsHaveUniqueNames_StackedLayersNamedAfterTheirMember()
        {
            using var net = new ApiNet();
            var names = net.LayerRows.Select(r => r.Name).ToList();
            Assert.Equal(names.Count, names.Distinct().Count());
            Assert.Equal(new[] { "conv1", "bn1", "bn1/relu", "bn1/maxpool2d", "conv2", "bn2", "bn2/relu", "bn2/relu_2", "conv3", "bn3", "bn3/relu", "pool.0", "pool.1", "fc" }, names);
            Assert.Equal("bn2", net.LayerRows[7].Path);
            Assert.Equal("ReLU", net.LayerRows[7].Kind);
            Assert.Equal("bn1/relu  ReLU  16x16x16  params 0  MACs 0", net.LayerRows[2].ToString());
        }

        [Fact]
        public void Totals_SplitTrainableFromFrozen_CountBuffers_AndScaleMemoryWithTheBatch()
        {
            using var net = new ApiNet();
            var one = net.Summary();
            long all = net.parameters().Sum(p => p.numel());
            Assert.Equal(all, one.TotalParameters);
            Assert.Equal(net.ParameterTotal, one.TotalParameters);
            Assert.Equal(0, one.NonTrainableParameters);
            Assert.Equal(9, one.Buffers);                 // per BatchNorm: running mean, running var, batches tracked
            Assert.Equal(16 * 2 + 1 + 2 * (32 * 2 + 1), one.BufferElements);
            Assert.Equal(all * 4 + (16 + 32 + 32) * 2 * 4 + 3 * 8, one.ParameterBytes);
            long outputs = net.LayerRows.Sum(r => r.Output.Elements);
            Assert.Equal(outputs * 4, one.ActivationBytes);
            Assert.Equal(3 * 16 * 16 * 4, one.InputBytes);

            var batch = net.Summary(batchSize: 32);
            Assert.Equal(32 * one.ActivationBytes, batch.ActivationBytes);
            Assert.Equal(one.ParameterBytes, batch.ParameterBytes);

            foreach (var (name, p) in net.named_parameters())
                if (!name.StartsWith("fc.")) p.requires_grad = false;
            var frozen = net.Summary();
            Assert.Equal(6 * 32 + 6, frozen.TrainableParameters);
            Assert.Equal(all - (6 * 32 + 6), frozen.NonTrainableParameters);
        }

        [Fact]
        public void ToString_IsATable_WithEveryRowAndTheTotals()
        {
            using var net = new ApiNet();
            string text = net.Summary(batchSize: 8).ToString();
            var lines = text.Split('\n');
            Assert.StartsWith("ApiNet  input 3x16x16 → output 6  (batch 8)", lines[0]);
            Assert.Contains(lines, l => l.StartsWith("bn1/maxpool2d") && l.Contains("MaxPool2d") && l.Contains("16x8x8"));
            Assert.Contains(lines, l => l.StartsWith("conv1 ") && l.TrimEnd().EndsWith("110,592"));   // 16*27 weights x 256 positions
            Assert.Contains($"Total params: {net.ParameterTotal:N0}", text);
            Assert.Contains("Trainable params:", text);
            Assert.Contains("Non-trainable params: 0", text);
            Assert.Contains("Buffers: 9 (163 elements)", text);
            Assert.Contains("Layer outputs size (MB):", text);
            Assert.DoesNotContain("NetDsl.LayerSummary", text);
        }
    }
}
