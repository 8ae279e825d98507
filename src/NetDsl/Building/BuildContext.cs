using System.Collections.Generic;
using NetDsl.Graph;
using NetDsl.Shapes;

namespace NetDsl
{
    /// <summary>
    /// Carried through generated constructors: the path prefix of the module being built and the
    /// summary rows collected so far (shared by the whole model).
    /// </summary>
    public sealed class BuildContext
    {
        readonly List<LayerSummary> rows;
        readonly GraphRecorder graph;
        readonly long repeated;

        /// <summary>The root context of a network's build.</summary>
        public BuildContext() : this("", new List<LayerSummary>(), new GraphRecorder(), 1) { }

        BuildContext(string prefix, List<LayerSummary> rows, GraphRecorder graph, long repeated)
        {
            Prefix = prefix;
            this.rows = rows;
            this.graph = graph;
            this.repeated = repeated;
        }

        /// <summary>How many instances of the module being built the enclosing [Repeat]s make in all (1 outside any).</summary>
        internal long Repeated => repeated;

        /// <summary>
        /// The declared-graph node whose output the next layer reads (null: the network's input). Generated Build code
        /// saves and restores it wherever forward saves and restores its tensor (block input, branches, taps, heads). Set to
        /// another value than the last one recorded (a <c>[From]</c> tap, a branch or projection reading its block's input, the
        /// main path after an auxiliary head), the next layer reads that value, and its summary row names it ("Connected to").
        /// </summary>
        public GraphNode? Current
        {
            get => graph.Current;
            set
            {
                if (value != graph.Current) graph.Rerouted = true;
                graph.Current = value;
            }
        }

        internal GraphRecorder Graph => graph;

        /// <summary>
        /// Called by a generated block constructor before its Build: the nodes recorded until <see cref="ExitBlock"/> belong to
        /// <paramref name="block"/>, an instance of its type built with <paramref name="arguments"/> (parameter name, value).
        /// </summary>
        public void EnterBlock(object block, (string, object)[] arguments) => graph.EnterBlock(Self, block.GetType(), arguments);

        /// <summary>Closes the block <see cref="EnterBlock"/> opened.</summary>
        public void ExitBlock() => graph.ExitBlock();

        /// <summary>Nodes recorded until <see cref="EndAuxiliary"/> belong to a training-only head.</summary>
        public void BeginAuxiliary() => graph.BeginAuxiliary();

        /// <summary>Closes an auxiliary head named <paramref name="name"/>: its output is the current value.</summary>
        public void EndAuxiliary(string name, double weight) => graph.EndAuxiliary(name, weight);

        /// <summary>
        /// An auxiliary head this instance does not build (<c>[Aux(Enabled = …)]</c> false): weights saved with it (torchvision's
        /// <c>aux_logits=True</c> checkpoints) hold keys under <paramref name="module"/> that loading skips.
        /// </summary>
        public void SkipAuxiliary(string module) => graph.SkipAuxiliary(module);

        /// <summary>Records a node that is no layer of a kind (a merge) reading <paramref name="sources"/>; it becomes the current value.</summary>
        /// <paramref name="scope"/> is the path prefix of the members it merges (for the summary's "connected to").
        /// <paramref name="ownedKeys"/> are state entries the node owns under <paramref name="path"/> (layer scale's parameter).
        internal GraphNode Record(string path, string op, GraphNode?[] sources, TensorShape[] inputShapes, TensorShape output, string scope = "",
            IReadOnlyList<string>? ownedKeys = null)
        {
            var node = graph.Add(path, op, null, null, sources, inputShapes, output, ownedKeys);
            graph.Rerouted = false;   // a merge row names all it reads
            // The merge's summary row was written just before: it shows what the merge connects.
            if (rows.Count > 0 && rows[rows.Count - 1].Path == path && rows[rows.Count - 1].Kind == op)
            {
                rows[rows.Count - 1].Node = node;
                rows[rows.Count - 1].Scope = scope;
            }
            return node;
        }

        /// <summary>
        /// Records a layer of <paramref name="kind"/> reading the current value (no summary row: the row is written elsewhere or not at all).
        /// The first layer of an auxiliary head, and the first after it, read another value than the row above gives: their row names it.
        /// </summary>
        internal GraphNode Record(string path, LayerKind kind, object args, TensorShape input, TensorShape output)
        {
            var source = graph.Current;
            var node = graph.Add(path, kind.Name, kind, args, new[] { source }, new[] { input }, output);
            var row = rows.Count > 0 && rows[rows.Count - 1].Path == path ? rows[rows.Count - 1] : null;
            if (row != null) row.Produced = node;
            if (graph.Rerouted)
            {
                graph.Rerouted = false;
                // Named as the summary names the row that produced the value (its graph name where no row did).
                if (row != null)
                {
                    LayerSummary? producer = null;
                    for (int i = rows.Count - 2; i >= 0 && producer == null; i--)
                        if (source != null && (rows[i].Produced == source || rows[i].Node == source)) producer = rows[i];
                    row.Reads = new SummarySource(source, producer);
                }
            }
            return node;
        }

        /// <summary>The state-dict prefix of the module being built ("layer1.0.").</summary>
        public string Prefix { get; }

        /// <summary>Path of the module being built itself ("layer1.0"), or "" for the network.</summary>
        public string Self => Prefix.TrimEnd('.');
        /// <summary>The summary rows recorded so far.</summary>
        public IReadOnlyList<LayerSummary> Rows => rows;

        /// <summary>Full path of a member of the module being built ("layer1.0.conv1").</summary>
        public string PathOf(string name) => Prefix + name;

        /// <summary>Context for a submodule named <paramref name="name"/>.</summary>
        public BuildContext Child(string name) => new BuildContext(Prefix + name + ".", rows, graph, repeated);

        /// <summary>Context for a [Repeat] named <paramref name="name"/> of <paramref name="count"/> instances (the nested-repeat bound multiplies them).</summary>
        internal BuildContext RepeatChild(string name, int count) => new BuildContext(Prefix + name + ".", rows, graph, repeated * count);

        /// <summary>Runs a shared shape rule: records the row, or throws the rule's message.</summary>
        internal TensorShape Apply(string path, string kind, LayerOutcome outcome)
        {
            if (outcome.Issue != null) throw new ShapeException(outcome.Issue);
            rows.Add(new LayerSummary(path, kind, outcome.Output, outcome.Parameters, outcome.MultiplyAdds));
            return outcome.Output;
        }

        /// <summary>Runs <paramref name="kind"/>'s rule for member <paramref name="name"/>: records the row, or throws the rule's message.</summary>
        internal TensorShape Apply(string name, LayerKind kind, TensorShape input, object args)
        {
            string path = PathOf(name);
            var output = Apply(path, kind.RowFor(args, input), kind.Check(path, input, args));
            Record(path, kind, args, input, output);
            return output;
        }

        /// <summary>Throws when a merge rule reported an issue.</summary>
        internal static void Check(ShapeIssue? issue)
        {
            if (issue != null) throw new ShapeException(issue);
        }
    }
}
