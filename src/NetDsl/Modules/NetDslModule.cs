using System.Collections.Generic;
using NetDsl.Shapes;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>Common base of generated networks and blocks: a plain TorchSharp module.</summary>
    public abstract partial class NetDslModule : nn.Module<Tensor, Tensor>
    {
        /// <summary>An unnamed module: generated code registers the members under their state-dict names.</summary>
        protected NetDslModule() : base(string.Empty) { }

        /// <summary>
        /// Generated code registers every submodule under its state-dict name (an index in an Indexed block);
        /// TorchSharp's field-name auto-registration would add a second copy under the field's name.
        /// </summary>
        protected override void RegisterComponents() { }

        /// <summary>Builds the members for <paramref name="shape"/>, advancing it to the output shape.</summary>
        protected abstract void Build(BuildContext ctx, ref TensorShape shape);
    }

    /// <summary>Base of generated blocks; instances are created by generated code with their input shape.</summary>
    public abstract class Block : NetDslModule
    {
        IReadOnlyList<nn.IModule<Tensor, Tensor>>? members;

        /// <summary>
        /// The registered submodules in order, what a forward split by a tap inside the block runs (<see cref="Compute.Children"/>);
        /// collected once, on first use.
        /// </summary>
        internal IReadOnlyList<nn.IModule<Tensor, Tensor>> Members => members ??= Collect();

        IReadOnlyList<nn.IModule<Tensor, Tensor>> Collect()
        {
            var list = new List<nn.IModule<Tensor, Tensor>>();
            foreach (var (name, child) in named_children())
                list.Add(child as nn.IModule<Tensor, Tensor>
                    ?? throw new System.InvalidOperationException($"{GetType().Name}.{name} is a {child.GetType().Name}, which takes no single tensor; a tap cannot split this block"));
            return list;
        }
    }

    /// <summary>
    /// Base of generated networks. The constructor builds every layer for the declared input (or the
    /// shape given to <see cref="BuildAt"/>), checking each shape rule as it goes.
    /// </summary>
    public abstract partial class Network : NetDslModule
    {
        [System.ThreadStatic] static TensorShape? inputOverride;

        /// <summary>Builds every layer for the declared input (or the shape of an enclosing <see cref="BuildAt"/>), checking each shape rule.</summary>
        protected Network()
        {
            // libtorch's "Could not initialize NNPACK!" line on every single-image convolution, off for every consumer.
            Nnpack.Disable();
            InputShape = inputOverride ?? DeclaredInput;
            // Another rank would build other layers (a [Conv] is a Conv1d on a CxL map): refused, naming both.
            BuildContext.Check(ForwardGuards.InputRank(GetType().Name, DeclaredInput, InputShape));
            // A symbolic network checks the derived input constraints first: one message naming the rule and the nearest sizes.
            BuildContext.Check(InputConstraints.Check(GetType().Name, InputShape, InputRules));
            var ctx = new BuildContext();
            var shape = InputShape;
            Build(ctx, ref shape);
            OutputShape = shape;
            // The declared output (ND0024), the rule the generator checked on the declared instance: a width or input given here may break it.
            if (System.Attribute.GetCustomAttribute(DeclarationType, typeof(NetworkAttribute), inherit: false) is NetworkAttribute declared)
                BuildContext.Check(OutputRule.Check(DeclarationType.Name, declared.Output, declared.Task.ToString(), InputShape, OutputShape, out _));
            LayerRows = ModelSummary.WithUniqueNames(ctx.Rows);
            Graph = ctx.Graph.Finish(InputShape);
            AttachReceptiveFields(LayerRows, ReceptiveFieldTables, InputShape.Is1d);
            // The family's own init (torchvision's per-model code), once the layers exist: a [WeightInit] on the declaration.
            Initialization.WeightInitializer.Apply(this, DeclarationType);
        }

        /// <summary>The input shape written in <c>[Network(Input = …)]</c>.</summary>
        public abstract TensorShape DeclaredInput { get; }

        /// <summary>What a symbolic input must satisfy (derived at compile time; empty for a fixed input).</summary>
        protected virtual IReadOnlyList<AxisRule> InputRules => System.Array.Empty<AxisRule>();

        /// <summary>
        /// Called first by the generated <c>forward</c>: the batch's rank, channels and (symbolic input) derived constraints,
        /// so a wrong tensor fails with the network's own message (ND0001/ND0022) instead of deep inside TorchSharp; then its
        /// element type (<see cref="InputTypeGuard"/>).
        /// </summary>
        protected void CheckForward(Tensor x)
        {
            BuildContext.Check(ForwardGuards.Input(GetType().Name, InputShape, x.shape, InputRules));
            BuildContext.Check(InputTypeGuard.Check(this, x));
        }

        /// <summary>Receptive fields per instance, computed at compile time (generated); matched to the rows by their paths.</summary>
        protected virtual IReadOnlyList<ReceptiveFieldTable> ReceptiveFieldTables => System.Array.Empty<ReceptiveFieldTable>();

        /// <remarks>A network on CxL maps gets one number per row (the length's), a CxHxW one two ([h, w]).</remarks>
        static void AttachReceptiveFields(IReadOnlyList<LayerSummary> rows, IReadOnlyList<ReceptiveFieldTable> tables, bool oneD)
        {
            if (tables.Count == 0) return;
            var paths = new List<string>(rows.Count);
            var spatial = new List<string>(rows.Count);
            foreach (var row in rows)
            {
                paths.Add(ReceptiveField.RowKey(row.Path, row.Output));
                spatial.Add(ReceptiveField.SpatialRowKey(row.Path, row.Output));
            }
            int hash = ReceptiveField.PathHash(paths), spatialHash = ReceptiveField.PathHash(spatial);
            // The instance's own table, else (built with other channel counts) the tables of the same paths and sizes, if they agree.
            ReceptiveFieldTable? match = null;
            foreach (var table in tables)
                if (table.PathHash == hash && table.Values.Length == rows.Count * 6) { match = table; break; }
            if (match == null)
                foreach (var table in tables)
                {
                    if (table.SpatialHash != spatialHash || table.Values.Length != rows.Count * 6) continue;
                    if (match != null && !System.Linq.Enumerable.SequenceEqual(match.Values, table.Values)) return;
                    match = table;
                }
            if (match == null) return;
            var v = match.Values;
            for (int i = 0; i < rows.Count; i++)
            {
                if (v[6 * i] < 0) continue;
                rows[i].ReceptiveField = oneD ? new[] { v[6 * i + 1] } : new[] { v[6 * i], v[6 * i + 1] };
                rows[i].EffectiveStride = oneD ? new[] { v[6 * i + 3] } : new[] { v[6 * i + 2], v[6 * i + 3] };
                rows[i].EffectivePadding = oneD ? new[] { v[6 * i + 5] } : new[] { v[6 * i + 4], v[6 * i + 5] };
            }
        }

        /// <summary>The derived input constraints in words ("H = 16k + 12, k ≥ 11 (H ≥ 188)"), one per axis.</summary>
        public IReadOnlyList<string> Constraints => InputConstraints.Describe(InputRules);

        /// <summary>The input shape this instance was built for.</summary>
        public TensorShape InputShape { get; }

        /// <summary>The output shape of one sample at <see cref="InputShape"/>.</summary>
        public TensorShape OutputShape { get; }

        /// <summary>
        /// The catalogue name it was created under (a variant's name); set by the catalogue and by a typed variant's
        /// constructor (<c>new ResNet50()</c>); null when a declaration is constructed directly.
        /// </summary>
        public string? CatalogName { get; protected internal set; }

        /// <summary>Its model card (training defaults <c>Trainer</c> honours unless overridden); null for a card-less type.</summary>
        public ModelCard? Card => ModelCard.Of(DeclarationType, CatalogName, DeclaredInput);

        /// <summary>The <c>[Network]</c> declaration this instance is built from: its type, or the base a typed variant derives from.</summary>
        System.Type DeclarationType
        {
            get
            {
                for (var type = GetType(); type != null; type = type.BaseType)
                    if (System.Attribute.IsDefined(type, typeof(NetworkAttribute), inherit: false)) return type;
                return GetType();
            }
        }

        /// <summary>The checked graph this instance was built as: nodes, their arguments, inputs by name and shapes (exporters read it).</summary>
        public NetDsl.Graph.DeclaredGraph Graph { get; }

        /// <summary>Per-layer rows from the shape rules: path, unique name, kind, output shape, parameters, multiply-adds.</summary>
        public IReadOnlyList<LayerSummary> LayerRows { get; }

        /// <summary>
        /// The model summary (Keras' <c>model.summary()</c>, torchinfo's <c>summary</c>): per-layer table, trainable and
        /// non-trainable parameters, buffers, multiply-adds and memory for <paramref name="batchSize"/> samples.
        /// <c>Console.WriteLine(network.Summary())</c> prints the table.
        /// </summary>
        public ModelSummary Summary(int batchSize = 1) => new ModelSummary(this, batchSize);

        /// <summary>Parameter count from the shape rules (trainable or not).</summary>
        public long ParameterTotal
        {
            get { long n = 0; foreach (var row in LayerRows) n += row.Parameters; return n; }
        }

        /// <summary>Multiply-adds of one forward pass at <see cref="InputShape"/> (convolutions and linear layers).</summary>
        public long MultiplyAddTotal
        {
            get { long n = 0; foreach (var row in LayerRows) n += row.MultiplyAdds; return n; }
        }

        /// <summary>
        /// Builds networks created inside the returned scope for <paramref name="input"/> instead of the
        /// declared input (checked by the same rules): <c>using (Network.BuildAt(s)) m = new ResNet18();</c>
        /// </summary>
        public static System.IDisposable BuildAt(TensorShape input)
        {
            var previous = inputOverride;
            inputOverride = input;
            return new Restore(previous);
        }

        [System.ThreadStatic] static TensorShape? variantInput;

        /// <summary>
        /// Creates a network whose declared input is <paramref name="input"/> (a variant's own resolution): it is
        /// built for that input unless an enclosing <see cref="BuildAt"/> asks for another shape.
        /// </summary>
        public static T BuildDefault<T>(TensorShape input, System.Func<T> create) where T : Network
        {
            var previous = variantInput;
            variantInput = input;
            try { return create(); }
            finally { variantInput = previous; }
        }

        /// <summary>The variant input being created, read by generated field initializers (which run before this constructor).</summary>
        protected static TensorShape? VariantInput => variantInput;

        sealed class Restore : System.IDisposable
        {
            readonly TensorShape? previous;
            public Restore(TensorShape? previous) { this.previous = previous; }
            public void Dispose() => inputOverride = previous;
        }
    }
}
