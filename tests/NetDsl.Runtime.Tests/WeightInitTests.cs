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

    /// <summary>
    /// A DAG: two scoring convolutions added into the output, an auxiliary classifier registered after them. The head is
    /// what produces the output (both scores), not the last layer registered (the auxiliary linear layer).
    /// </summary>
    [WeightInit(Conv = InitRule.KaimingUniformFanIn, Head = InitRule.Normal, HeadStd = 0.01, ZeroBias = false)]
    [Network(Input = "3x16x16")]
    public partial class TwoScoreHeadNet(int classes = 6)
    {
        [Conv(64, 3, Padding = 1), ReLU]                                          Layer trunk;
        [Conv(nameof(classes), 1)]                                                Layer scoreA;
        [From(nameof(trunk)), Conv(nameof(classes), 1)]                           Layer scoreB;
        [Add(nameof(scoreA)), GlobalAvgPool, Flatten]                             Layer pool;
        [Aux(nameof(trunk)), GlobalAvgPool, Flatten, Linear(nameof(classes))]     Layer aux;
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

    /// <summary>Per-path rules, as torchvision's Inception v3 sets stds on its auxiliary head: a module prefix, and a longer path inside it.</summary>
    [WeightInit(Conv = InitRule.TruncatedNormal, ConvStd = 0.1, Linear = InitRule.TruncatedNormal, LinearStd = 0.1,
                ByPath = "head: TruncatedNormal(0.01), head.fc2: Zeros")]
    [Network(Input = "3x16x16")]
    public partial class ByPathNet(int classes = 6)
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

    /// <summary>A ByPath entry that names no layer.</summary>
    [WeightInit(Linear = InitRule.Normal, ByPath = "classifier: Zeros")]
    [Network(Input = "3x16x16")]
    public partial class UnknownStdPathNet(int classes = 6)
    {
        [GlobalAvgPool, Flatten]              Layer pool;
        [Linear(nameof(classes))]             Layer fc;
    }

    /// <summary>A ByPath entry without its rule's name.</summary>
    [WeightInit(Linear = InitRule.Normal, ByPath = "fc: 0.001")]
    [Network(Input = "3x16x16")]
    public partial class MalformedStdPathNet(int classes = 6)
    {
        [GlobalAvgPool, Flatten]              Layer pool;
        [Linear(nameof(classes))]             Layer fc;
    }

    /// <summary>FCN's upsampling: a stride-2 transposed convolution initialised as bilinear interpolation, the scores zero.</summary>
    [WeightInit(Conv = InitRule.KaimingNormalFanOut, ByPath = "score: Zeros, up: Bilinear")]
    [Network(Input = "3x4x4")]
    public partial class BilinearUpNet
    {
        [Conv(3, 1)]                                                      Layer score;
        [ConvTranspose(3, 4, Stride = 2, Padding = 1, Bias = false)]      Layer up;
    }

    /// <summary>A ByPath entry for an auxiliary head that a constructor argument switches off.</summary>
    [WeightInit(Linear = InitRule.Normal, ByPath = "aux: Zeros")]
    [Network(Input = "3x16x16")]
    public partial class SwitchedAuxInitNet(int classes = 6, bool auxLogits = false)
    {
        [Conv(8, 3, Padding = 1), ReLU]                                                              Layer stem;
        [Aux(nameof(stem), Enabled = nameof(auxLogits)), GlobalAvgPool, Flatten, Linear(nameof(classes))] Layer aux;
        [GlobalAvgPool, Flatten, Linear(nameof(classes))]                                            Layer fc;
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
        public void Head_IsWhatProducesTheOutput_NotTheLastLayerRegistered()
        {
            torch.manual_seed(1);
            using var net = new TwoScoreHeadNet();
            Assert.Equal(new[] { "scoreA", "scoreB" }, Initialization.WeightInitializer.HeadLayers(net).OrderBy(p => p));
            Assert.InRange(Std(Param(net, "scoreA.weight")), 0.007, 0.013);
            Assert.InRange(Std(Param(net, "scoreB.weight")), 0.007, 0.013);
            // kaiming_uniform_(fan_in) over 3x3x3 inputs: std √(2 / 27) = 0.272.
            Assert.InRange(Std(Param(net, "trunk.weight")), 0.272 * 0.9, 0.272 * 1.1);
            // The auxiliary classifier is no head: PyTorch's default, uniform in ±1/√64 (std 0.072).
            var aux = net.named_parameters().Single(p => p.name.StartsWith("aux.") && p.name.EndsWith(".weight")).parameter;
            Assert.InRange(Std(aux), 0.06, 0.085);
        }

        [Fact]
        public void Head_OfAPlainTorchSharpModule_IsItsLastDeclaredLayer()
        {
            // named_modules() lists features and fc before features.0/features.1; the head is still fc.
            torch.manual_seed(1);
            using var module = nn.Sequential(
                ("features", nn.Sequential(("0", nn.Conv2d(3, 64, 3)), ("1", nn.Conv2d(64, 64, 3)))),
                ("fc", nn.Linear(256, 6)));
            Initialization.WeightInitializer.Apply(module, new WeightInitAttribute { Head = InitRule.Normal, HeadStd = 0.01 });
            Assert.InRange(Std(module.named_parameters().First(p => p.name == "fc.weight").parameter), 0.008, 0.012);
            // PyTorch's default for the convolution: uniform in ±1/√(64·9), std 1/√(3·576) = 0.0241.
            Assert.InRange(Std(module.named_parameters().First(p => p.name == "features.1.weight").parameter), 0.0241 * 0.95, 0.0241 * 1.05);
        }

        [Fact]
        public void ByPath_SetsTheRuleUnderAPath_TheLongestPathWinning()
        {
            torch.manual_seed(1);
            using var net = new ByPathNet();
            // Truncated at ±2: at std 0.1 the bounds are 20σ away, so the std is the rule's.
            Assert.InRange(Std(Param(net, "conv1.weight")), 0.097, 0.103);
            Assert.InRange(Std(Param(net, "head.fc1.weight")), 0.0097, 0.0103);
            Assert.Equal(0.0, AbsMax(Param(net, "head.fc2.weight")));
        }

        [Fact]
        public void ByPath_NamingNoLayer_OrWithoutARule_IsAnErrorNamingTheEntry()
        {
            var unknown = Assert.ThrowsAny<Exception>(() => new UnknownStdPathNet());
            Assert.Contains("\"classifier\"", Innermost(unknown).Message);
            var malformed = Assert.ThrowsAny<Exception>(() => new MalformedStdPathNet());
            Assert.Contains("\"fc: 0.001\"", Innermost(malformed).Message);
            Assert.Contains("TruncatedNormal", Innermost(malformed).Message);
        }

        [Fact]
        public void Bilinear_MakesATransposedConvolutionUpsampleBilinearly()
        {
            // PyTorch's own bilinear upsampling (align_corners=false) equals FCN's 4x4/2 kernel away from the border.
            torch.manual_seed(1);
            using var net = new BilinearUpNet();
            Assert.Equal(0.0, AbsMax(Param(net, "score.weight")));
            var up = net.named_modules().First(m => m.name == "up").module as TorchSharp.Modules.ConvTranspose2d;
            var x = torch.rand(1, 3, 6, 6);
            using var _ = torch.no_grad();
            var ours = up!.forward(x);
            var reference = torch.nn.functional.interpolate(x, scale_factor: new double[] { 2, 2 }, mode: InterpolationMode.Bilinear, align_corners: false);
            var inner = (ours - reference)[.., .., 1..^1, 1..^1];
            Assert.True(inner.abs().max().item<float>() < 1e-6, $"interior differs by {inner.abs().max().item<float>()}");
            // Channel i feeds only channel i.
            Assert.Equal(0.0, AbsMax(up.weight![0, 1]));
        }

        [Fact]
        public void ByPath_IntoAnAuxHeadSwitchedOff_IsNoError_AndAppliesWhenItIsOn()
        {
            using var off = new SwitchedAuxInitNet();
            Assert.DoesNotContain(off.named_parameters(), p => p.name.StartsWith("aux."));
            using var on = new SwitchedAuxInitNet(auxLogits: true);
            var weight = on.named_parameters().Single(p => p.name.StartsWith("aux.") && p.name.EndsWith(".weight")).parameter;
            Assert.Equal(0.0, AbsMax(weight));
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
