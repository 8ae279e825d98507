using System.Collections.Generic;
using System.Linq;
using NetDsl.Graph;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Zoo.Tests
{
    /// <summary>
    /// Every zoo model's declared graph is complete: each state-dict entry is owned by exactly one node, each node's
    /// keys exist, every input names an earlier value, and evaluating the graph node by node
    /// (<see cref="GraphInterpreter"/>) equals the module's eval forward at the table's small input.
    /// </summary>
    [Collection(ZooCollection.Name)]
    public sealed class DeclaredGraphTests
    {
        readonly ZooFixture zoo;
        public DeclaredGraphTests(ZooFixture zoo) { this.zoo = zoo; }

        /// <summary>
        /// The check runs on the zoo fixture's build at the small input (<see cref="ZooFixture"/>, shared with ShapeTests,
        /// GradientTests and OnnxExportTests), when the first of those tests asks for it: <see cref="CheckAtSmallInput"/>.
        /// </summary>
        [Theory]
        [MemberData(nameof(Zoo.AllNames), MemberType = typeof(Zoo))]
        public void Graph_OwnsEveryStateEntryOnce_AndEvaluatesToTheEvalForward(string name)
        {
            zoo.Small(name).GraphFailure?.Throw();
        }

        /// <summary>
        /// <paramref name="net"/> built at the small input, in eval mode with its <paramref name="state"/> perturbed
        /// (<see cref="OnnxTestModels.Perturb"/>), and its eval forward <paramref name="expected"/> of <paramref name="x"/>.
        /// </summary>
        internal static void CheckAtSmallInput(string name, Network net, Dictionary<string, Tensor> state, Tensor x, Tensor expected)
        {
            var graph = net.Graph;
            var owners = state.Keys.ToDictionary(k => k, _ => new List<string>());
            foreach (var node in graph.Nodes)
                foreach (var key in node.StateKeys)
                {
                    Assert.True(owners.ContainsKey(key), $"{name}: node {node.Name} claims '{key}', which the state dict lacks");
                    owners[key].Add(node.Name);
                }
            var wrong = owners.Where(o => o.Value.Count != 1).Select(o => $"{o.Key} ({o.Value.Count} owners: {string.Join(", ", o.Value)})").ToList();
            Assert.True(wrong.Count == 0, $"{name}: state entries not owned by exactly one node: {string.Join("; ", wrong.Take(10))}");

            var seen = new HashSet<string> { DeclaredGraph.InputName };
            foreach (var node in graph.Nodes)
            {
                foreach (var input in node.Inputs) Assert.True(seen.Contains(input), $"{name}: {node.Name} reads '{input}' before it is made");
                Assert.True(seen.Add(node.Name), $"{name}: two nodes are named {node.Name}");
            }
            Assert.Equal(net.OutputShape, graph.OutputNode!.Output);

            // [WeightInit(Head = …)]'s layers: convolutions or linear layers that feed the output, none of an auxiliary head.
            var heads = Initialization.WeightInitializer.HeadLayers(net);
            Assert.NotEmpty(heads);
            var modules = net.named_modules().ToDictionary(m => m.name, m => m.module);
            foreach (var head in heads)
            {
                Assert.True(modules.TryGetValue(head, out var layer) && layer is TorchSharp.Modules.Conv2d or TorchSharp.Modules.Conv1d
                    or TorchSharp.Modules.ConvTranspose2d or TorchSharp.Modules.ConvTranspose1d or TorchSharp.Modules.Linear,
                    $"{name}: head '{head}' is no convolution or linear layer");
                Assert.DoesNotContain(graph.Nodes, n => n.Auxiliary && n.Path == head);
            }

            using var _ = no_grad();
            var actual = GraphInterpreter.Run(graph, state, x);
            Assert.Equal(expected.shape, actual.shape);
            double scale = System.Math.Max(1, expected.abs().max().item<float>());
            double diff = actual.sub(expected).abs().max().item<float>();
            Assert.True(diff <= 1e-5 * scale, $"{name}: the graph's evaluation differs from forward by {diff:E2} (scale {scale:G3})");
        }

        [Fact]
        public void Graph_OfTheOtherLayerForms_EvaluatesToTheEvalForward_AndNamesMergesAndStackedLayers()
        {
            using var scope = NewDisposeScope();
            manual_seed(6);
            using var net = new OnnxOps.OnnxOpsNet();
            net.eval();
            var state = net.state_dict();
            OnnxTestModels.Perturb(state);
            var x = randn(2, 3, 20, 20);
            using var _ = no_grad();
            var expected = net.forward(x);
            var actual = GraphInterpreter.Run(net.Graph, state, x);
            Assert.True(actual.sub(expected).abs().max().item<float>() <= 1e-5 * System.Math.Max(1, expected.abs().max().item<float>()));

            var add = net.Graph.Nodes.Single(n => n.Op == GraphOps.Add);
            Assert.Equal("branches", add.Name);
            Assert.Equal(new[] { "branches.wide", "branches.narrow.2" }, add.Inputs);   // conv, BatchNorm, Tanh: a Sequential
            Assert.Equal("branches/relu", net.Graph.Nodes.Single(n => n.Inputs.SequenceEqual(new[] { "branches" })).Name);
            Assert.Equal(new[] { "affine", "stem", "stem/lrn", "stem/gelu", "stem/channelaffine" }, net.Graph.Nodes.Take(5).Select(n => n.Name));
        }

        [Fact]
        public void Summary_NamesWhatEachConcatAndAddMerges()
        {
            using var unet = Zoo.Entry("unet").Create(Zoo.SmallInput("unet"));
            var dec4 = unet.LayerRows.Single(r => r.Path == "dec4" && r.Kind == "Concat");
            Assert.Equal(new[] { "enc4 (cropped)", "up4" }, dec4.ConnectedTo);
            Assert.Contains("enc4 (cropped) + up4", unet.Summary().ToString());
            Assert.Contains("\"connectedTo\":[\"enc4 (cropped)\",\"up4\"]", unet.Summary().ToJson());

            using var fcn = Zoo.Entry("fcn8s").Create(Zoo.SmallInput("fcn8s"));
            Assert.Equal(new[] { "score_pool4", "upscore2" }, fcn.LayerRows.Single(r => r.Path == "upscore_pool4" && r.Kind == "Add").ConnectedTo);

            using var googlenet = Zoo.Entry("googlenet").Create(Zoo.SmallInput("googlenet"));
            Assert.Equal(new[] { "inception3a.branch1", "inception3a.branch2", "inception3a.branch3", "inception3a.branch4" },
                googlenet.LayerRows.Single(r => r.Path == "inception3a" && r.Kind == "Concat").ConnectedTo);

            // A dense layer concatenates its input (the previous layer's concat) with its body's last convolution.
            using var densenet = Zoo.Entry("densenet121").Create(Zoo.SmallInput("densenet121"));
            Assert.Equal(new[] { "features.denseblock1.denselayer1", "features.denseblock1.denselayer2.conv2" },
                densenet.LayerRows.Single(r => r.Path == "features.denseblock1.denselayer2" && r.Kind == "Concat").ConnectedTo);
            Assert.Empty(googlenet.LayerRows.Single(r => r.Path == "fc").ConnectedTo);
        }

        [Fact]
        public void Graph_RecordsEachBlockInstance_WithItsTypeAndArguments()
        {
            using var net = Zoo.Entry("resnet50").Create(Zoo.SmallInput("resnet50"));
            var blocks = net.Graph.Blocks;
            Assert.Equal(3 + 4 + 6 + 3, blocks.Count);
            var first = blocks.Single(b => b.Path == "layer2.0");
            Assert.Equal("Bottleneck", first.Type.Name);
            Assert.Equal(("planes", (object)128), (first.Arguments[0].Key, first.Arguments[0].Value));
            Assert.Equal(2, first.Arguments.Single(a => a.Key == "stride").Value);
            Assert.Equal(1, blocks.Single(b => b.Path == "layer2.1").Arguments.Single(a => a.Key == "stride").Value);
            Assert.Same(first, net.Graph.Nodes.Single(n => n.Name == "layer2.0.conv2").Block);
            Assert.Same(first, net.Graph.Nodes.Single(n => n.Name == "layer2.0.downsample.0").Block);
            Assert.Null(net.Graph.Nodes.Single(n => n.Name == "fc").Block);
            // The residual add is named after its block; the ReLU after it reads it, the next block reads the ReLU.
            Assert.Equal(new[] { "layer2.0.bn3", "layer2.0.downsample.1" }, net.Graph.Nodes.Single(n => n.Name == "layer2.0").Inputs);
            Assert.Equal(new[] { "layer2.1.bn3", "layer2.0/relu" }, net.Graph.Nodes.Single(n => n.Name == "layer2.1").Inputs);
            Assert.Equal(new[] { "layer2.0/relu" }, net.Graph.Nodes.Single(n => n.Name == "layer2.1.conv1").Inputs);

            using var googlenet = Zoo.Entry("googlenet").Create(Zoo.SmallInput("googlenet"));
            var conv = googlenet.Graph.Nodes.Single(n => n.Name == "inception3a.branch2.1.conv");
            Assert.Equal("inception3a.branch2.1", conv.Block!.Path);
            Assert.Equal("inception3a", conv.Block.Parent!.Path);
            Assert.Equal("Inception", conv.Block.Parent.Type.Name);
        }
    }
}
