using System;
using System.IO;
using System.Linq;
using NetDsl.Cli;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>The command line's help, version and parse errors (System.CommandLine under our messages).</summary>
    public class CliHelpTests
    {
        static (int Code, string Output, string Error) Run(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            int code = CliHost.Run(args, TestModels.Catalogue, new CliConsole(output, error, interactive: false));
            return (code, output.ToString(), error.ToString());
        }

        [Theory]
        [InlineData("list")]
        [InlineData("summary")]
        [InlineData("train")]
        [InlineData("eval")]
        [InlineData("export")]
        [InlineData("infer")]
        public void EveryCommandsHelpExitsZeroListingEachOptionWithItsDefault(string command)
        {
            var (code, output, error) = Run(command, "--help");
            Assert.Equal(0, code);
            Assert.Equal("", error);
            var options = output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("--", StringComparison.Ordinal)).ToList();
            foreach (string line in options)
            {
                bool flag = !line.Split(' ')[0].Contains('<') && !line.Contains(" <", StringComparison.Ordinal);
                bool required = line.Contains("(REQUIRED)", StringComparison.Ordinal);
                bool optionalFile = line.Contains("<FILE>", StringComparison.Ordinal) && (line.StartsWith("--weights", StringComparison.Ordinal) || line.StartsWith("--checkpoint", StringComparison.Ordinal));
                if (!flag && !required && !optionalFile) Assert.Contains("[default: ", line);
            }
            if (command == "train")
            {
                Assert.Contains(options, l => l.StartsWith("--epochs <N>", StringComparison.Ordinal) && l.EndsWith("[default: 1]", StringComparison.Ordinal));
                Assert.Contains(options, l => l.StartsWith("--batch <N>", StringComparison.Ordinal) && l.EndsWith("[default: 32]", StringComparison.Ordinal));
                Assert.Contains(options, l => l.StartsWith("--schedule <cosine|step|onecycle>", StringComparison.Ordinal) && l.EndsWith("[default: cosine]", StringComparison.Ordinal));
                Assert.Contains(options, l => l.StartsWith("--data <", StringComparison.Ordinal) && l.EndsWith("[default: shapes]", StringComparison.Ordinal));
                Assert.Contains(options, l => l.StartsWith("--resume", StringComparison.Ordinal));
            }
        }

        [Fact]
        public void HelpAndVersionAtTheTop()
        {
            var help = Run("--help");
            Assert.Equal(0, help.Code);
            Assert.Contains("train MODEL [--data shapes|mnist:DIR|cifar10:DIR|folder:DIR|maskfolder:DIR]", help.Output);
            Assert.Equal(help.Output, Run("help").Output);
            Assert.Equal(Run("train", "--help").Output, Run("help", "train").Output);

            var version = Run("--version");
            Assert.Equal(0, version.Code);
            Assert.Matches(@"^\d+\.\d+\.\d+", version.Output.Trim());

            var none = Run();
            Assert.Equal(ExitCodes.Usage, none.Code);
            Assert.Equal("", none.Output);
            Assert.Contains("usage: COMMAND", none.Error);
        }

        [Theory]
        [InlineData("train tinycnn --batch --lr 0.1", "error: --batch needs a number and got '--lr'")]
        [InlineData("train tinycnn --batch", "error: --batch needs a number")]
        [InlineData("train tinycnn --out --resume", "error: --out needs a folder and got '--resume'")]
        [InlineData("train tinycnn --epochs 2 --epochs 3", "error: --epochs is given twice")]
        [InlineData("train tinycnn --resume=yes", "error: --resume takes no value (got 'yes')")]
        [InlineData("train tinycnn --lr 0", "error: --lr must be a number > 0, got '0'")]
        [InlineData("summary tinycnn extra", "error: 'summary' takes one model name; unexpected 'extra'")]
        [InlineData("summary", "error: 'summary' needs a model name")]
        [InlineData("list extra", "error: 'list' takes no arguments; unexpected 'extra'")]
        [InlineData("export tinycnn --out w.safetensors", "error: 'export' needs --format safetensors")]
        [InlineData("infer tinycnn --weights w --input x", "error: 'infer' needs --output Y.safetensors")]
        [InlineData("fit tinycnn", "error: unknown command 'fit'; commands: list, summary, train, eval, export, infer")]
        [InlineData("summary tinycnn --depth=3", "error: unknown option '--depth' for 'summary'; it takes --input, --json")]
        public void UsageErrorsAreOneLineOnStderrNamingTheOptionAndValue(string command, string message)
        {
            var (code, output, error) = Run(command.Split(' '));
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Equal("", output);
            Assert.Equal(message, error.Trim());
        }
    }
}
