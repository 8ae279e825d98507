using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;

namespace NetDsl.Cli
{
    /// <summary>
    /// The one line a command line that does not parse gets. System.CommandLine reports an option without its
    /// value as missing, takes an unknown <c>--option</c> as a positional and a value that is really the next
    /// option as a value; so the tokens are read left to right once more to name the first mistake as the user
    /// typed it: an unknown option (listing the ones the command takes), a switch given a value, an option
    /// without its value (<c>--batch needs a number and got '--lr'</c>) or an option given twice.
    /// </summary>
    internal static class ParseErrorMessage
    {
        /// <summary>No command, or not a known one.</summary>
        public static string ForRoot(ParseResult result, IReadOnlyList<string> args)
        {
            string commands = string.Join(", ", CliCommands.All.Select(c => c.Name));
            string? first = args.Count > 0 ? args[0] : result.UnmatchedTokens.FirstOrDefault();
            if (first == null) return "no command given; commands: " + commands;
            return first.StartsWith("-", StringComparison.Ordinal)
                ? $"unknown option '{first}'; commands: {commands} (each takes --help), or --version alone"
                : UnknownCommand(first);
        }

        /// <summary>A command name that is none of <see cref="CliCommands.All"/>, listing them (also for <c>help NAME</c>).</summary>
        public static string UnknownCommand(string name) =>
            $"unknown command '{name}'; commands: {string.Join(", ", CliCommands.All.Select(c => c.Name))}";

        /// <summary>The first mistake in <paramref name="tokens"/> (the arguments after the command), or null when there is none.</summary>
        public static string? For(CommandSpec command, ParseResult result, IReadOnlyList<string> tokens)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < tokens.Count; i++)
            {
                string token = tokens[i];
                if (token == "--") break;   // the rest are positionals
                if (!token.StartsWith("--", StringComparison.Ordinal)) continue;
                int split = token.IndexOfAny(new[] { '=', ':' });
                string name = split < 0 ? token.Substring(2) : token.Substring(2, split - 2);
                string? inline = split < 0 ? null : token.Substring(split + 1);
                var option = command.Find(name);
                if (option == null) return UnknownOption(command, "--" + name);
                if (option.IsFlag)
                {
                    if (inline != null) return $"{option.Token} takes no value (got '{inline}')";
                    continue;
                }
                if (inline == null)
                {
                    if (i + 1 >= tokens.Count) return $"{option.Token} needs {option.Needs}";
                    // "--batch --lr 0.1": the next option is not a value (negative numbers start with one dash).
                    if (tokens[i + 1].StartsWith("--", StringComparison.Ordinal)) return $"{option.Token} needs {option.Needs} and got '{tokens[i + 1]}'";
                    i++;
                }
                if (!seen.Add(name)) return $"{option.Token} is given twice";
            }
            return result.Errors.Count > 0 ? result.Errors[0].Message : null;
        }

        static string UnknownOption(CommandSpec command, string name)
        {
            var known = command.Options.Select(o => o.Token).ToList();
            return $"unknown option '{name}' for '{command.Name}'" +
                (known.Count > 0 ? "; it takes " + string.Join(", ", known) : "; it takes no options");
        }
    }
}
