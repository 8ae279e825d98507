using System.Collections.Generic;
using System.Globalization;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Export;
using NetDsl.Shapes;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>data check SOURCE …</c> is <see cref="DataCheckCommand"/>;
    /// <c>data shapes --out DIR [--count N] [--test-count N] [--input CxHxW] [--seed N] [--masks]</c>: the built-in shapes set
    /// written as an image folder (train/ and test/, a folder of PNGs per class; with --masks images/, masks/ and
    /// classes.txt) that <c>folder:</c> / <c>maskfolder:</c> and torchvision's ImageFolder read.
    /// </summary>
    internal static class DataCommand
    {
        public static int Run(CliArguments args, IReadOnlyList<ModelEntry> models, CliConsole console)
        {
            if (args.Positionals.Count > 0 && args.Positionals[0] == "check") return DataCheckCommand.Run(args, console);
            string set = args.SinglePositional("the data set to write (shapes)");
            if (set != "shapes") throw new CliUsageException($"'data' writes the built-in set 'shapes' (or checks one: 'data check SOURCE'), not '{set}'");
            string? checkOnly = args.Flag("json") ? "json" : args.Value("max-problems") != null ? "max-problems"
                : args.Value("progress-every") != null ? "progress-every" : null;
            if (checkOnly != null) throw new CliUsageException($"--{checkOnly} belongs to 'data check SOURCE', not 'data shapes'");
            string output = OutputPath.Check(args.Value("out") ?? throw new CliUsageException("'data shapes' needs --out DIR"), "--out", isFolder: true);
            int count = args.Int("count", ShapesDataset.DefaultTrainCount, 1);
            int testCount = args.Int("test-count", System.Math.Max(1, count / 10), 1);
            var input = args.Shape("input") ?? new TensorShape(3, 32, 32);
            if (!input.Is2d || (input.C != 1 && input.C != 3) || input.H < 8 || input.W < 8)
                throw new CliUsageException($"--input {input}: image folders hold 1xHxW or 3xHxW images of at least 8x8");
            bool masks = args.Flag("masks");
            var info = ShapesFolder.Write(output, input, count, testCount, args.Int("seed", 0, 0), masks);
            console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "wrote {0} train and {1} test {2} images ({3} classes{4}) to {5}",
                info.TrainCount, info.TestCount, input, info.ClassCount, masks ? ", with masks" : "", output));
            console.Out.WriteLine($"read it with --data {(masks ? "maskfolder" : "folder")}:{output}" + (masks ? "" : " or torchvision's ImageFolder(DIR/train)"));
            return ExitCodes.Success;
        }
    }
}
