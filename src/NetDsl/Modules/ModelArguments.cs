using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace NetDsl
{
    /// <summary>
    /// Constructor arguments for a catalogue model, by parameter name, as <c>timm.create_model(name, aux_logits=False)</c>
    /// takes keyword arguments: <c>ModelArguments.Parse("auxLogits=false, classes=10")</c>. Values are kept as text and
    /// converted to each parameter's type when the model is built (<see cref="ModelConstruction.CreateWith"/>), which
    /// names the parameter and the type a value does not fit. Written back by <see cref="ToString"/> in one canonical
    /// form (sorted by name, no spaces), which is what checkpoints and exported weights record.
    /// </summary>
    public sealed class ModelArguments : IEquatable<ModelArguments>
    {
        readonly SortedDictionary<string, string> values;

        ModelArguments(SortedDictionary<string, string> values) { this.values = values; }

        /// <summary>No arguments: every parameter at the variant's value or its default.</summary>
        public static ModelArguments None { get; } = new(new SortedDictionary<string, string>(StringComparer.Ordinal));

        /// <summary>The arguments by parameter name, as text.</summary>
        public IReadOnlyDictionary<string, string> Values => values;

        /// <summary>Whether no argument is set.</summary>
        public bool IsEmpty => values.Count == 0;

        /// <summary>
        /// Parses <c>name=value</c> pairs separated by commas (spaces around either are ignored); empty or null text is
        /// <see cref="None"/>. Throws <see cref="FormatException"/> naming the pair for a pair without '=', an empty
        /// name or value, or a name given twice.
        /// </summary>
        public static ModelArguments Parse(string? text)
        {
            var parsed = NameValueList.Parse(text, "model argument", "NAME=VALUE (e.g. auxLogits=false)");
            return parsed.Count == 0 ? None : new ModelArguments(parsed);
        }

        /// <summary>These arguments with <paramref name="name"/> set to <paramref name="value"/> (replacing one given before).</summary>
        public ModelArguments With(string name, object value)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("a model argument needs a name", nameof(name));
            var copy = new SortedDictionary<string, string>(values, StringComparer.Ordinal)
            {
                [name] = value switch
                {
                    bool b => b ? "true" : "false",
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    _ => value?.ToString() ?? throw new ArgumentNullException(nameof(value)),
                },
            };
            return new ModelArguments(copy);
        }

        /// <summary>These arguments with each of <paramref name="overrides"/> set (a name in both takes the override's value).</summary>
        public ModelArguments With(ModelArguments overrides)
        {
            if (overrides.IsEmpty) return this;
            var copy = new SortedDictionary<string, string>(values, StringComparer.Ordinal);
            foreach (var (name, value) in overrides.values) copy[name] = value;
            return new ModelArguments(copy);
        }

        /// <summary>These arguments without <paramref name="name"/>.</summary>
        public ModelArguments Without(string name)
        {
            if (!values.ContainsKey(name)) return this;
            var copy = new SortedDictionary<string, string>(values, StringComparer.Ordinal);
            copy.Remove(name);
            return new ModelArguments(copy);
        }

        /// <summary>The canonical text: <c>name=value</c> pairs sorted by name, joined by commas (empty for none).</summary>
        public override string ToString() => string.Join(",", values.Select(p => p.Key + "=" + p.Value));

        /// <inheritdoc/>
        public bool Equals(ModelArguments? other) => other != null && ToString() == other.ToString();

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as ModelArguments);

        /// <inheritdoc/>
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());
    }
}
