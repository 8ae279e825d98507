using System;
using System.Collections.Generic;
using System.Globalization;
using NetDsl.Shapes;

namespace NetDsl.Cli
{
    /// <summary>
    /// The arguments after the command: positionals, <c>--name value</c> / <c>--name=value</c> options
    /// and <c>--flag</c> switches. Anything unknown is a <see cref="CliUsageException"/> naming it.
    /// </summary>
    internal sealed class CliArguments
    {
        readonly Dictionary<string, string> values = new Dictionary<string, string>(StringComparer.Ordinal);
        readonly HashSet<string> flags = new HashSet<string>(StringComparer.Ordinal);
        readonly List<string> positionals = new List<string>();

        CliArguments(string command) { Command = command; }

        public string Command { get; }
        public IReadOnlyList<string> Positionals => positionals;

        public static CliArguments Parse(string command, IReadOnlyList<string> tokens, string[] valueOptions, string[] flagOptions)
        {
            var parsed = new CliArguments(command);
            for (int i = 0; i < tokens.Count; i++)
            {
                string token = tokens[i];
                if (!token.StartsWith("--", StringComparison.Ordinal) || token == "--") { parsed.positionals.Add(token); continue; }
                string name = token.Substring(2);
                string? inline = null;
                int equals = name.IndexOf('=');
                if (equals >= 0) { inline = name.Substring(equals + 1); name = name.Substring(0, equals); }
                if (Array.IndexOf(flagOptions, name) >= 0)
                {
                    if (inline != null) throw new CliUsageException($"--{name} takes no value (got '{inline}')");
                    parsed.flags.Add(name);
                }
                else if (Array.IndexOf(valueOptions, name) >= 0)
                {
                    string? value = inline ?? (i + 1 < tokens.Count ? tokens[++i] : null);
                    if (value == null) throw new CliUsageException($"--{name} needs a value");
                    // "--batch --lr 0.1": the next option is not a value (negative numbers start with one dash).
                    if (inline == null && value.StartsWith("--", StringComparison.Ordinal))
                        throw new CliUsageException($"--{name} needs a value, but the next argument is the option '{value}'");
                    if (parsed.values.ContainsKey(name)) throw new CliUsageException($"--{name} is given twice");
                    parsed.values[name] = value;
                }
                else
                {
                    var known = new List<string>();
                    foreach (string o in valueOptions) known.Add("--" + o);
                    foreach (string f in flagOptions) known.Add("--" + f);
                    throw new CliUsageException($"unknown option '--{name}' for '{command}'" +
                        (known.Count > 0 ? "; it takes " + string.Join(", ", known) : "; it takes no options"));
                }
            }
            return parsed;
        }

        /// <summary>The single positional argument (e.g. the model name), or a usage error.</summary>
        public string SinglePositional(string what)
        {
            if (positionals.Count == 0) throw new CliUsageException($"'{Command}' needs {what}");
            if (positionals.Count > 1) throw new CliUsageException($"'{Command}' takes one {what}; unexpected '{positionals[1]}'");
            return positionals[0];
        }

        public void NoPositionals()
        {
            if (positionals.Count > 0) throw new CliUsageException($"'{Command}' takes no arguments; unexpected '{positionals[0]}'");
        }

        public bool Flag(string name) => flags.Contains(name);
        public string? Value(string name) => values.TryGetValue(name, out string? v) ? v : null;

        public int Int(string name, int fallback, int min)
        {
            string? text = Value(name);
            if (text == null) return fallback;
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min)
                throw new CliUsageException($"--{name} must be an integer ≥ {min}, got '{text}'");
            return v;
        }

        public double PositiveDouble(string name, double fallback)
        {
            string? text = Value(name);
            if (text == null) return fallback;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v > 0) || double.IsInfinity(v))
                throw new CliUsageException($"--{name} must be a positive number, got '{text}'");
            return v;
        }

        /// <summary>A finite number in [<paramref name="min"/>, <paramref name="below"/>), or a usage error naming the value.</summary>
        public double? Number(string name, double min, double below = double.PositiveInfinity)
        {
            string? text = Value(name);
            if (text == null) return null;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v < min || v >= below)
                throw new CliUsageException($"--{name} must be a number ≥ {min.ToString(CultureInfo.InvariantCulture)}" +
                    (double.IsPositiveInfinity(below) ? "" : $" and below {below.ToString(CultureInfo.InvariantCulture)}") + $", got '{text}'");
            return v;
        }

        /// <summary>One of <paramref name="choices"/> (as typed, lower case), or a usage error listing them.</summary>
        public string Choice(string name, string fallback, params string[] choices)
        {
            string text = Value(name) ?? fallback;
            if (Array.IndexOf(choices, text) < 0)
                throw new CliUsageException($"--{name} '{text}' is not one of {string.Join(", ", choices)}");
            return text;
        }

        public TensorShape? Shape(string name)
        {
            string? text = Value(name);
            if (text == null) return null;
            if (!TensorShape.TryParse(text, out TensorShape shape))
                throw new CliUsageException($"--{name} '{text}' is not a shape; write CxHxW with positive sizes, e.g. 3x64x64");
            return shape;
        }
    }
}
