using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Linq;

namespace NetDsl.Cli
{
    /// <summary>What a command line asks for: a command to run with its arguments, a command's help, or the version.</summary>
    internal sealed record ParsedLine(CommandSpec? Command, CliArguments? Arguments, bool Help, bool Version);

    /// <summary>
    /// Parses a command line with System.CommandLine over the commands and options of <see cref="CliCommands"/>:
    /// every option takes its value as <c>--name value</c> or <c>--name=value</c>, switches take none, every
    /// command takes <c>--help</c>/<c>-h</c>, the root <c>--version</c>. No response files (@FILE), no bundling and
    /// no directives: every token means what it says. A line that does not parse is one
    /// <see cref="CliUsageException"/> naming the option and value (<see cref="ParseErrorMessage"/>).
    /// </summary>
    internal static class CliParser
    {
        static readonly ParserConfiguration Configuration = new ParserConfiguration { ResponseFileTokenReplacer = null, EnablePosixBundling = false };

        public static ParsedLine Parse(IReadOnlyList<string> args)
        {
            var syntax = CliSyntax.Build();
            ParseResult result = syntax.Root.Parse(args, Configuration);
            var command = result.CommandResult.Command;
            var spec = command is RootCommand ? null : CliCommands.Find(command.Name);
            // "train --help": the command's help whatever else the line holds, as before any option is checked.
            // "data check --help": that sub-command's help (CliCommands.HelpFor).
            if (result.GetResult(syntax.Help) != null)
                return new ParsedLine(spec == null ? null : CliCommands.HelpFor(spec, result.GetValue(syntax.Commands[command].Positionals) ?? Array.Empty<string>()),
                    null, Help: true, Version: false);
            if (spec == null)
            {
                if (result.Errors.Count == 0 && result.GetResult(syntax.Version) != null) return new ParsedLine(null, null, Help: false, Version: true);
                throw new CliUsageException(ParseErrorMessage.ForRoot(result, args));
            }
            var bound = syntax.Commands[command];
            var tokens = args.Skip(1).ToList();
            if (ParseErrorMessage.For(spec, result, tokens) is string message) throw new CliUsageException(message);

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var flags = new List<string>();
            foreach (var (option, symbol) in bound.Options)
            {
                if (result.GetResult(symbol) is not OptionResult { Implicit: false }) continue;
                if (option.IsFlag) flags.Add(option.Name);
                else values[option.Name] = result.GetValue((Option<string>)symbol)!;
            }
            var positionals = result.GetValue(bound.Positionals) ?? Array.Empty<string>();
            return new ParsedLine(spec, new CliArguments(spec, positionals, values, flags), Help: false, Version: false);
        }
    }

    /// <summary>The System.CommandLine tree of <see cref="CliCommands"/>, with the symbol of each declared option.</summary>
    internal sealed class CliSyntax
    {
        CliSyntax(RootCommand root, HelpOption help, VersionOption version, Dictionary<Command, BoundCommand> commands)
        {
            Root = root;
            Help = help;
            Version = version;
            Commands = commands;
        }

        public RootCommand Root { get; }
        public HelpOption Help { get; }
        public VersionOption Version { get; }
        public IReadOnlyDictionary<Command, BoundCommand> Commands { get; }

        public static CliSyntax Build()
        {
            var root = new RootCommand("NetDsl: list, summarise, train, evaluate, export, run and compare the networks of a model catalogue.");
            // Only --help/-h (not /h, -?, /?, which could be paths) and --version; no [directives].
            foreach (var option in root.Options.Where(o => o is HelpOption or VersionOption).ToList()) root.Options.Remove(option);
            root.Directives.Clear();
            var help = new HelpOption("--help", "-h") { Recursive = true };
            var version = new VersionOption("--version");
            root.Options.Add(help);
            root.Options.Add(version);

            var commands = new Dictionary<Command, BoundCommand>();
            foreach (var spec in CliCommands.All)
            {
                var command = new Command(spec.Name);
                // Every command collects its positionals and checks their number itself ("'train' needs a model name").
                var positionals = new Argument<string[]>(spec.Positionals ?? "ARGUMENTS") { Arity = ArgumentArity.ZeroOrMore };
                command.Arguments.Add(positionals);
                var options = new List<(OptionSpec, Option)>();
                foreach (var option in spec.Options)
                {
                    Option symbol = option.IsFlag
                        ? new Option<bool>(option.Token) { Arity = ArgumentArity.Zero, Description = option.Description }
                        : new Option<string>(option.Token) { Arity = ArgumentArity.ExactlyOne, Description = option.Description, HelpName = option.ValueName };
                    command.Options.Add(symbol);
                    options.Add((option, symbol));
                }
                root.Subcommands.Add(command);
                commands[command] = new BoundCommand(positionals, options);
            }
            return new CliSyntax(root, help, version, commands);
        }
    }

    /// <summary>A command's positional argument and options as System.CommandLine symbols.</summary>
    internal sealed record BoundCommand(Argument<string[]> Positionals, IReadOnlyList<(OptionSpec Spec, Option Symbol)> Options);
}
