using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using NetDsl.Shapes;

namespace NetDsl.Cli
{
    /// <summary>
    /// One command of the CLI while its options are declared: each factory call creates an option (name,
    /// description, default), adds it to the command in declaration order and returns it, so a command's
    /// options are written once, one line each, in its <c>Args</c> class. Values are checked while the
    /// command line is parsed, with <see cref="ValueParsers"/>' messages.
    /// </summary>
    internal sealed class CommandSpec
    {
        readonly OptionNotes notes;

        public CommandSpec(Command command, OptionNotes notes)
        {
            Command = command;
            this.notes = notes;
        }

        public Command Command { get; }

        /// <summary>The one positional argument, e.g. the model name.</summary>
        public Argument<string> Positional(string helpName, string description)
        {
            var argument = new Argument<string>(helpName) { Description = description, Arity = ArgumentArity.ExactlyOne };
            Command.Add(argument);
            return argument;
        }

        public Option<bool> Flag(string name, string description)
        {
            var option = new Option<bool>(name) { Description = description, Arity = ArgumentArity.Zero };
            Command.Add(option);
            return option;
        }

        public Option<int> Int(string name, string description, int fallback, int min) =>
            Add(new Option<int>(name) { Description = description, HelpName = "N", DefaultValueFactory = _ => fallback }, "a number", r => ParseInt(r, name, min));

        /// <summary>An integer with no fixed default (<paramref name="fallback"/> says what absence means, e.g. "off").</summary>
        public Option<int?> OptionalInt(string name, string description, string fallback, int min) =>
            Shown(Add(new Option<int?>(name) { Description = description, HelpName = "N" }, "a number", r => ParseInt(r, name, min)), fallback);

        public Option<double> Number(string name, string description, double fallback, double min = 0, double below = double.PositiveInfinity, bool positive = false) =>
            Add(new Option<double>(name) { Description = description, HelpName = "X", DefaultValueFactory = _ => fallback },
                "a number", r => ParseNumber(r, name, min, below, positive));

        public Option<double?> OptionalNumber(string name, string description, string fallback, double min = 0, double below = double.PositiveInfinity, bool positive = false) =>
            Shown(Add(new Option<double?>(name) { Description = description, HelpName = "X" }, "a number", r => ParseNumber(r, name, min, below, positive)), fallback);

        public Option<string> Choice(string name, string description, string fallback, params string[] choices) =>
            Add(new Option<string>(name) { Description = description, HelpName = string.Join("|", choices), DefaultValueFactory = _ => fallback },
                "one of " + string.Join(", ", choices), r => ParseChoice(r, name, choices));

        /// <summary>A choice whose default depends on the model (<paramref name="fallback"/> says how).</summary>
        public Option<string?> OptionalChoice(string name, string description, string fallback, params string[] choices) =>
            Shown(Add(new Option<string?>(name) { Description = description, HelpName = string.Join("|", choices) },
                "one of " + string.Join(", ", choices), r => ParseChoice(r, name, choices)), fallback);

        /// <summary>A path or other free text (<paramref name="helpName"/>: FILE, DIR, …); null when absent.</summary>
        public Option<string?> Text(string name, string helpName, string description, string? fallback = null)
        {
            var option = Add(new Option<string?>(name) { Description = description, HelpName = helpName }, Needs(helpName), Single);
            return fallback == null ? option : Shown(option, fallback);
        }

        /// <summary>A path or other text the command cannot run without.</summary>
        public Option<string> RequiredText(string name, string helpName, string description) =>
            Add(new Option<string>(name) { Description = description, HelpName = helpName, Required = true }, Needs(helpName), Single);

        public Option<TensorShape?> Shape(string name, string description, string fallback) =>
            Shown(Add(new Option<TensorShape?>(name) { Description = description, HelpName = "CxHxW" }, "a shape CxHxW",
                r => ValueParsers.Shape(name, Single(r), out TensorShape s) is string e ? Fail<TensorShape?>(r, e) : s), fallback);

        /// <summary>A value parsed by <paramref name="parse"/>, which throws <see cref="CliUsageException"/> for a bad one.</summary>
        public Option<T> Parsed<T>(string name, string helpName, string description, string needsWhat, T fallback, Func<string, T> parse) =>
            Add(new Option<T>(name) { Description = description, HelpName = helpName, DefaultValueFactory = _ => fallback }, needsWhat, r =>
            {
                try { return parse(Single(r)); }
                catch (CliUsageException e) { return Fail<T>(r, e.Message); }
            });

        /// <summary>Adds a value-taking option whose value goes through <paramref name="parse"/>, unless it is another option.</summary>
        Option<T> Add<T>(Option<T> option, string what, Func<ArgumentResult, T?> parse)
        {
            string name = option.Name;
            option.CustomParser = r =>
            {
                // "--batch --lr 0.1": the token after the option is another option, so the value is missing.
                string text = Single(r);
                return text.StartsWith("--", StringComparison.Ordinal) ? Fail<T>(r, $"{name} needs {what} and got '{text}'") : parse(r);
            };
            Command.Add(option);
            notes.Needs[option] = what;
            return option;
        }

        /// <summary>Help shows a computed or "off" default the way System.CommandLine shows constant ones.</summary>
        static Option<T> Shown<T>(Option<T> option, string fallback)
        {
            option.Description += $" [default: {fallback}]";
            return option;
        }

        static string Needs(string helpName) => helpName switch { "DIR" => "a folder", "FILE" => "a file", _ => helpName };

        static string Single(ArgumentResult r) => r.Tokens.Count == 0 ? "" : r.Tokens[r.Tokens.Count - 1].Value;

        static int ParseInt(ArgumentResult r, string name, int min) =>
            ValueParsers.Int(name, Single(r), min, out int v) is string e ? Fail<int>(r, e) : v;

        static double ParseNumber(ArgumentResult r, string name, double min, double below, bool positive) =>
            ValueParsers.Number(name, Single(r), min, below, positive, out double v) is string e ? Fail<double>(r, e) : v;

        static string ParseChoice(ArgumentResult r, string name, string[] choices) =>
            ValueParsers.Choice(name, Single(r), choices) is string e ? Fail<string>(r, e) : Single(r);

        static T Fail<T>(ArgumentResult r, string message)
        {
            r.AddError(message);
            return default!;
        }
    }
}
