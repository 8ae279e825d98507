using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using NetDsl.Shapes;
using Spectre.Console;

namespace NetDsl.Cli
{
    /// <summary><c>summary MODEL [--input CxHxW] [--json]</c>: per-layer table or one JSON object.</summary>
    internal static class SummaryCommand
    {
        /// <summary><c>summary</c>'s command line, declared once.</summary>
        internal sealed class Args(CommandSpec c)
        {
            public readonly Argument<string> Model = c.Model();
            public readonly Option<TensorShape?> Input = c.Input("the model's declared input");
            public readonly Option<bool> Json = c.Flag("--json", "one JSON object (layers, shapes, counts, state dict) instead of the table");
        }

        public static int Run(ParseResult args, Args a, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            var entry = ModelLookup.Find(models, args.GetValue(a.Model)!);
            TensorShape? input = args.GetValue(a.Input);
            using Network network = input is TensorShape shape ? entry.Create(shape) : entry.Create();
            if (args.GetValue(a.Json)) console.Out.WriteLine(SummaryJson.Write(entry.Name, network));
            else WriteTable(entry.Name, network, console);
            return ExitCodes.Success;
        }

        static void WriteTable(string name, Network network, CliConsole console)
        {
            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("layer").AddColumn("kind").AddColumn("output")
                .AddColumn(new TableColumn("params").RightAligned()).AddColumn(new TableColumn("mult-adds").RightAligned());
            foreach (var row in network.Summary)
                table.AddRow(Markup.Escape(row.Path), Markup.Escape(row.Kind), row.Output.ToString(), Count(row.Parameters), Count(row.MultiplyAdds));
            table.AddEmptyRow();
            table.AddRow("total", "", network.OutputShape.ToString(), Count(network.ParameterTotal), Count(network.MultiplyAddTotal));

            console.Ansi.MarkupLine($"[bold]{Markup.Escape(name)}[/]  input {network.InputShape} → output {network.OutputShape}");
            console.Ansi.Write(table);
            console.Ansi.MarkupLine($"parameters: {Count(network.ParameterTotal)} ({Short(network.ParameterTotal)})   " +
                                    $"multiply-adds: {Count(network.MultiplyAddTotal)} ({Short(network.MultiplyAddTotal)})");
        }

        static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

        static string Short(long n) => n switch
        {
            >= 1_000_000_000 => (n / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + "G",
            >= 1_000_000 => (n / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
            >= 1_000 => (n / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + "k",
            _ => n.ToString(CultureInfo.InvariantCulture),
        };
    }
}
