using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.ExceptionServices;
using NetDsl.Shapes;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Zoo.Tests
{
    /// <summary>
    /// All zoo tests share one collection: they run one after another (the big models are hundreds of MB
    /// each and the machine has two cores), and each model is built once at its declared input (no forward
    /// pass: efficientnet_b7 at 600, the segmentation models at 520) and once at its table row's small input
    /// (the declared graph and ONNX checks, an eval forward and one training step), whichever tests ask first.
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
    }

    /// <summary>
    /// One network built with <c>entry.Create(small)</c> (so sizes baked in at build time, e.g. Upsample to
    /// InH x InW, follow the small input): a forward pass in eval mode, then a training step.
    /// </summary>
    public sealed class SmallRun
    {
        public string Name { get; init; } = "";
        public TensorShape InputShape { get; init; }
        public TensorShape OutputShape { get; init; }
        public long ParameterTotal { get; init; }

        /// <summary>Eval mode, no_grad: [2, C, H, W] in, the output's shape and whether every value is finite.</summary>
        public long[] ForwardInput { get; init; } = Array.Empty<long>();
        public long[] ForwardOutput { get; init; } = Array.Empty<long>();
        public bool ForwardFinite { get; init; }

        /// <summary>Training mode: the task's loss (plus weighted auxiliary losses) and its backward pass.</summary>
        public long[] TrainingOutput { get; init; } = Array.Empty<long>();
        public double Loss { get; init; }
        public int ParameterTensors { get; init; }
        public IReadOnlyList<string> NoGradient { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> ZeroGradient { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> WrongGradientShape { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> NonFiniteGradient { get; init; } = Array.Empty<string>();

        /// <summary>num_batches_tracked of every BatchNorm after the one training step.</summary>
        public IReadOnlyDictionary<string, long> BatchesTracked { get; init; } = new Dictionary<string, long>();

        /// <summary>
        /// What <see cref="DeclaredGraphTests.CheckAtSmallInput"/> threw on this build (null: it passed); its test rethrows it.
        /// </summary>
        public ExceptionDispatchInfo? GraphFailure { get; init; }

        /// <summary>What <see cref="OnnxExportTests.CheckAtSmallInput"/> threw on this build (null: it passed); its test rethrows it.</summary>
        public ExceptionDispatchInfo? OnnxFailure { get; init; }

        /// <summary>The ONNX check's line for the test output (the difference and the file's size, or the refusal).</summary>
        public string OnnxReport { get; init; } = "";

        /// <summary>Whether <see cref="OnnxCheckerTests.CheckAtSmallInput"/> ran on this build (<see cref="OnnxCheckerTests.Checks"/>).</summary>
        public bool CheckerRan { get; init; }

        /// <summary>What <see cref="OnnxCheckerTests.CheckAtSmallInput"/> threw on this build (null: it passed or did not run); its test rethrows it.</summary>
        public ExceptionDispatchInfo? CheckerFailure { get; init; }
    }

    /// <summary>
    /// Builds each catalogue model once at its declared input and once at its small input, on first request. The small
    /// build serves five test classes (a zoo model takes seconds to minutes to build: regnet_y_128gf initialises 644M
    /// weights): DeclaredGraphTests', OnnxExportTests' and OnnxCheckerTests' eval checks run on it first, then ShapeTests' forward and
    /// GradientTests' training step run on it exactly as on a fresh build (the state the checks perturb and torch's random
    /// state are put back).
    /// </summary>
    public sealed class ZooFixture : IDisposable
    {
        readonly Dictionary<string, ModelFacts> facts = new Dictionary<string, ModelFacts>();
        readonly Dictionary<string, SmallRun> small = new Dictionary<string, SmallRun>();

        public SmallRun Small(string name)
        {
            lock (small)
            {
                if (!small.TryGetValue(name, out var known))
                {
                    known = RunSmall(Zoo.Entry(name), Zoo.Row(name).Small);
                    small[name] = known;
                }
                return known;
            }
        }

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

        /// <summary>At the declared input, without a forward pass (efficientnet_b7 at 600, the segmentation models at 520).</summary>
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

                return new ModelFacts
                {
                    Name = entry.Name,
                    DeclaredInput = net.DeclaredInput,
                    InputShape = net.InputShape,
                    OutputShape = net.OutputShape,
                    ParameterTotal = net.ParameterTotal,
                    MultiplyAddTotal = net.MultiplyAddTotal,
                    Summary = net.LayerRows.ToList(),
                    TrainableNumel = parameters.Where(p => p.parameter.requires_grad).Sum(p => p.parameter.numel()),
                    ParameterTensors = parameters.Count,
                    FrozenParameterTensors = parameters.Count(p => !p.parameter.requires_grad),
                    NumelByModule = numelByModule,
                    StateDict = stateDict,
                    ModuleOrder = order,
                    ParameterKeys = parameters.Select(p => p.name).ToList(),
                    BufferKeys = buffers.Select(b => b.name).ToList(),
                };
            }
            finally
            {
                net.Dispose();
            }
        }

        /// <summary>
        /// A [WeightInit(ZeroInitResidual = true)] family starts each residual branch's closing BatchNorm at scale 0, so by
        /// design its first backward gives the layers before it no gradient; the wiring checks run with those scales at 1.
        /// </summary>
        static void OpenZeroedBranches(nn.Module net)
        {
            using var _ = torch.no_grad();
            foreach (var module in net.modules())
                if (module is TorchSharp.Modules.BatchNorm { weight: Tensor scale } && scale.abs().max().item<float>() == 0) scale.fill_(Scalars.One);
        }

        static SmallRun RunSmall(ModelEntry entry, TensorShape small)
        {
            using var scope = torch.NewDisposeScope();
            torch.manual_seed(1234);
            var net = entry.Create(small);
            try
            {
                var eval = CheckEval(entry.Name, net, small);
                OpenZeroedBranches(net);

                long[] input = Zoo.Batch(2, small);
                long[] output;
                bool finite;
                net.eval();
                using (torch.no_grad())
                {
                    var y = net.forward(torch.randn(input));
                    output = y.shape;
                    finite = y.isfinite().all().item<bool>();
                }

                net.train();
                var x = torch.randn(input);
                Tensor main, loss;
                if (net is IAuxiliaryHeads heads)
                {
                    // The auxiliary heads run only here: their parameters learn through their weighted losses.
                    var outputs = heads.ForwardTraining(x);
                    main = outputs.Main;
                    loss = Loss(entry.Task, main, x);
                    using var held = new ScalarScope();
                    foreach (var aux in outputs.Auxiliary) loss = loss.add(Loss(entry.Task, aux.Output, x), alpha: held[aux.Weight]);
                }
                else
                {
                    main = net.forward(x);
                    loss = Loss(entry.Task, main, x);
                }
                double lossValue = loss.item<float>();
                loss.backward();

                var parameters = net.named_parameters().ToList();
                var none = new List<string>();
                var zero = new List<string>();
                var wrongShape = new List<string>();
                var nonFinite = new List<string>();
                foreach (var (name, p) in parameters)
                {
                    var grad = p.grad;
                    if (grad is null) { none.Add(name); continue; }
                    if (!grad.shape.SequenceEqual(p.shape)) wrongShape.Add(name);
                    else if (!grad.isfinite().all().item<bool>()) nonFinite.Add(name);
                    else if (grad.count_nonzero().item<long>() == 0) zero.Add(name);
                }

                return new SmallRun
                {
                    Name = entry.Name,
                    InputShape = net.InputShape,
                    OutputShape = net.OutputShape,
                    ParameterTotal = net.ParameterTotal,
                    ForwardInput = input,
                    ForwardOutput = output,
                    ForwardFinite = finite,
                    TrainingOutput = main.shape,
                    Loss = lossValue,
                    ParameterTensors = parameters.Count,
                    NoGradient = none,
                    ZeroGradient = zero,
                    WrongGradientShape = wrongShape,
                    NonFiniteGradient = nonFinite,
                    BatchesTracked = net.named_buffers().Where(b => b.name.EndsWith("num_batches_tracked"))
                        .ToDictionary(b => b.name, b => b.buffer.item<long>()),
                    GraphFailure = eval.Graph,
                    OnnxFailure = eval.Onnx,
                    OnnxReport = eval.OnnxReport,
                    CheckerRan = eval.CheckerRan,
                    CheckerFailure = eval.Checker,
                };
            }
            finally
            {
                net.Dispose();
            }
        }

        /// <summary>
        /// The eval-mode checks of DeclaredGraphTests, OnnxExportTests and (for its families) OnnxCheckerTests on the freshly built <paramref name="net"/>: running
        /// statistics, deformable offsets and layer scales perturbed (<see cref="OnnxTestModels.Perturb"/>), one random batch
        /// of 2 and its eval forward, which the graph's evaluation and ONNX Runtime must both reproduce. Each check's failure is
        /// kept for its own test. Afterwards the perturbed tensors and torch's random state are as they were, so the rest of
        /// <see cref="RunSmall"/> sees the network as built.
        /// </summary>
        static (ExceptionDispatchInfo? Graph, ExceptionDispatchInfo? Onnx, string OnnxReport, bool CheckerRan, ExceptionDispatchInfo? Checker)
            CheckEval(string name, Network net, TensorShape small)
        {
            using var scope = torch.NewDisposeScope();
            using var random = torch.random.get_rng_state();
            var state = net.state_dict();
            var saved = new Dictionary<string, Tensor>();
            using (torch.no_grad())
                foreach (var (key, t) in state)
                    if (OnnxTestModels.IsPerturbed(key)) saved[key] = t.clone();
            try
            {
                net.eval();
                OnnxTestModels.Perturb(state);
                var x = torch.randn(Zoo.Batch(2, small));
                Tensor expected;
                using (torch.no_grad()) expected = net.forward(x);

                ExceptionDispatchInfo? graph = null, onnx = null;
                string report = "";
                try { DeclaredGraphTests.CheckAtSmallInput(name, net, state, x, expected); }
                catch (Exception e) { graph = ExceptionDispatchInfo.Capture(e); }
                try { report = OnnxExportTests.CheckAtSmallInput(name, net, x, expected); }
                catch (Exception e) { onnx = ExceptionDispatchInfo.Capture(e); }
                bool checkerRan = OnnxCheckerTests.Checks(name);
                ExceptionDispatchInfo? checker = null;
                if (checkerRan)
                {
                    try { OnnxCheckerTests.CheckAtSmallInput(name, net); }
                    catch (Exception e) { checker = ExceptionDispatchInfo.Capture(e); }
                }
                return (graph, onnx, report, checkerRan, checker);
            }
            finally
            {
                using (torch.no_grad())
                    foreach (var (key, t) in saved) state[key].copy_(t);
                torch.random.set_rng_state(random);
            }
        }

        /// <summary>
        /// The task's loss on random targets: cross-entropy over classes (per pixel for segmentation),
        /// mean squared error against the input (reconstruction) or a random map (detection).
        /// </summary>
        static Tensor Loss(ModelTask task, Tensor y, Tensor x)
        {
            switch (task)
            {
                case ModelTask.Classification:
                    return nn.functional.cross_entropy(y, torch.randint(0, y.shape[1], new[] { y.shape[0] }, dtype: ScalarType.Int64));
                case ModelTask.Segmentation:
                    return nn.functional.cross_entropy(y, torch.randint(0, y.shape[1], new[] { y.shape[0], y.shape[2], y.shape[3] }, dtype: ScalarType.Int64));
                case ModelTask.Reconstruction:
                    return nn.functional.mse_loss(y, x);
                default:
                    return nn.functional.mse_loss(y, torch.randn_like(y));
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
            lock (small) small.Clear();
        }
    }
}
