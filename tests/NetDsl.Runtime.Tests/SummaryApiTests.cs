using System.Linq;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary><c>network.Summary()</c>: unique names, totals counted on the module, memory for a batch, the printed table.</summary>
    public sealed class SummaryApiTests
    {
        [Fact]
        public void RowsHaveUniqueNames_StackedLayersNamedAfterTheirMember()
        {
            using var net = new ApiNet();
            var names = net.LayerRows.Select(r => r.Name).ToList();
            Assert.Equal(names.Count, names.Distinct().Count());
            Assert.Equal(new[] { "conv1", "bn1", "bn1/relu", "bn1/maxpool2d", "conv2", "conv2/relu", "conv2/relu_2", "pool.0", "pool.1", "fc" }, names);
            Assert.Equal("conv2", net.LayerRows[6].Path);
            Assert.Equal("ReLU", net.LayerRows[5].Kind);
            Assert.Equal("bn1/relu  ReLU  8x16x16  params 0  MACs 0", net.LayerRows[2].ToString());
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
            Assert.Equal(3, one.Buffers);                 // bn1: running mean, running var, batches tracked
            Assert.Equal(8 + 8 + 1, one.BufferElements);
            Assert.Equal(all * 4 + 16 * 4 + 8, one.ParameterBytes);
            long outputs = net.LayerRows.Sum(r => r.Output.Elements);
            Assert.Equal(outputs * 4, one.ActivationBytes);
            Assert.Equal(3 * 16 * 16 * 4, one.InputBytes);

            var batch = net.Summary(batchSize: 32);
            Assert.Equal(32 * one.ActivationBytes, batch.ActivationBytes);
            Assert.Equal(one.ParameterBytes, batch.ParameterBytes);

            foreach (var (name, p) in net.named_parameters())
                if (!name.StartsWith("fc.")) p.requires_grad = false;
            var frozen = net.Summary();
            Assert.Equal(6 * 16 + 6, frozen.TrainableParameters);
            Assert.Equal(all - (6 * 16 + 6), frozen.NonTrainableParameters);
        }

        [Fact]
        public void ToString_IsATable_WithEveryRowAndTheTotals()
        {
            using var net = new ApiNet();
            string text = net.Summary(batchSize: 8).ToString();
            var lines = text.Split('\n');
            Assert.StartsWith("ApiNet  input 3x16x16 → output 6  (batch 8)", lines[0]);
            Assert.Contains(lines, l => l.StartsWith("bn1/maxpool2d") && l.Contains("MaxPool2d") && l.Contains("8x8x8"));
            Assert.Contains(lines, l => l.StartsWith("conv1 ") && l.TrimEnd().EndsWith("55,296"));   // 8*27 weights x 256 positions
            Assert.Contains($"Total params: {net.ParameterTotal:N0}", text);
            Assert.Contains("Trainable params:", text);
            Assert.Contains("Non-trainable params: 0", text);
            Assert.Contains("Buffers: 3 (17 elements)", text);
            Assert.Contains("Layer outputs size (MB):", text);
            Assert.DoesNotContain("NetDsl.LayerSummary", text);
        }
    }
}
