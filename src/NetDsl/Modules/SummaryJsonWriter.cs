using System.IO;
using System.Text;
using System.Text.Json;
using NetDsl.Shapes;

namespace NetDsl
{
    /// <summary>Writes a <see cref="ModelSummary"/> as the <c>summary --json</c> object (keys of DESIGN.md §6 first, additions after).</summary>
    static class SummaryJsonWriter
    {
        public static string Write(ModelSummary summary, string name, Network network)
        {
            using var memory = new MemoryStream();
            using (var json = new Utf8JsonWriter(memory))
            {
                json.WriteStartObject();
                json.WriteString("model", name);
                WriteShape(json, "input", summary.Input);
                WriteShape(json, "output", summary.Output);
                // Counted on the built module (trainable ones), so it checks the shape rules' total rather than repeating it.
                json.WriteNumber("parameters", summary.TrainableParameters);
                json.WriteNumber("macs", summary.MultiplyAdds);
                json.WriteStartArray("constraints");
                foreach (string constraint in summary.Constraints) json.WriteStringValue(constraint);
                json.WriteEndArray();

                json.WriteStartArray("layers");
                foreach (var row in summary.Layers)
                {
                    json.WriteStartObject();
                    json.WriteString("path", row.Path);
                    json.WriteString("kind", row.Kind);
                    WriteShape(json, "output", row.Output);
                    json.WriteNumber("parameters", row.Parameters);
                    json.WriteString("name", row.Name);
                    json.WriteNumber("macs", row.MultiplyAdds);
                    WritePair(json, "receptiveField", row.ReceptiveField);
                    WritePair(json, "effectiveStride", row.EffectiveStride);
                    WritePair(json, "effectivePadding", row.EffectivePadding);
                    if (row.ConnectedTo.Count > 0)
                    {
                        json.WriteStartArray("connectedTo");
                        foreach (string source in row.ConnectedTo) json.WriteStringValue(source);
                        json.WriteEndArray();
                    }
                    json.WriteEndObject();
                }
                json.WriteEndArray();

                json.WriteStartArray("stateDict");
                foreach (var (key, tensor) in StateDictOrder.Entries(network))
                {
                    json.WriteStartObject();
                    json.WriteString("key", key);
                    json.WriteStartArray("shape");
                    foreach (long d in tensor.shape) json.WriteNumberValue(d);
                    json.WriteEndArray();
                    json.WriteEndObject();
                }
                json.WriteEndArray();

                json.WriteNumber("trainableParameters", summary.TrainableParameters);
                json.WriteNumber("nonTrainableParameters", summary.NonTrainableParameters);
                json.WriteNumber("buffers", summary.Buffers);
                json.WriteNumber("batch", summary.BatchSize);
                json.WriteNumber("inputMB", summary.InputMegabytes);
                json.WriteNumber("activationsMB", summary.ActivationMegabytes);
                json.WriteNumber("parametersMB", summary.ParameterMegabytes);
                json.WriteEndObject();
            }
            return Encoding.UTF8.GetString(memory.ToArray());
        }

        /// <summary>An [h, w] pair (receptive field, effective stride or padding), omitted when unknown.</summary>
        static void WritePair(Utf8JsonWriter json, string name, int[]? pair)
        {
            if (pair == null) return;
            json.WriteStartArray(name);
            foreach (int d in pair) json.WriteNumberValue(d);
            json.WriteEndArray();
        }

        static void WriteShape(Utf8JsonWriter json, string name, TensorShape shape)
        {
            json.WriteStartArray(name);
            foreach (int d in shape.ToArray()) json.WriteNumberValue(d);
            json.WriteEndArray();
        }
    }
}
