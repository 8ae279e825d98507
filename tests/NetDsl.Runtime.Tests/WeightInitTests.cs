using System;
using System.Linq;
using NetDsl;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

#pragma warning disable ND0104 // tiny networks: they test the initialisation, not the depth their input needs
namespace NetDsl.Runtime.Tests
{
    /// <summary>A wide plain stack initialised as torchvision's VGG: He (fan-out) convolutions, N(0, 0.01) linear layers, zero biases.</summary>
    [WeightInit(Conv = InitRule.KaimingNormalFanOut, Linear = InitRule.Normal, LinearStd = 0.01)]
    [Network(Input = "3x16x16")]
    public partial class HeInitNet(int classes = 6)
    {
        [Conv(256, 3, Padding = 1), ReLU]      Layer conv1;
        [Conv(256, 3, Padding = 1), ReLU]      Layer conv2;
        [GlobalAvgPool, Flatten]              Layer pool;
        [Linear(512), ReLU]                   Layer fc1;
        [Linear(nameof(classes))]             Layer fc;
    }

    /// <summary>The same stack with SqueezeNet's rule: Kaiming-uniform convolutions, the last layer (head) N(0, 0.01).</summary>
    [WeightInit(Conv = InitRule.KaimingUniformFanIn, Head = InitRule.Normal, HeadStd = 0.01, ZeroBias = false)]
    [Network(Input = "3x16x16")]
    public partial class HeadInitNet(int classes = 6)
    {
        [Conv(256, 3, Padding = 1), ReLU]      Layer conv1;
        [Conv(256, 3, Padding = 1), ReLU]      Layer conv2;
        [GlobalAvgPool, Flatten]              Layer pool;
        [Linear(512), ReLU]                   Layer fc1;
        [Linear(nameof(classes))]             Layer fc;
    }

    /// <summary>The same stack without [WeightInit]: PyTorch's default init (uniform in ±1/√fan_in).</summary>
    [Network(Input = "3x16x16")]
    public partial class DefaultInitNet(int classes = 6)
    {
        [Conv(256, 3, Padding = 1), ReLU]      Layer conv1;
        [Conv(256, 3, Padding = 1), ReLU]      Layer conv2;
        [GlobalAvgPool, Flatten]              Layer pool;
        [Linear(512), ReLU]                   Layer fc1;
        [Linear(nameof(classes))]             Layer fc;
    }

    /// <summary>Per-path stds, as torchvision's Inception v3 sets on its auxiliary head: a module prefix, and a longer path inside it.</summary>
    [WeightInit(Conv = InitRule.TruncatedNormal, ConvStd = 0.1, Linear = InitRule.TruncatedNormal, LinearStd = 0.1,
                StdByPath = "head: 0.01, head.fc2: 0.001")]
    [Network(Input = "3x16x16")]
    public partial class StdByPathNet(int classes = 6)
    {
        [Conv(256, 3, Padding = 1), ReLU]                        Layer conv1;
        [GlobalAvgPool, Flatten]                                 Layer pool;
        [Use(typeof(TwoLinear), 512, nameof(classes))]           Layer head;
    }

    /// <summary>Two linear layers, fc1 and fc2, for a path inside a block.</summary>
    [Block]
    public partial class TwoLinear(int hidden, int outputs)
    {
        [Linear(nameof(hidden)), ReLU]      Layer fc1;
        [Linear(nameof(outputs))]           Layer fc2;
    }

    /// <summary>A StdByPath entry that names no layer.</summary>
    [WeightInit(Linear = InitRule.Normal, StdByPath = "classifier: 0.001")]
    [Network(Input = "3x16x16")]
    public partial class UnknownStdPathNet(int classes = 6)
    {
        [GlobalAvgPool, Flatten]              Layer pool;
        [Linear(nameof(classes))]             Layer fc;
    }

    /// <summary>A StdByPath entry without a std.</summary>
    [WeightInit(Linear = InitRule.Normal, StdByPath = "fc 0.001")]
    [Network(Input = "3x16x16")]
    public partial class MalformedStdPathNet(int classes = 6)
    {
        [GlobalAvgPool, Flatten]              Layer pool;
        [Linear(nameof(classes))]             Layer fc;
    }

    public class WeightInitTests
    {
        static double Std(Tensor t) => t.std().item<float>();
        static double AbsMax(Tensor t) => t.abs().max().item<float>();
        static Tensor Param(Network n, string name) => n.named_parameters().First(p => p.name == name).parameter;

        [Fact]
        public void WeightInit_FollowsTheDeclaredRules_PerKind()
        {
            torch.manual_seed(1);
            using var net = new HeInitNet();
            // kaiming_normal_(fan_out, relu): std √(2 / (256·3·3)) = 0.0295; linear N(0, 0.01); biases zero.
            Assert.InRange(Std(Param(net, "conv2.weight")), 0.0295 * 0.97, 0.0295 * 1.03);
            Assert.InRange(Std(Param(net, "fc1.weight")), 0.0097, 0.0103);
            Assert.Equal(0.0, AbsMax(Param(net, "conv1.bias")));
            Assert.Equal(0.0, AbsMax(Param(net, "fc.bias")));
        }

        [Fact]
        public void Head_TakesItsOwnRule_AndBiasesStayWhenZeroBiasIsOff()
        {
            torch.manual_seed(1);
            using var net = new HeadInitNet();
            // kaiming_uniform_(fan_in, relu): bound √(6 / (256·3·3)) = 0.051, std bound/√3 = 0.0295.
            Assert.InRange(Std(Param(net, "conv2.weight")), 0.0295 * 0.97, 0.0295 * 1.03);
            Assert.InRange(Std(Param(net, "fc.weight")), 0.008, 0.012);
            // fc1 is not the head and Linear has no rule: PyTorch's default, uniform in ±1/√256.
            Assert.InRange(AbsMax(Param(net, "fc1.weight")), 0.055, 1 / 16.0 + 1e-6);
            Assert.NotEqual(0.0, AbsMax(Param(net, "conv1.bias")));
        }

        [Fact]
        public void StdByPath_SetsTheStdUnderAPath_TheLongestPathWinning()
        {
            torch.manual_seed(1);
            using var net = new StdByPathNet();
            // Truncated at ±2: at std 0.1 the bounds are 20σ away, so the std is the rule's.
            Assert.InRange(Std(Param(net, "conv1.weight")), 0.097, 0.103);
            Assert.InRange(Std(Param(net, "head.fc1.weight")), 0.0097, 0.0103);
            Assert.InRange(Std(Param(net, "head.fc2.weight")), 0.0008, 0.0012);
        }

        [Fact]
        public void StdByPath_NamingNoLayer_OrWithoutAStd_IsAnErrorNamingTheEntry()
        {
            var unknown = Assert.ThrowsAny<Exception>(() => new UnknownStdPathNet());
            Assert.Contains("\"classifier\"", Innermost(unknown).Message);
            var malformed = Assert.ThrowsAny<Exception>(() => new MalformedStdPathNet());
            Assert.Contains("\"fc 0.001\"", Innermost(malformed).Message);
        }

        static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

        [Fact]
        public void WithoutTheAttribute_EveryLayerKeepsPyTorchsDefault()
        {
            torch.manual_seed(1);
            using var net = new DefaultInitNet();
            // Uniform in ±1/√(256·9): std 1/√(3·2304) = 0.0120, far from He's 0.0295.
            Assert.InRange(Std(Param(net, "conv2.weight")), 0.0120 * 0.97, 0.0120 * 1.03);
            Assert.NotEqual(0.0, AbsMax(Param(net, "conv1.bias")));
        }
    }
}
