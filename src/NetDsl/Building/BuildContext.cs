using System.Collections.Generic;
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

        /// <summary>The root context of a network's build.</summary>
        public BuildContext() : this("", new List<LayerSummary>()) { }

        BuildContext(string prefix, List<LayerSummary> rows)
        {
            Prefix = prefix;
            this.rows = rows;
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
        public BuildContext Child(string name) => new BuildContext(Prefix + name + ".", rows);

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
            return Apply(path, kind.RowFor(args), kind.Check(path, input, args));
        }

        /// <summary>Throws when a merge rule reported an issue.</summary>
        internal static void Check(ShapeIssue? issue)
        {
            if (issue != null) throw new ShapeException(issue);
        }
    }
}
