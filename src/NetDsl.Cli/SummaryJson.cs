using System.IO;
using System.Text;
using System.Text.Json;
using NetDsl.Shapes;

namespace NetDsl.Cli
{
    /// <summary>
    /// The <c>summary --json</c> object: model, input, output, parameters (counted on the built module),
    /// macs, constraints, layers (from the shape rules) and stateDict (keys and shapes, in order).
    /// </summary>
    public static class SummaryJson
    {
        public static string Write(string name, Network network)
        {
            using var memory = new MemoryStream();
            using (var json = new Utf8JsonWriter(memory))
            {
                json.WriteStartObject();
                json.WriteString("model", name);
                WriteShape(json, "input", network.InputShape);
                WriteShape(json, "output", network.OutputShape);
                json.WriteNumber("parameters", TrainableParameters(network));
                json.WriteNumber("macs", network.MultiplyAddTotal);
                json.WriteStartArray("constraints");
                foreach (string constraint in network.Constraints) json.WriteStringValue(constraint);
                json.WriteEndArray();

                json.WriteStartArray("layers");
                foreach (var row in network.Summary)
                {
                    json.WriteStartObject();
                    json.WriteString("path", row.Path);
                    json.WriteString("kind", row.Kind);
                    WriteShape(json, "output", row.Output);
                    json.WriteNumber("parameters", row.Parameters);
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
                json.WriteEndObject();
            }
            return Encoding.UTF8.GetString(memory.ToArray());
        }

        /// <summary>Counted on the module itself, so it checks the shape rules' total rather than repeating it.</summary>
        public static long TrainableParameters(Network network)
        {
            long total = 0;
            foreach (var p in network.parameters())
                if (p.requires_grad) total += p.numel();
            return total;
        }

        static void WriteShape(Utf8JsonWriter json, string name, TensorShape shape)
        {
            json.WriteStartArray(name);
            foreach (int d in shape.ToArray()) json.WriteNumberValue(d);
            json.WriteEndArray();
        }
    }
}
