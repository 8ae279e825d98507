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

        [Fact]
        public void Weights_saved_with_the_auxiliary_heads_load_strictly_without_them_as_torchvisions_builder_drops_them()
        {
            // torchvision's GoogLeNet_Weights hold aux1.*/aux2.*; googlenet(weights=…, aux_logits=False) builds the heads, loads,
            // then drops them. Here the instance without heads skips their keys, strict load or fine-tuning alike.
            var input = new TensorShape(3, 64, 64);
            string dir = System.IO.Directory.CreateTempSubdirectory("netdsl-aux-weights-").FullName;
            string path = System.IO.Path.Combine(dir, "googlenet.safetensors");
            zoo::NetDsl.Zoo.Models.GoogLeNet withAux, without, threeWay;
            using (Network.BuildAt(input))
            {
                withAux = new zoo::NetDsl.Zoo.Models.GoogLeNet(6);
                without = new zoo::NetDsl.Zoo.Models.GoogLeNet(6, auxLogits: false);
                threeWay = new zoo::NetDsl.Zoo.Models.GoogLeNet(3, auxLogits: false);
            }
            try
            {
                NetDsl.Weights.WeightLoader.Save(withAux, path);
                var report = NetDsl.Weights.WeightLoader.Load(without, path);
                var auxKeys = withAux.state_dict().Keys.Where(k => k.StartsWith("aux", System.StringComparison.Ordinal)).OrderBy(k => k).ToArray();
                Assert.Equal(2 * 10, auxKeys.Length);   // per head: conv + bn (weight, bias, running mean/var, batches) and fc1, fc2
                Assert.Equal(auxKeys, report.Skipped.OrderBy(k => k).ToArray());
                Assert.True(report.Complete);
                Assert.Equal(new[] { "aux1", "aux2" }, without.Graph.SkippedAuxiliaryHeads);

                using var scope = NewDisposeScope();
                torch.manual_seed(3);
                var x = randn(2, 3, 64, 64);
                withAux.eval();
                without.eval();
                using (no_grad()) Assert.True(withAux.forward(x).allclose(without.forward(x), rtol: 0, atol: 0));

                var tuned = NetDsl.Weights.FineTuning.LoadBackbone(threeWay, path, freeze: true);
                Assert.Equal(auxKeys, tuned.Skipped.OrderBy(k => k).ToArray());
                Assert.Equal(new[] { "fc.weight", "fc.bias" }, tuned.Reinitialised.Select(m => m.Key));
                Assert.EndsWith("; skipped 20 keys of auxiliary heads this model does not build", tuned.Describe());

                // The other way round the heads' keys are missing: a strict load still names them.
                string plain = System.IO.Path.Combine(dir, "plain.safetensors");
                NetDsl.Weights.WeightLoader.Save(without, plain);
                var e = Assert.Throws<System.IO.InvalidDataException>(() => NetDsl.Weights.WeightLoader.Load(withAux, plain));
                Assert.Contains("missing keys (20): aux1.conv.conv.weight", e.Message);
            }
            finally
            {
                withAux.Dispose();
                without.Dispose();
                threeWay.Dispose();
                System.IO.Directory.Delete(dir, recursive: true);
            }
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
