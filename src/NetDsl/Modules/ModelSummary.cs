using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using NetDsl.Shapes;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// A network's summary at a batch size, Keras/torchinfo style: one row per layer (unique name, kind, output
    /// shape, parameters, multiply-adds), then totals counted on the built module (trainable and non-trainable
    /// parameters, buffers) and memory in MB (10^6 bytes, as torchinfo): parameters and buffers at their dtypes,
    /// the input batch, and every layer's output for the batch. <see cref="ToString"/> renders the table;
    /// <see cref="ToJson"/> writes the <c>summary --json</c> object.
    /// </summary>
    public sealed class ModelSummary
    {
        readonly Network network;

        /// <summary>Summarises <paramref name="network"/> for batches of <paramref name="batchSize"/> samples.</summary>
        public ModelSummary(Network network, int batchSize = 1)
        {
            if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "a batch holds at least one sample");
            this.network = network;
            BatchSize = batchSize;
            foreach (var p in network.parameters())
            {
                if (p.requires_grad) TrainableParameters += p.numel();
                else NonTrainableParameters += p.numel();
                ParameterBytes += p.numel() * p.element_size();
            }
            foreach (var b in network.buffers())
            {
                Buffers++;
                BufferElements += b.numel();
                ParameterBytes += b.numel() * b.element_size();
            }
            foreach (var row in Layers) ActivationBytes += (long)row.Output.Elements * batchSize * sizeof(float);
        }

        /// <summary>The network's class name.</summary>
        public string Model => network.GetType().Name;

        /// <summary>Samples per batch the memory and multiply-add totals are for.</summary>
        public int BatchSize { get; }

        /// <summary>One sample's input shape.</summary>
        public TensorShape Input => network.InputShape;

        /// <summary>One sample's output shape.</summary>
        public TensorShape Output => network.OutputShape;

        /// <summary>The per-layer rows, in forward order, each with a unique <see cref="LayerSummary.Name"/>.</summary>
        public IReadOnlyList<LayerSummary> Layers => network.LayerRows;

        /// <summary>What a symbolic input must satisfy, in words (empty for a fixed input).</summary>
        public IReadOnlyList<string> Constraints => network.Constraints;

        /// <summary>All parameters: <see cref="TrainableParameters"/> + <see cref="NonTrainableParameters"/>.</summary>
        public long TotalParameters => TrainableParameters + NonTrainableParameters;

        /// <summary>Parameters that require gradients (the optimizer updates them).</summary>
        public long TrainableParameters { get; }

        /// <summary>Frozen parameters (<c>requires_grad</c> off, e.g. a fine-tuned backbone).</summary>
        public long NonTrainableParameters { get; }

        /// <summary>Buffer tensors (BatchNorm running statistics and counters).</summary>
        public int Buffers { get; }

        /// <summary>Elements held by buffers.</summary>
        public long BufferElements { get; }

        /// <summary>Multiply-adds of one sample's forward pass (from the shape rules).</summary>
        public long MultiplyAdds => network.MultiplyAddTotal;

        /// <summary>Bytes of parameters and buffers at their dtypes.</summary>
        public long ParameterBytes { get; }

        /// <summary>Bytes of every layer's float32 output for one batch (what a training forward keeps for backward, at most).</summary>
        public long ActivationBytes { get; }

        /// <summary>Bytes of one float32 input batch.</summary>
        public long InputBytes => (long)Input.Elements * BatchSize * sizeof(float);

        /// <summary>Parameters and buffers in MB.</summary>
        public double ParameterMegabytes => ParameterBytes / 1e6;

        /// <summary>Layer outputs for one batch in MB.</summary>
        public double ActivationMegabytes => ActivationBytes / 1e6;

        /// <summary>The input batch in MB.</summary>
        public double InputMegabytes => InputBytes / 1e6;

        /// <summary>Input, activations, parameters and buffers in MB (gradients and optimizer state come on top when training).</summary>
        public double TotalMegabytes => InputMegabytes + ActivationMegabytes + ParameterMegabytes;

        /// <summary>The table: a header line, one line per layer, then the totals.</summary>
        public override string ToString()
        {
            // RF: the receptive field and effective stride (compile time); a network with merges gets a last column
            // naming what each concat/add merges (from the declared graph).
            bool merges = Layers.Any(r => r.ConnectedTo.Count > 0);
            var header = merges ? new[] { "Layer", "Kind", "Output", "RF (stride)", "Params", "MACs", "Connected to" } : new[] { "Layer", "Kind", "Output", "RF (stride)", "Params", "MACs" };
            var rows = Layers.Select(r => merges
                ? new[] { r.Name, r.Kind, r.Output.ToString(), Field(r), Count(r.Parameters), Count(r.MultiplyAdds), string.Join(" + ", r.ConnectedTo) }
                : new[] { r.Name, r.Kind, r.Output.ToString(), Field(r), Count(r.Parameters), Count(r.MultiplyAdds) }).ToList();
            int[] widths = header.Select((h, i) => Math.Max(h.Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
            int total = widths.Sum() + 2 * (widths.Length - 1);
            var text = new StringBuilder();
            text.AppendLine($"{Model}  input {Input} → output {Output}  (batch {BatchSize})");
            text.AppendLine(new string('=', total));
            text.AppendLine(Line(header, widths));
            text.AppendLine(new string('-', total));
            foreach (var row in rows) text.AppendLine(Line(row, widths));
            text.AppendLine(new string('=', total));
            text.AppendLine($"Total params: {Count(TotalParameters)} ({Short(TotalParameters)})");
            text.AppendLine($"Trainable params: {Count(TrainableParameters)}");
            text.AppendLine($"Non-trainable params: {Count(NonTrainableParameters)}");
            text.AppendLine($"Buffers: {Buffers} ({Count(BufferElements)} elements)");
            text.AppendLine($"Multiply-adds: {Count(MultiplyAdds)} per sample ({Short(MultiplyAdds * BatchSize)} for the batch of {BatchSize})");
            foreach (string constraint in Constraints) text.AppendLine("Input constraint: " + constraint);
            text.AppendLine(new string('-', total));
            text.AppendLine(Megabytes("Input size (MB)", InputMegabytes));
            text.AppendLine(Megabytes("Layer outputs size (MB)", ActivationMegabytes));
            text.AppendLine(Megabytes("Params + buffers size (MB)", ParameterMegabytes));
            text.AppendLine(Megabytes("Estimated total size (MB)", TotalMegabytes));
            text.Append(new string('=', total));
            return text.ToString();
        }

        /// <summary>
        /// The <c>summary --json</c> object (DESIGN.md §6): <c>model, input, output, parameters, macs, constraints,
        /// layers [{path, kind, output, parameters}], stateDict [{key, shape}]</c>, plus <c>trainableParameters</c>,
        /// <c>nonTrainableParameters</c>, <c>buffers</c>, <c>batch</c>, the MB figures and each layer's unique <c>name</c> and <c>macs</c>.
        /// </summary>
        public string ToJson(string? name = null) => SummaryJsonWriter.Write(this, name ?? Model, network);

        static string Line(string[] cells, int[] widths) =>
            string.Join("  ", cells.Select((c, i) => i is 3 or 4 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();

        /// <summary>"427 (32)", or "427x299 (32x16)" when the axes differ; empty when unknown.</summary>
        static string Field(LayerSummary r)
        {
            if (r.ReceptiveField == null || r.EffectiveStride == null) return "";
            string Pair(int[] p) => p.Length == 1 || p[0] == p[1] ? p[0].ToString(CultureInfo.InvariantCulture) : p[0].ToString(CultureInfo.InvariantCulture) + "x" + p[1].ToString(CultureInfo.InvariantCulture);
            return Pair(r.ReceptiveField) + " (" + Pair(r.EffectiveStride) + ")";
        }

        static string Megabytes(string label, double value) => label + ": " + value.ToString("F2", CultureInfo.InvariantCulture);

        internal static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

        /// <summary>1.81G, 11.69M, 3.2k.</summary>
        internal static string Short(long n) => n switch
        {
            >= 1_000_000_000 => (n / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + "G",
            >= 1_000_000 => (n / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
            >= 1_000 => (n / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + "k",
            _ => n.ToString(CultureInfo.InvariantCulture),
        };

        /// <summary>
        /// Gives each row a unique <see cref="LayerSummary.Name"/>: the first row at a path keeps it, a layer stacked
        /// on the same member becomes <c>path/kind</c> (<c>bn1/relu</c>), and a repeat of that gets <c>_2</c>, <c>_3</c>.
        /// </summary>
        internal static IReadOnlyList<LayerSummary> WithUniqueNames(IReadOnlyList<LayerSummary> rows)
        {
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                string name = row.Path;
                if (taken.Contains(name))
                {
                    string stacked = (row.Path.Length == 0 ? "" : row.Path + "/") + row.Kind.ToLowerInvariant();
                    name = stacked;
                    for (int n = 2; taken.Contains(name); n++) name = stacked + "_" + n.ToString(CultureInfo.InvariantCulture);
                }
                row.Name = name;
                taken.Add(name);
            }
            return rows;
        }
    }
}
