using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace NetDsl.Zoo.Tests
{
    /// <summary>One state-dict entry: key and shape (an empty shape for scalars such as num_batches_tracked).</summary>
    public readonly record struct StateEntry(string Key, long[] Shape)
    {
        public override string ToString() => Key + " " + Zoo.Format(Shape);
        public bool SameAs(StateEntry other) => Key == other.Key && Shape.SequenceEqual(other.Shape);
    }

    /// <summary>
    /// A torchvision 0.14.1 reference file (tests/reference/torchvision/&lt;model&gt;.json, copied to the
    /// output as reference/&lt;model&gt;.json): num_params and the state dict in PyTorch's order.
    /// </summary>
    public sealed class Reference
    {
        Reference(string model, long numParams, IReadOnlyList<StateEntry> stateDict)
        {
            Model = model;
            NumParams = numParams;
            StateDict = stateDict;
        }

        public string Model { get; }
        public long NumParams { get; }
        public IReadOnlyList<StateEntry> StateDict { get; }

        public static string PathOf(string model) => Path.Combine(AppContext.BaseDirectory, "reference", model + ".json");

        static readonly Dictionary<string, Reference> cache = new Dictionary<string, Reference>();

        public static Reference Load(string model)
        {
            lock (cache)
            {
                if (cache.TryGetValue(model, out var known)) return known;
                string path = PathOf(model);
                if (!File.Exists(path)) throw new FileNotFoundException("torchvision reference missing from the test output", path);
                using var doc = JsonDocument.Parse(File.ReadAllText(path));
                var root = doc.RootElement;
                var entries = new List<StateEntry>();
                foreach (var item in root.GetProperty("state_dict").EnumerateArray())
                    entries.Add(new StateEntry(item.GetProperty("key").GetString()!,
                        item.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray()));
                var reference = new Reference(model, root.GetProperty("num_params").GetInt64(), entries);
                cache[model] = reference;
                return reference;
            }
        }
    }
}
