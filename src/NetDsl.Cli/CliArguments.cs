using System;
using System.Collections.Generic;
using System.Globalization;
using NetDsl.Shapes;

namespace NetDsl.Cli
{
    /// <summary>
    /// A command's arguments as System.CommandLine parsed them (<see cref="CliParser"/>): positionals, the values of
    /// the options given and the switches given. The accessors check a value when the command reads it, and a bad
    /// one is a <see cref="CliUsageException"/> naming the option and the value.
    /// </summary>
    internal sealed class CliArguments
    {
        readonly Dictionary<string, string> values;
        readonly HashSet<string> flags;
        readonly List<string> positionals;
        readonly CommandSpec spec;

        public CliArguments(CommandSpec spec, IEnumerable<string> positionals, IDictionary<string, string> values, IEnumerable<string> flags)
        {
            this.spec = spec;
            Command = spec.Name;
            this.positionals = new List<string>(positionals);
            this.values = new Dictionary<string, string>(values, StringComparer.Ordinal);
            this.flags = new HashSet<string>(flags, StringComparer.Ordinal);
        }

        public string Command { get; }
        public IReadOnlyList<string> Positionals => positionals;

        /// <summary>Parses <paramref name="tokens"/> (what follows the command name) as <paramref name="command"/>'s arguments.</summary>
        public static CliArguments Parse(string command, IReadOnlyList<string> tokens)
        {
            var line = new List<string> { command };
            line.AddRange(tokens);
            return CliParser.Parse(line).Arguments ?? throw new CliUsageException($"'{command}' was asked for help, not run");
        }

        /// <summary>The single positional argument (e.g. the model name), or a usage error.</summary>
        public string SinglePositional(string what)
        {
            if (positionals.Count == 0) throw new CliUsageException($"'{Command}' needs {what}");
            if (positionals.Count > 1) throw new CliUsageException($"'{Command}' takes one {(what.StartsWith("a ", StringComparison.Ordinal) ? what.Substring(2) : what)}; unexpected '{positionals[1]}'");
            return positionals[0];
        }

        public void NoPositionals()
        {
            if (positionals.Count > 0) throw new CliUsageException($"'{Command}' takes no arguments; unexpected '{positionals[0]}'");
        }

        public bool Flag(string name) => flags.Contains(Declared(name));

        /// <summary>Whether this command declares <c>--name</c> (a parser shared by commands reads only what each one takes).</summary>
        public bool Declares(string name) => spec.Find(name) != null;
        public string? Value(string name) => values.TryGetValue(Declared(name), out string? v) ? v : null;

        /// <summary>A command reading an option its <see cref="CliCommands"/> entry lacks is a NetDsl bug, not a silent "not given".</summary>
        string Declared(string name) =>
            spec.Find(name) != null ? name : throw new InvalidOperationException($"'{Command}' reads --{name}, which CliCommands does not declare for it");

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
