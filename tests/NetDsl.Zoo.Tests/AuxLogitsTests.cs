extern alias zoo;

using System.Linq;
using NetDsl.Shapes;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Zoo.Tests
{
    /// <summary>
    /// <c>auxLogits: false</c> (torchvision's <c>aux_logits=False</c>): Inception v3 and GoogLeNet without their auxiliary heads
    /// have torchvision's parameter counts, no auxiliary state-dict keys, no auxiliary outputs, and Inception v3 then takes
    /// inputs down to 75x75 (its head needs 299x299).
    /// </summary>
    public sealed class AuxLogitsTests
    {
        [Fact]
        public void InceptionV3_without_AuxLogits_is_torchvisions_and_runs_at_75x75()
        {
            // /usr/bin/python3 (torch 1.13.1, torchvision 0.14.1):
            // sum(p.numel() for p in torchvision.models.inception_v3(aux_logits=False, init_weights=False, num_classes=6).parameters())
            const long torchvision = 21_797_862;
            var input = new TensorShape(3, 75, 75);
            // With the head, 75x75 is refused: its 5x5 window does not fit the map Mixed_6e leaves.
            Assert.ThrowsAny<System.Exception>(() => { using (Network.BuildAt(input)) new zoo::NetDsl.Zoo.Models.InceptionV3(6).Dispose(); });

            zoo::NetDsl.Zoo.Models.InceptionV3 net;
            using (Network.BuildAt(input)) net = new zoo::NetDsl.Zoo.Models.InceptionV3(6, auxLogits: false);
            using (net) Check(net, input, torchvision, "AuxLogits");
        }

        [Fact]
        public void GoogLeNet_without_aux1_and_aux2_is_torchvisions()
        {
            // /usr/bin/python3 (torch 1.13.1, torchvision 0.14.1):
            // sum(p.numel() for p in torchvision.models.googlenet(aux_logits=False, init_weights=False, num_classes=6).parameters())
            const long torchvision = 5_606_054;
            var input = new TensorShape(3, 64, 64);
            zoo::NetDsl.Zoo.Models.GoogLeNet net;
            using (Network.BuildAt(input)) net = new zoo::NetDsl.Zoo.Models.GoogLeNet(6, auxLogits: false);
            using (net) Check(net, input, torchvision, "aux");
        }

        static void Check(Network net, TensorShape input, long torchvision, string auxPrefix)
        {
            Assert.Equal(torchvision, net.parameters().Sum(p => p.numel()));
            Assert.Equal(torchvision, net.ParameterTotal);
            Assert.DoesNotContain(net.state_dict().Keys, k => k.StartsWith(auxPrefix, System.StringComparison.Ordinal));
            Assert.DoesNotContain(net.LayerRows, r => r.Path.StartsWith(auxPrefix, System.StringComparison.Ordinal));

            using var scope = NewDisposeScope();
            torch.manual_seed(5);
            var x = randn(2, input.C, input.H, input.W);
            net.eval();
            using (no_grad()) Assert.Equal(new long[] { 2, 6 }, net.forward(x).shape);
            net.train();
            using var outputs = Assert.IsAssignableFrom<IAuxiliaryHeads>(net).ForwardTraining(x);
            Assert.Equal(new long[] { 2, 6 }, outputs.Main.shape);
            Assert.Empty(outputs.Auxiliary);
        }
    }
}
