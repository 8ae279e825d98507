using System.Linq;
using NetDsl.Shapes;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Zoo.Tests
{
    /// <summary>
    /// GoogLeNet's auxiliary heads (aux1 on inception4a, aux2 on inception4d), as torchvision 0.14 builds them:
    /// in training they give two extra [N, 1000] outputs whose losses are weighted 0.3; inference returns the
    /// main logits only; without them the network is the published 6,624,904-parameter GoogLeNet.
    /// </summary>
    [Collection(ZooCollection.Name)]
    public sealed class GoogLeNetTests
    {
        readonly ZooFixture zoo;
        public GoogLeNetTests(ZooFixture zoo) { this.zoo = zoo; }

        static readonly TensorShape Small = new TensorShape(3, 64, 64);

        [Fact]
        public void ForwardTraining_InTrainingMode_GivesMainAndTwoAuxiliaryOutputs_Weighted03()
        {
            using var scope = torch.NewDisposeScope();
            torch.manual_seed(3);
            using var net = Zoo.Entry("googlenet").Create(Small);
            var heads = Assert.IsAssignableFrom<IAuxiliaryHeads>(net);
            net.train();
            using var outputs = heads.ForwardTraining(torch.randn(2, 3, 64, 64));

            Assert.Equal(new long[] { 2, 1000 }, outputs.Main.shape);
            Assert.Equal(2, outputs.Auxiliary.Count);
            Assert.Equal(new[] { "aux1", "aux2" }, outputs.Auxiliary.Select(a => a.Name).OrderBy(n => n, System.StringComparer.Ordinal));
            foreach (var aux in outputs.Auxiliary)
            {
                Assert.Equal(new long[] { 2, 1000 }, aux.Output.shape);
                Assert.Equal(0.3, aux.Weight, 12);
                Assert.True(aux.Output.isfinite().all().item<bool>(), $"{aux.Name}: non-finite output");
            }
        }

        [Fact]
        public void Forward_ReturnsTheMainLogitsOnly_InBothModes()
        {
            using var scope = torch.NewDisposeScope();
            torch.manual_seed(4);
            using var net = Zoo.Entry("googlenet").Create(Small);
            var x = torch.randn(2, 3, 64, 64);

            net.eval();
            using (torch.no_grad())
            {
                var y = net.forward(x);
                Assert.Equal(new long[] { 2, 1000 }, y.shape);
                // In eval mode (no dropout) ForwardTraining's main output is forward's output.
                using var outputs = ((IAuxiliaryHeads)net).ForwardTraining(x);
                Assert.True(outputs.Main.allclose(y), "ForwardTraining's main output differs from forward's in eval mode");
            }

            net.train();
            Assert.Equal(new long[] { 2, 1000 }, net.forward(x).shape);
        }

        /// <summary>
        /// torchvision 0.14: GoogLeNet_Weights.IMAGENET1K_V1.meta["num_params"] = 6,624,904 (aux_logits=False),
        /// googlenet(weights=None) = 13,004,888 with aux1/aux2. Counted both from the summary rows and from the
        /// built module's named_parameters().
        /// </summary>
        [Fact]
        public void CountWithoutAuxiliaryHeads_IsThePublishedOne()
        {
            const long withoutAux = 6_624_904, withAux = 13_004_888;
            var facts = zoo.Facts("googlenet");
            static bool IsAux(string path) => path == "aux1" || path == "aux2" || path.StartsWith("aux1.") || path.StartsWith("aux2.");

            Assert.Equal(withAux, facts.ParameterTotal);
            Assert.Equal(withoutAux, facts.Summary.Where(r => !IsAux(r.Path)).Sum(r => r.Parameters));
            Assert.Equal(withoutAux, facts.NumelByModule.Where(kv => !IsAux(kv.Key)).Sum(kv => kv.Value));
            Assert.Equal(withAux - withoutAux, facts.Summary.Where(r => IsAux(r.Path)).Sum(r => r.Parameters));
            Assert.True(facts.ParameterKeys.Count(k => IsAux(k)) > 0);
        }
    }
}
