using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace NetDsl.Initialization
{
    /// <summary>
    /// <see cref="WeightInitAttribute.StdByPath"/> parsed: "path: std" pairs, each applying to the layers at or under its
    /// state-dict path (the longest matching path wins), and a record of which paths matched so one naming no layer is reported.
    /// </summary>
    internal sealed class StdOverrides
    {
        readonly List<(string Path, double Std)> pairs = new();
        readonly HashSet<string> used = new();

        StdOverrides() { }

        /// <summary>The pairs of <paramref name="text"/> (null or blank: none); a malformed pair throws naming it.</summary>
        public static StdOverrides Parse(string? text)
        {
            var result = new StdOverrides();
            if (string.IsNullOrWhiteSpace(text)) return result;
            foreach (var part in text.Split(','))
            {
                int colon = part.LastIndexOf(':');
                string path = colon < 0 ? "" : part.Substring(0, colon).Trim();
                if (path.Length == 0 || !double.TryParse(part.Substring(colon + 1).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double std) || !(std > 0))
                    throw new ArgumentException($"[WeightInit(StdByPath)]: \"{part.Trim()}\" is not \"path: std\" with a positive std (e.g. \"AuxLogits.fc: 0.001\")");
                result.pairs.Add((path, std));
            }
            return result;
        }

        /// <summary>The std for the layer at <paramref name="modulePath"/>: its longest matching pair's, else <paramref name="std"/>.</summary>
        public double For(string modulePath, double std)
        {
            string? best = null;
            foreach (var (path, value) in pairs)
                if ((modulePath == path || modulePath.StartsWith(path + ".", StringComparison.Ordinal)) && (best == null || path.Length > best.Length))
                {
                    best = path;
                    std = value;
                }
            if (best != null) used.Add(best);
            return std;
        }

        /// <summary>Throws naming the first path that matched no initialised layer of <paramref name="model"/>.</summary>
        public void CheckAllUsed(string model)
        {
            var unused = pairs.Select(p => p.Path).FirstOrDefault(p => !used.Contains(p));
            if (unused != null)
                throw new ArgumentException($"{model}: [WeightInit(StdByPath)] names \"{unused}\", which holds no convolution or linear layer that a Normal or TruncatedNormal rule initialises; write a state-dict path such as \"AuxLogits.fc\"");
        }
    }
}
