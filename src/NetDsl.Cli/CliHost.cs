using System;
using System.Collections.Generic;
using System.IO;
using System.CommandLine;
using System.CommandLine.Invocation;
using NetDsl.Runtime.Training;

namespace NetDsl.Cli
{
    /// <summary>
    /// The NetDsl command line (System.CommandLine; commands in <see cref="CliCommands"/>), hosted by an app
    /// that passes its model catalogue: <c>return NetDsl.Cli.CliHost.Run(args, NetDsl.Generated.ModelCatalog.All);</c>.
    /// Every command takes <c>--help</c> (each option with its default); <c>--version</c> prints the version.
    /// Errors go to stderr as one message naming the offending model, value, file or layer, with a
    /// non-zero exit code (2: usage, 1: the command failed, 70: a NetDsl bug); never a stack trace.
    /// </summary>
    public static class CliHost
    {
        public static int Run(string[] args, IReadOnlyList<ModelEntry> models) => Run(args, models, CliConsole.FromProcess());

        public static int Run(string[] args, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            var notes = new OptionNotes();
            var root = CliCommands.Build(models, console, notes);
            if (args.Length == 0)
            {
                console.Error.WriteLine(Overview.Write(root));
                return ExitCodes.Usage;
            }
            if (args.Length == 1 && args[0] is "help" or "--help" or "-h")
            {
                console.Out.WriteLine(Overview.Write(root));
                return ExitCodes.Success;
            }
            if (args.Length == 2 && args[0] == "help") args = new[] { args[1], "--help" };
            try
            {
                // No response files (@FILE) and no option bundling: every token means what it says.
                var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null, EnablePosixBundling = false });
                if (parsed.Action is ParseErrorAction)
                    throw new CliUsageException(ParseErrorMessage.For(parsed, args, notes));
                return parsed.Invoke(new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false });
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
                return Fail(console, "training failed: " + e.Message, ExitCodes.Failure);
            }
            catch (Exception e) when (e is ShapeException or IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
            {
                // Bad files, shapes a model cannot take, data that does not fit: the message names the culprit.
                return Fail(console, e.Message, ExitCodes.Failure);
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
