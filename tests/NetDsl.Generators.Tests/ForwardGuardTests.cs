using System;
using System.Reflection;
using TorchSharp;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>The generated forward checks the tensor it gets (rank, channels, symbolic constraints); training BatchNorm refuses one value per channel as PyTorch does.</summary>
    public class ForwardGuardTests
    {
        const string Source = @"using NetDsl;
namespace Demo;
[Network(Input = ""3x16x16"")]
public partial class Net { [Conv(4, 3, Padding = 1)] Layer conv; [BatchNorm, ReLU] Layer bn; [GlobalAvgPool, Flatten] Layer pool; [Linear(2)] Layer fc; }
[Network(Input = ""3x(8k)x(8k)"", Default = ""3x16x16"")]
public partial class Sym { [MaxPool(2), MaxPool(2), MaxPool(2)] Layer pools; }
[Network(Input = ""3x8x8"")]
public partial class Pooled { [GlobalAvgPool] Layer pool; [BatchNorm] Layer bn; }
#pragma warning disable ND0105 // declared HxWxC on purpose: the forward guard names it
[Network(Input = ""16x16x3"")]
public partial class Hwc { [Conv(4, 3, Padding = 1)] Layer conv; [Flatten] Layer flat; [Linear(2)] Layer fc; }
";

        static readonly Lazy<Assembly> assembly = new(() => GeneratorHarness.Load(GeneratorHarness.Run(Source)));

        static torch.nn.Module<torch.Tensor, torch.Tensor> Create(string name) =>
            (torch.nn.Module<torch.Tensor, torch.Tensor>)Activator.CreateInstance(assembly.Value.GetType("Demo." + name)!)!;

        static string Fails(torch.nn.Module<torch.Tensor, torch.Tensor> net, params long[] shape)
        {
            using var x = torch.zeros(shape);
            return Assert.Throws<ShapeException>(() => net.forward(x).Dispose()).Message;
        }

        [Fact]
        public void A_sample_without_its_batch_dimension_is_refused_with_the_fix()
        {
            using var net = Create("Net");
            Assert.Equal("ND0001: Net: forward needs a 4-D batch of 3xHxW samples (it is built for 3x16x16) but got a 3-D tensor [3, 16, 16]; add the batch dimension (x.unsqueeze(0)).", Fails(net, 3, 16, 16));
        }

        [Fact]
        public void A_channels_last_batch_is_named_as_such()
        {
            using var net = Create("Net");
            Assert.Equal("ND0001: Net: forward got [2, 16, 16, 3], whose 16 channels are not the 3 of its input 3x16x16; the tensor looks channels-last (NxHxWxC): permute it to NxCxHxW (x.permute(0, 3, 1, 2)).", Fails(net, 2, 16, 16, 3));
            net.eval();
            using var ok = torch.zeros(2, 3, 16, 16);
            using var y = net.forward(ok);
            Assert.Equal(new long[] { 2, 2 }, y.shape);
        }

        [Fact]
        public void An_image_batch_against_an_input_declared_HxWxC_names_the_declaration()
        {
            using var net = Create("Hwc");
            Assert.Equal("ND0001: Hwc: forward got [2, 3, 16, 16], a batch of 3x16x16 images, but the Input 16x16x3 reads as 16 channels of 16x3 pixels, "
                + "which looks like HxWxC (Keras's order); NetDsl reads CxHxW: write Input = \"3x16x16\" in [Network].", Fails(net, 2, 3, 16, 16));
        }

        [Fact]
        public void A_symbolic_input_checks_its_derived_constraint_at_forward()
        {
            using var net = Create("Sym");
            Assert.StartsWith("ND0022: Sym: input 3x24x20 does not meet the constraint derived from its layers", Fails(net, 1, 3, 24, 20));
            // Both axes off: one message names each, with the sizes that work for each (not H now and W on the next run).
            Assert.Equal("ND0022: Sym: input 3x20x20 does not meet the constraints derived from its layers: H a multiple of 8 (H ≥ 8) and W a multiple of 8 (W ≥ 8); "
                + "use H = 16 or 24 and W = 16 or 24.", Fails(net, 1, 3, 20, 20));
            using var ok = torch.zeros(1, 3, 24, 24);
            using var y = net.forward(ok);
            Assert.Equal(new long[] { 1, 3, 3, 3 }, y.shape);
        }

        [Fact]
        public void Training_BatchNorm_refuses_one_value_per_channel_as_PyTorch_does()
        {
            using var net = Create("Pooled");
            net.train();
            Assert.Equal("ND0001: bn: BatchNorm2d in training mode needs more than one value per channel, got input size [1, 3, 1, 1] (PyTorch refuses it too: the batch statistics would be a single value); train with a batch of at least 2 or call eval().",
                Fails(net, 1, 3, 8, 8));
            using var two = torch.ones(2, 3, 8, 8);
            using var trained = net.forward(two);   // two values per channel: fine
            net.eval();
            using var one = torch.ones(1, 3, 8, 8);
            using var y = net.forward(one);          // eval uses running statistics: fine
            Assert.Equal(new long[] { 1, 3, 1, 1 }, y.shape);
        }
    }
}
