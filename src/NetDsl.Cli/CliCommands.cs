using System;
using System.Collections.Generic;
using System.CommandLine;

namespace NetDsl.Cli
{
    /// <summary>
    /// Every command of the CLI: its name, one-line description, the class that declares its options and what
    /// runs it. A new command is one <see cref="Add"/> line here plus its own files.
    /// </summary>
    internal static class CliCommands
    {
        public static RootCommand Build(IReadOnlyList<ModelEntry> models, CliConsole console, OptionNotes notes)
        {
            var root = new RootCommand("NetDsl: list, summarise, train, evaluate, export and run the networks of a model catalogue.");
            Add(root, notes, "list", "one model name per line",
                c => c, (r, a) => ListCommand.Run(models, console));
            Add(root, notes, "summary", "per-layer table, or one JSON object",
                c => new SummaryCommand.Args(c), (r, a) => SummaryCommand.Run(r, a, models, console));
            Add(root, notes, "train", "train on the built-in shapes set or a data set (from safetensors weights, loaded strictly); loss and metrics follow the model's task",
                c => new TrainArgs(c), (r, a) => TrainCommand.Run(r, a, models, console));
            Add(root, notes, "eval", "test loss and metrics of a trained model",
                c => new EvalCommand.Args(c), (r, a) => EvalCommand.Run(r, a, models, console));
            Add(root, notes, "export", "the state dict (torchvision keys), freshly initialised or loaded from --weights",
                c => new ExportCommand.Args(c), (r, a) => ExportCommand.Run(r, a, models, console));
            Add(root, notes, "infer", "eval-mode forward of tensor 'input' (NxCxHxW) into tensor 'output'",
                c => new InferCommand.Args(c), (r, a) => InferCommand.Run(r, a, models, console));
            return root;
        }

        static void Add<TArgs>(RootCommand root, OptionNotes notes, string name, string description,
            Func<CommandSpec, TArgs> declare, Func<ParseResult, TArgs, int> run)
        {
            var command = new Command(name, description);
            TArgs args = declare(new CommandSpec(command, notes));
            command.SetAction(result => run(result, args));
            root.Add(command);
        }
    }
}
