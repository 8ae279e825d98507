using System;
using System.Collections.Generic;
using System.Linq;
using NetDsl.Shapes;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Zoo.Tests
{
    /// <summary>
    /// All zoo tests share one collection: they run one after another (the big models are hundreds of MB
    /// each and the machine has two cores), and each model is built at its declared input once.
    /// </summary>
    [CollectionDefinition(Name)]
    public sealed class ZooCollection : ICollectionFixture<ZooFixture>
    {
        public const string Name = "zoo";
    }

    /// <summary>What one network built at its declared input looks like; the module itself is disposed.</summary>
    public sealed class ModelFacts
    {
        public string Name { get; init; } = "";
        public TensorShape DeclaredInput { get; init; }
        public TensorShape InputShape { get; init; }
        public TensorShape OutputShape { get; init; }
        public long ParameterTotal { get; init; }
        public long MultiplyAddTotal { get; init; }
        public IReadOnlyList<LayerSummary> Summary { get; init; } = Array.Empty<LayerSummary>();

        /// <summary>Sum of numel over parameters with requires_grad.</summary>
        public long TrainableNumel { get; init; }
        public int ParameterTensors { get; init; }
        public int FrozenParameterTensors { get; init; }

        /// <summary>Parameter numel per owning module path ("layer1.0.conv1"; "" for the root).</summary>
        public IReadOnlyDictionary<string, long> NumelByModule { get; init; } = new Dictionary<string, long>();

        /// <summary>TorchSharp's state_dict(), in its own order (all parameters, then all buffers).</summary>
        public IReadOnlyList<StateEntry> StateDict { get; init; } = Array.Empty<StateEntry>();

        /// <summary>
        /// PyTorch's state-dict order rebuilt from the module tree: each module's own parameters
        /// (named_parameters(recurse: false)), then its own buffers, then its children in registration order.
        /// </summary>
        public IReadOnlyList<StateEntry> ModuleOrder { get; init; } = Array.Empty<StateEntry>();

        public IReadOnlyList<string> ParameterKeys { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> BufferKeys { get; init; } = Array.Empty<string>();

        /// <summary>The input of the small forward pass ([2, C, H, W]) and the output it gave.</summary>
        public long[] SmallForwardInput { get; init; } = Array.Empty<long>();
        public long[] SmallForwardOutput { get; init; } = Array.Empty<long>();
        public bool SmallForwardFinite { get; init; }
    }

    /// <summary>Builds each catalogue model once (at its declared input), on first request.</summary>
    public sealed class ZooFixture : IDisposable
    {
        readonly Dictionary<string, ModelFacts> facts = new Dictionary<string, ModelFacts>();

        public ModelFacts Facts(string name)
        {
            lock (facts)
            {
                if (!facts.TryGetValue(name, out var known))
                {
                    known = Build(Zoo.Entry(name));
                    facts[name] = known;
                }
                return known;
            }
        }

        static ModelFacts Build(ModelEntry entry)
        {
            using var scope = torch.NewDisposeScope();
            torch.manual_seed(7);
            var net = entry.Create();
            try
            {
                var parameters = net.named_parameters().ToList();
                var buffers = net.named_buffers().ToList();
                var stateDict = net.state_dict().Select(kv => new StateEntry(kv.Key, kv.Value.shape)).ToList();

                var order = new List<StateEntry>();
                var numelByModule = new Dictionary<string, long>();
                Walk(net, "", order, numelByModule);

                // A forward pass at a small input through this very instance: the torchvision models end in
                // adaptive pooling, so their weights do not depend on the spatial size.
                var small = Zoo.SmallInput(entry.Name);
                long[] input = { 2, small.C, small.H, small.W };
                long[] output;
                bool finite;
                net.eval();
                using (torch.no_grad())
                {
                    var y = net.forward(torch.randn(input));
                    output = y.shape;
                    finite = y.isfinite().all().item<bool>();
                }

                return new ModelFacts
                {
                    Name = entry.Name,
                    DeclaredInput = net.DeclaredInput,
                    InputShape = net.InputShape,
                    OutputShape = net.OutputShape,
                    ParameterTotal = net.ParameterTotal,
                    MultiplyAddTotal = net.MultiplyAddTotal,
                    Summary = net.Summary.ToList(),
                    TrainableNumel = parameters.Where(p => p.parameter.requires_grad).Sum(p => p.parameter.numel()),
                    ParameterTensors = parameters.Count,
                    FrozenParameterTensors = parameters.Count(p => !p.parameter.requires_grad),
                    NumelByModule = numelByModule,
                    StateDict = stateDict,
                    ModuleOrder = order,
                    ParameterKeys = parameters.Select(p => p.name).ToList(),
                    BufferKeys = buffers.Select(b => b.name).ToList(),
                    SmallForwardInput = input,
                    SmallForwardOutput = output,
                    SmallForwardFinite = finite,
                };
            }
            finally
            {
                net.Dispose();
            }
        }

        static void Walk(nn.Module module, string prefix, List<StateEntry> order, Dictionary<string, long> numelByModule)
        {
            string path = prefix.Length == 0 ? "" : prefix.TrimEnd('.');
            long own = 0;
            foreach (var (name, p) in module.named_parameters(recurse: false))
            {
                order.Add(new StateEntry(prefix + name, p.shape));
                own += p.numel();
            }
            if (own != 0) numelByModule[path] = own;
            foreach (var (name, b) in module.named_buffers(recurse: false))
                order.Add(new StateEntry(prefix + name, b.shape));
            foreach (var (name, child) in module.named_children())
                Walk(child, prefix + name + ".", order, numelByModule);
        }

        public void Dispose()
        {
            lock (facts) facts.Clear();
        }
    }
}
