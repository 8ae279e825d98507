using System;
using System.Collections.Generic;
using System.IO;
using NetDsl.Runtime.Training;

namespace NetDsl.Cli
{
    /// <summary>
    /// The NetDsl command line, hosted by an app that passes its model catalogue:
    /// <c>return NetDsl.Cli.CliHost.Run(args, NetDsl.Generated.ModelCatalog.All);</c>.
    /// Errors go to stderr as one message naming the offending model, value, file or layer, with a
    /// non-zero exit code (2: usage, 1: the command failed, 70: a NetDsl bug); never a stack trace.
    /// </summary>
    public static class CliHost
    {
        const string Usage =
            "usage:\n" +
            "  list                                  one model name per line\n" +
            "  summary MODEL [--input CxHxW] [--json]\n" +
            "                                        per-layer table, or one JSON object\n" +
            "  train MODEL [--data shapes|mnist:DIR|cifar10:DIR|folder:DIR|maskfolder:DIR] [--input CxHxW] [--epochs N] [--batch N]\n" +
            "              [--lr X] [--out DIR] [--resume] [--seed N] [--weights FILE [--classes N] [--freeze]]\n" +
            "              [--optimizer sgd|adamw] [--nesterov] [--schedule cosine|step|onecycle]\n" +
            "              [--warmup N] [--weight-decay X] [--decay-all] [--label-smoothing X]\n" +
            "              [--clip X] [--patience N] [--checkpoint-every N] [--tensorboard]\n" +
            "              [--precision fp32|bf16-mixed|fp16-mixed] [--accumulate N]\n" +
            "                                        train on the built-in shapes set or MNIST\n" +
            "                                        (from safetensors or .pth weights, loaded strictly,\n" +
            "                                        or the backbone only with --classes);\n" +
            "                                        loss and metrics follow the model's task\n" +
            "  eval MODEL (--checkpoint FILE | --weights FILE) [--data ...] [--input CxHxW]\n" +
            "             [--batch N] [--seed N] [--precision fp32|bf16-mixed]\n" +
            "                                        test loss and metrics of a trained model\n" +
            "                                        (on the inference path: BatchNorm folded)\n" +
            "  export MODEL --format safetensors --out FILE [--checkpoint FILE | --weights FILE] [--seed N]\n" +
            "                                        the state dict (torchvision keys), freshly\n" +
            "                                        initialised, from a training checkpoint or\n" +
            "                                        loaded from safetensors weights\n" +
            "  infer MODEL (--checkpoint FILE | --weights FILE) --input X.safetensors --output Y.safetensors\n" +
            "                                        eval-mode forward of tensor 'input' (NxCxHxW)\n" +
            "                                        into tensor 'output'\n" +
            "  bench MODEL [--input CxHxW] [--batch N] [--precision fp32|bf16-mixed] [--mode train|eval|all] [--json]\n" +
            "                                        median train step / eval forward times next to\n" +
            "                                        the plain fp32 eager run, alternating\n" +
            "  zoo-train [MODEL...] [--out PREFIX] [--budget SECONDS] [--epochs N] [--train-images N]\n" +
            "            [--test-images N] [--input CxHxW] [--batch N] [--seed N] [--threads N]\n" +
            "                                        train every model (or those named) with its\n" +
            "                                        model card; PREFIX.csv/.json/.md table\n" +
            "  compare (--runs DIR... | --sweep FILE) --out PREFIX [--size params|activations]\n" +
            "                                        multiply-adds vs metric chart, circle = memory:\n" +
            "                                        PREFIX.png and PREFIX.csv";

        /// <summary>The lines of <see cref="Usage"/> that describe <paramref name="command"/>, or null for an unknown command.</summary>
        static string? CommandUsage(string command)
        {
            var lines = Usage.Split('\n');
            for (int i = 1; i < lines.Length; i++)
            {
                if (!lines[i].StartsWith("  " + command + " ", StringComparison.Ordinal) && lines[i].TrimEnd() != "  " + command) continue;
                var block = new List<string> { "usage:", lines[i] };
                // Continuation lines are indented deeper than a command's two spaces.
                for (int j = i + 1; j < lines.Length && lines[j].StartsWith("   ", StringComparison.Ordinal); j++) block.Add(lines[j]);
                return string.Join("\n", block);
            }
            return null;
        }

        public static int Run(string[] args, IReadOnlyList<ModelEntry> models) => Run(args, models, CliConsole.FromProcess());

        public static int Run(string[] args, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            if (args.Length == 0)
            {
                console.Error.WriteLine(Usage);
                return ExitCodes.Usage;
            }
            if (args[0] == "help" && args.Length == 2 && CommandUsage(args[1]) is string one)
            {
                console.Out.WriteLine(one);
                return ExitCodes.Success;
            }
            if (args[0] is "help" or "--help" or "-h")
            {
                console.Out.WriteLine(Usage);
                return ExitCodes.Success;
            }
            var rest = new ArraySegment<string>(args, 1, args.Length - 1);
            // "train --help" / "help train": that command's usage (exit 0), before any option is checked.
            string? helpFor = args[0] == "help" ? null : ((IList<string>)rest).Contains("--help") || ((IList<string>)rest).Contains("-h") ? args[0] : null;
            if (helpFor != null && CommandUsage(helpFor) is string usage)
            {
                console.Out.WriteLine(usage);
                return ExitCodes.Success;
            }
            try
            {
                return args[0] switch
                {
                    "list" => ListCommand.Run(CliArguments.Parse("list", rest, Array.Empty<string>(), Array.Empty<string>()), models, console),
                    "summary" => SummaryCommand.Run(CliArguments.Parse("summary", rest, SummaryCommand.ValueOptions, SummaryCommand.Flags), models, console),
                    "train" => TrainCommand.Run(CliArguments.Parse("train", rest, TrainCommand.ValueOptions, TrainCommand.Flags), models, console),
                    "eval" => EvalCommand.Run(CliArguments.Parse("eval", rest, EvalCommand.ValueOptions, EvalCommand.Flags), models, console),
                    "export" => ExportCommand.Run(CliArguments.Parse("export", rest, ExportCommand.ValueOptions, ExportCommand.Flags), models, console),
                    "infer" => InferCommand.Run(CliArguments.Parse("infer", rest, InferCommand.ValueOptions, InferCommand.Flags), models, console),
                    "bench" => BenchCommand.Run(CliArguments.Parse("bench", rest, BenchCommand.ValueOptions, BenchCommand.Flags), models, console),
                    "zoo-train" => ZooTrainCommand.Run(CliArguments.Parse("zoo-train", rest, ZooTrainCommand.ValueOptions, ZooTrainCommand.Flags), models, console),
                    "compare" => CompareCommand.Run(CliArguments.Parse("compare", rest, CompareCommand.ValueOptions, CompareCommand.Flags), models, console),
                    _ => throw new CliUsageException($"unknown command '{args[0]}'; commands: list, summary, train, eval, export, infer, bench, zoo-train, compare"),
                };
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
