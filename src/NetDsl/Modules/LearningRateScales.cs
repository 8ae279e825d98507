using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace NetDsl
{
    /// <summary>
    /// Learning-rate multipliers by parameter-name prefix, PyTorch's optimizer parameter groups with their own
    /// <c>lr</c>: <c>LearningRateScales.Parse("classifier.0=0.02, features=0.1")</c>. A prefix covers the parameters
    /// of the module it names (<c>classifier.0</c> covers <c>classifier.0.weight</c> and <c>classifier.0.bias</c>, not
    /// <c>classifier.01.weight</c>); the longest prefix that covers a parameter wins, and parameters no prefix covers
    /// keep the schedule's rate (×1). The scale multiplies the scheduled rate at every step, so warm-up and decay
    /// apply to each group alike, and with AdamW it scales the decoupled weight decay too, as a group's lr does in
    /// PyTorch. Written back by <see cref="ToString"/> in one canonical form (sorted by prefix, no spaces).
    /// </summary>
    public sealed class LearningRateScales : IEquatable<LearningRateScales>
    {
        readonly SortedDictionary<string, double> scales;

        LearningRateScales(SortedDictionary<string, double> scales) { this.scales = scales; }

        /// <summary>No multipliers: every parameter at the scheduled rate.</summary>
        public static LearningRateScales None { get; } = new(new SortedDictionary<string, double>(StringComparer.Ordinal));

        /// <summary>The multipliers by prefix.</summary>
        public IReadOnlyDictionary<string, double> Values => scales;

        /// <summary>Whether no multiplier is set.</summary>
        public bool IsEmpty => scales.Count == 0;

        /// <summary>
        /// Parses <c>prefix=scale</c> pairs separated by commas (spaces around either are ignored); empty or null text is
        /// <see cref="None"/>. Throws <see cref="FormatException"/> naming the pair for a pair without '=', an empty
        /// prefix, a scale that is not a finite number ≥ 0, or a prefix given twice.
        /// </summary>
        public static LearningRateScales Parse(string? text)
        {
            var pairs = NameValueList.Parse(text, "learning-rate scale", "PREFIX=SCALE (e.g. classifier.0=0.02)", prefix => prefix.TrimEnd('.'));
            if (pairs.Count == 0) return None;
            var parsed = new SortedDictionary<string, double>(StringComparer.Ordinal);
            foreach (var (prefix, value) in pairs)
            {
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double scale) || !double.IsFinite(scale) || scale < 0)
                    throw new FormatException($"learning-rate scale '{prefix}={value}': '{value}' is not a number ≥ 0");
                parsed[prefix] = scale;
            }
            return new LearningRateScales(parsed);
        }

        /// <summary>The multiplier of the parameter named <paramref name="parameterName"/> (state-dict name): the longest covering prefix's, else 1.</summary>
        public double ScaleOf(string parameterName)
        {
            string? best = null;
            foreach (string prefix in scales.Keys)
                if (Covers(prefix, parameterName) && (best == null || prefix.Length > best.Length)) best = prefix;
            return best == null ? 1.0 : scales[best];
        }

        /// <summary>Whether <paramref name="prefix"/> names <paramref name="parameterName"/> or a module holding it.</summary>
        public static bool Covers(string prefix, string parameterName) =>
            parameterName.StartsWith(prefix, StringComparison.Ordinal)
            && (parameterName.Length == prefix.Length || parameterName[prefix.Length] == '.');

        /// <summary>
        /// Throws <see cref="ArgumentException"/> naming each prefix that covers none of <paramref name="parameterNames"/>
        /// (a typo would otherwise train silently at the full rate), listing the top-level names there are.
        /// </summary>
        public void CheckAgainst(IReadOnlyCollection<string> parameterNames)
        {
            var unmatched = scales.Keys.Where(prefix => !parameterNames.Any(name => Covers(prefix, name))).ToList();
            if (unmatched.Count == 0) return;
            var top = parameterNames.Select(n => n.Split('.')[0]).Distinct().Take(12);
            throw new ArgumentException(
                $"learning-rate scale prefix{(unmatched.Count == 1 ? "" : "es")} {string.Join(", ", unmatched.Select(p => $"'{p}'"))} " +
                $"cover{(unmatched.Count == 1 ? "s" : "")} no trainable parameter; the model's top-level modules are {string.Join(", ", top)} " +
                "(state-dict names such as classifier.0 name a module inside one)");
        }

        /// <summary>The canonical text: <c>prefix=scale</c> pairs sorted by prefix, comma-separated ("" for none).</summary>
        public override string ToString() =>
            string.Join(",", scales.Select(kv => kv.Key + "=" + kv.Value.ToString("R", CultureInfo.InvariantCulture)));

        /// <summary>Same prefixes with the same multipliers.</summary>
        public bool Equals(LearningRateScales? other) => other is not null && other.ToString() == ToString();

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as LearningRateScales);

        /// <inheritdoc/>
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());
    }
}
