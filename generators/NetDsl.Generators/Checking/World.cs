using System;
using System.Collections.Generic;
using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>
    /// What one instance is checked on: the declaration, the blocks it reaches and its input. A suggested fix is
    /// tried on an edited copy of it, so it is offered only once the same rules accept it.
    /// </summary>
    internal sealed class World
    {
        public World(DeclarationSpec decl, IReadOnlyDictionary<string, DeclarationSpec> blocks, IReadOnlyDictionary<string, Expressions.Scalar> env, TensorShape input,
            LocationInfo? inputAt)
        {
            InputAt = inputAt;
            Decl = decl;
            Blocks = blocks;
            Env = env;
            Input = input;
        }

        public DeclarationSpec Decl { get; }
        public IReadOnlyDictionary<string, DeclarationSpec> Blocks { get; }
        public IReadOnlyDictionary<string, Expressions.Scalar> Env { get; }
        public TensorShape Input { get; }
        /// <summary>Where the instance's concrete input is written (null for a symbolic one: its constraints are derived instead).</summary>
        public LocationInfo? InputAt { get; }

        /// <summary>The instance walked again: the diagnostics it reports (nothing is kept).</summary>
        public List<DiagnosticInfo> Check() => Walk().Errors;

        /// <summary>
        /// The instance walked again: its errors, and the lints its layers and merges raise (before any fix search); with
        /// <paramref name="wholeInstance"/>, also those reported once the instance checks (ND0104, ND0105), so a fix search sees a
        /// fix that would raise one.
        /// </summary>
        public (List<DiagnosticInfo> Errors, List<DiagnosticInfo> Lints) Walk(bool wholeInstance = false)
        {
            var found = new List<DiagnosticInfo>();
            var run = new Instantiator(Blocks, found);
            run.Active.Add(Decl.FullName);
            var shape = Input;
            bool ok = run.Run(Decl, Env, "", ref shape) && OutputDeclaration.Check(run, Decl, Input, shape) && !run.Failed;
            if (!wholeInstance || !ok || InputAt == null) return (found, run.Lints);
            var lints = new List<DiagnosticInfo>(run.Lints);
            if (ArchitectureLints.ShallowField(this, run, shape, suggestInput: false) is { } shallow) lints.Add(shallow);
            if (ArchitectureLints.ChannelsLastInput(this, offerEdit: false) is { } layout) lints.Add(layout);
            return (found, lints);
        }

        public World WithInput(TensorShape input) => new World(Decl, Blocks, Env, input, InputAt);

        /// <summary>The instance with the network's parameter <paramref name="name"/> set to <paramref name="value"/> (its default or variant argument edited).</summary>
        public World WithParameter(string name, Expressions.Scalar value)
        {
            var env = new Dictionary<string, Expressions.Scalar>();
            foreach (var pair in Env) env[pair.Key] = pair.Value;
            env[name] = value;
            return new World(Decl, Blocks, env, Input, InputAt);
        }

        /// <summary>Every declaration (the network and its blocks) passed through <paramref name="edit"/>.</summary>
        public World Map(Func<DeclarationSpec, DeclarationSpec> edit)
        {
            var blocks = new Dictionary<string, DeclarationSpec>();
            foreach (var pair in Blocks) blocks[pair.Key] = edit(pair.Value);
            return new World(edit(Decl), blocks, Env, Input, InputAt);
        }

        /// <summary>Every member passed through <paramref name="edit"/>.</summary>
        public World MapMembers(Func<MemberSpec, MemberSpec> edit) => Map(d =>
        {
            var members = new List<MemberSpec>();
            foreach (var m in d.Members) members.Add(edit(m));
            return d with { Members = EquatableArray.From(members) };
        });

        /// <summary>The layer written at <paramref name="target"/> replaced by what <paramref name="edit"/> gives (one or more layers).</summary>
        public World MapLayer(LayerSpec target, Func<LayerSpec, IEnumerable<LayerSpec>> edit) => MapMembers(m =>
        {
            if (!Contains(m, target)) return m;
            var layers = new List<LayerSpec>();
            foreach (var l in m.Layers)
                if (l == target) layers.AddRange(edit(l));
                else layers.Add(l);
            return m with { Layers = EquatableArray.From(layers) };
        });

        /// <summary>The layer with <paramref name="name"/> set to <paramref name="value"/> (written over, or added).</summary>
        public World SetArgument(LayerSpec target, string name, ValueSpec value) => MapLayer(target, l => new[] { WithArgument(l, name, value) });

        public static LayerSpec WithArgument(LayerSpec layer, string name, ValueSpec value)
        {
            var args = new List<ArgSpec>();
            bool found = false;
            foreach (var a in layer.Args)
            {
                if (string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)) { args.Add(a with { Value = value with { Location = a.Value.Location } }); found = true; }
                else args.Add(a);
            }
            if (!found) args.Add(new ArgSpec(name, value));
            return layer with { Args = EquatableArray.From(args) };
        }

        static bool Contains(MemberSpec m, LayerSpec target)
        {
            foreach (var l in m.Layers) if (l == target) return true;
            return false;
        }
    }
}
