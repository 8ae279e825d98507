using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Linq;

namespace NetDsl.Cli
{
    /// <summary>
    /// The one message a command line that does not parse gets, naming the command, option and value: an
    /// unknown command or option, an unexpected argument, a missing model name, an option without its value
    /// (<c>--batch needs a number and got '--lr'</c>), an option given twice, or a bad value (the option's
    /// own message from <see cref="ValueParsers"/>).
    /// </summary>
    internal static class ParseErrorMessage
    {
        public static string For(ParseResult result, IReadOnlyList<string> args, OptionNotes notes)
        {
            var command = result.CommandResult.Command;
            if (command is RootCommand)
            {
                string? first = result.UnmatchedTokens.FirstOrDefault();
                return first == null
                    ? "no command given; commands: " + CommandNames(command)
                    : first.StartsWith("-", StringComparison.Ordinal)
                        ? $"unknown option '{first}'; commands: {CommandNames(command)} (each takes --help)"
                        : $"unknown command '{first}'; commands: {CommandNames(command)}";
            }

            // Left to right as typed: an unknown option before anything it may have displaced.
            foreach (string token in result.UnmatchedTokens)
                if (token.StartsWith("--", StringComparison.Ordinal))
                    return UnknownOption(command, token.Split('=')[0]);

            foreach (var error in result.Errors)
            {
                if (error.SymbolResult is CommandResult) continue;
                var option = error.SymbolResult as OptionResult ?? (error.SymbolResult as ArgumentResult)?.Parent as OptionResult;
                if (option == null) continue;
                string name = option.Option.Name;
                int given = args.Count(a => a == name || a.StartsWith(name + "=", StringComparison.Ordinal));
                if (given > 1) return $"{name} is given twice";
                if (given == 0 && option.Option.Required) return $"'{command.Name}' needs {name} {option.Option.HelpName}";
                if (option.Tokens.Count == 0 && option.Option.Arity.MinimumNumberOfValues > 0)
                    return MissingValue(option.Option, args, notes);
                return error.Message;
            }

            // "--resume=yes": a switch written with a value (System.CommandLine splits it off as an argument).
            foreach (string arg in args)
            {
                int equals = arg.IndexOf('=');
                if (equals > 2 && command.Options.FirstOrDefault(o => o.Name == arg.Substring(0, equals)) is { Arity.MaximumNumberOfValues: 0 } flag)
                    return $"{flag.Name} takes no value (got '{arg.Substring(equals + 1)}')";
            }

            var arguments = command.Arguments;
            string? extra = result.UnmatchedTokens.FirstOrDefault();
            if (extra != null)
                return arguments.Count == 0
                    ? $"'{command.Name}' takes no arguments; unexpected '{extra}'"
                    : $"'{command.Name}' takes one {Noun(arguments[0])}; unexpected '{extra}'";
            if (arguments.Count > 0 && result.GetResult(arguments[0]) is not { Tokens.Count: > 0 })
                return $"'{command.Name}' needs a {Noun(arguments[0])}";
            foreach (var required in command.Options.Where(o => o.Required))
                if (result.GetResult(required) == null)
                    return $"'{command.Name}' needs {required.Name} {required.HelpName}";
            return result.Errors.Count > 0 ? result.Errors[0].Message : $"'{command.Name}' could not be parsed";
        }

        static string MissingValue(Option option, IReadOnlyList<string> args, OptionNotes notes)
        {
            string needs = notes.Needs.TryGetValue(option, out string? what) ? what : "a value";
            int at = -1;
            for (int i = 0; i < args.Count; i++) if (args[i] == option.Name) at = i;
            string got = at >= 0 && at + 1 < args.Count ? $" and got '{args[at + 1]}'" : "";
            return $"{option.Name} needs {needs}{got}";
        }

        static string UnknownOption(Command command, string name)
        {
            var known = command.Options.Where(o => !o.Hidden && o.Name.StartsWith("--", StringComparison.Ordinal) && o.Name != "--help").Select(o => o.Name).ToList();
            return $"unknown option '{name}' for '{command.Name}'" +
                (known.Count > 0 ? "; it takes " + string.Join(", ", known) : "; it takes no options");
        }

        static string Noun(Argument argument) => argument.Name == "MODEL" ? "model name" : argument.Name.ToLowerInvariant();

        static string CommandNames(Command root) => string.Join(", ", root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
    }
}
