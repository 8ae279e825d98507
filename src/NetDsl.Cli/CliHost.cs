using System;
using System.Collections.Generic;
using System.IO;
using NetDsl.Runtime.Training;

namespace NetDsl.Cli
{
    /// <summary>
    /// The NetDsl command line (System.CommandLine over the commands declared in <see cref="CliCommands"/>), hosted
    /// by an app that passes its model catalogue:
    /// <c>return NetDsl.Cli.CliHost.Run(args, NetDsl.Generated.ModelCatalog.All);</c>.
    /// Errors go to stderr as one message naming the offending model, value, file or layer, with a
    /// non-zero exit code (2: usage, 1: the command failed, 70: a NetDsl bug); never a stack trace. Every command
    /// takes <c>--help</c>/<c>-h</c> (and <c>help COMMAND</c>): its usage and every option with its default, exit 0;
    /// <c>--version</c> prints the informational version.
    /// </summary>
    public static class CliHost
    {
        /// <summary>Runs the command line <paramref name="args"/> over <paramref name="models"/> on the process's console; returns the exit code.</summary>
        public static int Run(string[] args, IReadOnlyList<ModelEntry> models) => Run(args, models, CliConsole.FromProcess());

        /// <summary>Runs the command line <paramref name="args"/> over <paramref name="models"/>, writing to <paramref name="console"/>; returns the exit code.</summary>

        public static int Run(string[] args, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            if (args.Length == 0)
            {
                console.Error.WriteLine(CliHelp.Overview());
                return ExitCodes.Usage;
            }
            if (args[0] == "help")
            {
                // "help COMMAND": that command's help; "help UNKNOWN": the unknown command's usage error, as "UNKNOWN ..." gets;
                // "help" alone (or with anything else): the overview.
                if (args.Length >= 2 && !args[1].StartsWith("-", StringComparison.Ordinal) && CliCommands.Find(args[1]) == null)
                    return Fail(console, ParseErrorMessage.UnknownCommand(args[1]), ExitCodes.Usage);
                var about = args.Length == 2 ? CliCommands.Find(args[1])
                    : args.Length == 3 && CliCommands.Find(args[1]) is CommandSpec command && CliCommands.HelpFor(command, new[] { args[2] }) is var sub && sub != command ? sub
                    : null;   // "help data check": the sub-command's help
                console.Out.WriteLine(about != null ? CliHelp.For(about) : CliHelp.Overview());
                return ExitCodes.Success;
            }
            CliArguments? arguments = null;
            try
            {
                var line = CliParser.Parse(args);
                arguments = line.Arguments;
                if (line.Version)
                {
                    console.Out.WriteLine(CliHelp.Version());
                    return ExitCodes.Success;
                }
                if (line.Help)
                {
                    console.Out.WriteLine(line.Command != null ? CliHelp.For(line.Command) : CliHelp.Overview());
                    return ExitCodes.Success;
                }
                // Every command may allocate large CPU tensors step after step: keep freed blocks for reuse.
                HostAllocator.ReuseLargeBlocks();
                return line.Command!.Run(line.Arguments!, models, console);
            }
            catch (CliUsageException e)
            {
                return Fail(console, e.Message, ExitCodes.Usage);
            }
            catch (TaskDataException e)
            {
                // The data or the model's output does not fit the model's task: the command line asked for it.
                return Fail(console, e.Message, ExitCodes.Usage);
            }
            catch (TrainingFailedException e)
            {
                return Fail(console, "training failed: " + CommandLineWording.For(e), ExitCodes.Failure);
            }
            catch (Exception e) when (e is ShapeException or IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException or DeviceUnavailableException)
            {
                // Bad files, shapes a model cannot take, data that does not fit: the message names the culprit (and the
                // fix in the command line's words, its flags, where the library attached them).
                return Fail(console, CommandLineWording.For(e), ExitCodes.Failure);
            }
            catch (Exception e) when (arguments != null && OutOfMemoryMessage.For(e, arguments.Command, arguments.Declares("batch"), arguments.Declares("batch") ? arguments.Value("batch") : null) is string outOfMemory)
            {
                return Fail(console, outOfMemory, ExitCodes.Failure);
            }
            catch (Exception e)
            {
                return Fail(console, $"internal error ({e.GetType().Name}): {e.Message}", ExitCodes.Internal);
            }
        }

        static int Fail(CliConsole console, string message, int code)
        {
            console.Out.Flush();
            console.Error.WriteLine("error: " + message);
            return code;
        }
    }
}
