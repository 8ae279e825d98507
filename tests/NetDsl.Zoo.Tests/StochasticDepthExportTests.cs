using NetDsl.Onnx;
using NetDsl.Runtime.PyTorch;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Zoo.Tests.OnnxOps
{
    /// <summary>A residual body dropped for the whole batch at once (stochastic depth in batch mode).</summary>
    [Block, Residual(StochasticDepth = 0.25, StochasticDepthMode = "batch")]
    public partial class BatchDropBlock
    {
        [Conv("C", 3, Padding = 1)] Layer conv;
    }

    /// <summary>Stochastic depth in both modes: functional after a convolution, as modules, and on a residual body.</summary>
    [Network(Input = "3x6x6")]
    public partial class StochasticDepthNet
    {
        [Conv(4, 3, Padding = 1), StochasticDepth(0.3, Mode = "batch")]   Layer conv;
        [StochasticDepth(0.2, Mode = "batch")]                           Layer drop;
        [StochasticDepth(0.2)]                                           Layer row;
        [Use(typeof(BatchDropBlock))]                                    Layer block;
        [GlobalAvgPool, Flatten, Linear(5)]                              Layer head;
    }
}

namespace NetDsl.Zoo.Tests
{
    /// <summary>Stochastic depth in batch mode is the identity in ONNX (eval semantics) and torchvision's mode="batch" in model.py.</summary>
    [Collection(ZooCollection.Name)]
    public sealed class StochasticDepthExportTests
    {
        [Fact]
        public void BatchMode_IsTheIdentityInOnnxRuntime()
        {
            using var scope = NewDisposeScope();
            manual_seed(21);
            using var net = new OnnxOps.StochasticDepthNet();
            var x = randn(2, 3, 6, 6);
            OnnxTestModels.AssertMatches("StochasticDepthNet", net, x, OnnxTestModels.Run(OnnxExport.ToBytes(net, new OnnxExportOptions { DynamicBatch = true }), x));
        }

        [Fact]
        public void ModelPy_WritesBatchModeWhereDeclared_AndRowModeAsTheDefault()
        {
            using var net = new OnnxOps.StochasticDepthNet();
            string py = PyTorchExport.ModelPy(OnnxTestModels.Entry<OnnxOps.StochasticDepthNet>("stochastic_depth"), net);
            Assert.Contains("self.drop = StochasticDepth(0.2, mode=\"batch\")", py);
            Assert.Contains("self.row = StochasticDepth(0.2)\n", py);
            Assert.Contains(", 0.3, self.training, mode=\"batch\")", py);     // after the convolution
            Assert.Contains(", 0.25, self.training, mode=\"batch\")", py);    // the residual body's drop
            Assert.Contains("def stochastic_depth(x, p, training, mode=\"row\"):", py);
        }
    }
}
