using System;
using System.IO;
using System.Linq;
using System.Reflection;
using NetDsl.Cli;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>The System.CommandLine host: help with every option's default, --version, and usage errors naming option and value.</summary>
    public class CliCommandLineTests
    {
        static (int code, string output, string error) Run(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            int code = CliHost.Run(args, TestModels.Catalogue, new CliConsole(output, error, interactive: false));
            return (code, output.ToString().Replace("\r", ""), error.ToString().Replace("\r", ""));
        }

        public static TheoryData<string> Commands() => new TheoryData<string>(CliCommands.All.Select(c => c.Name));

        [Theory]
        [MemberData(nameof(Commands))]
        public void HelpListsEveryOptionWithItsDefault(string name)
        {
            var command = CliCommands.Find(name)!;
            var (code, output, error) = Run(name, "--help");
            Assert.Equal(0, code);
            Assert.Equal("", error);
            var lines = output.TrimEnd().Split('\n');
            Assert.Equal("usage:", lines[0]);
            Assert.StartsWith("  " + name, lines[1]);
            Assert.Contains("options:", lines);
            foreach (var option in command.Options)
            {
                // The option's row, with its description's continuation lines (indented to the description column).
                int row = Array.FindIndex(lines, l => l.StartsWith("  " + option.Token + (option.IsFlag ? " " : " " + option.ValueName), StringComparison.Ordinal));
                Assert.True(row > 0, $"{name} --help does not list {option.Token}");
                string text = lines[row];
                for (int next = row + 1; next < lines.Length && lines[next].StartsWith("      ", StringComparison.Ordinal); next++) text += " " + lines[next].Trim();
                Assert.Contains(option.Description, text);
                Assert.EndsWith(option.Default == "required" ? "(required)" : $"(default: {option.Default})", text);
            }
            Assert.Equal(output, Run(name, "-h").output);
            Assert.Equal(output, Run("help", name).output);
            Assert.Equal(output, Run(name, "tinycnn", "--no-such-option", "--help").output);   // help wins over what it would refuse
        }

        [Fact]
        public void DataCheckHelpShowsDataChecksOwnUsageAndOptions_DataShapesHelpItsOwn()
        {
            var (code, output, error) = Run("data", "check", "--help");
            Assert.Equal((0, ""), (code, error));
            var lines = output.TrimEnd().Split('\n');
            Assert.Equal("usage:", lines[0]);
            Assert.StartsWith("  data check SOURCE [--json] [--max-problems N]", lines[1]);
            Assert.Contains("SOURCE: shapes|mnist:DIR|cifar10:DIR|folder:DIR|maskfolder:DIR", output);
            Assert.Contains(lines, l => l.StartsWith("  --json ", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("  --max-problems N ", StringComparison.Ordinal));
            foreach (string shapesOnly in new[] { "--out", "--count", "--test-count", "--input", "--seed", "--masks", "data shapes" })
                Assert.DoesNotContain(shapesOnly, output);
            Assert.Equal(output, Run("help", "data", "check").output);
            Assert.Equal(output, Run("data", "check", "folder:x", "-h").output);

            (code, output, error) = Run("data", "shapes", "--help");
            Assert.Equal((0, ""), (code, error));
            Assert.StartsWith("usage:\n  data shapes --out DIR [--count N] [--test-count N] [--input CxHxW] [--seed N] [--masks]\n", output);
            Assert.Contains("  --test-count N", output);
            Assert.DoesNotContain("--json", output);
            Assert.DoesNotContain("--max-problems", output);
            Assert.Equal(output, Run("help", "data", "shapes").output);
            // "data --help" still shows both.
            Assert.Contains("  data check SOURCE", Run("data", "--help").output);
        }

        [Fact]
        public void OverviewDescribesWhatTheCommandsDo()
        {
            var (_, output, _) = Run("--help");
            Assert.Contains("  data shapes --out DIR [--count N] [--test-count N] [--input CxHxW] [--seed N] [--masks]", output);
            // lr-find suggests fastai's valley (LearningRateFinder.Valley), not the steepest descent.
            Assert.Contains("suggests fastai's valley, half-way", output);
            Assert.Contains("into the middle third of the longest fall of the loss", output);
            Assert.DoesNotContain("steepest", output);
        }

        /// <summary>Every command's usage lines (which README repeats) name every option it takes but --device.</summary>
        public static TheoryData<string> CommandNames
        {
            get
            {
                var names = new TheoryData<string>();
                foreach (var command in CliCommands.All) names.Add(command.Name);
                return names;
            }
        }

        [Theory]
        [MemberData(nameof(CommandNames))]
        public void UsageLinesNameEveryOption(string name)
        {
            var command = CliCommands.Find(name)!;
            foreach (var option in command.Options)
                if (option.Name != "device")
                    Assert.True(System.Text.RegularExpressions.Regex.IsMatch(command.Usage, System.Text.RegularExpressions.Regex.Escape(option.Token) + "(?![\\w-])"),
                        $"{name}'s usage lines do not name {option.Token}");
        }

        [Theory]
        [InlineData("train")]
        [InlineData("lr-find")]
        public void PrecisionHelpOfCommandsThatReadTheCardNamesTheCard(string name)
        {
            var (_, output, _) = Run(name, "--help");
            string row = string.Join(" ", output.Split('\n').SkipWhile(l => !l.StartsWith("  --precision ", StringComparison.Ordinal))
                .TakeWhile((l, i) => i == 0 || l.StartsWith("      ", StringComparison.Ordinal)).Select(l => l.Trim()));
            Assert.EndsWith("(default: the model card's where it is fast on the device, else fp32)", row);
            Assert.EndsWith("(default: fp32)", string.Join(" ", Run("eval", "--help").output.Split('\n')
                .SkipWhile(l => !l.StartsWith("  --precision ", StringComparison.Ordinal)).TakeWhile((l, i) => i == 0 || l.StartsWith("      ", StringComparison.Ordinal)).Select(l => l.Trim())));
        }

        /// <summary><c>help UNKNOWN</c> is the unknown command's usage error, as <c>UNKNOWN MODEL</c> gets (before: the overview, exit 0).</summary>
        [Fact]
        public void Help_of_an_unknown_command_is_a_usage_error()
        {
            var (code, output, error) = Run("help", "trian");
            var (unknown, _, expected) = Run("trian", "tinycnn");
            Assert.Equal((ExitCodes.Usage, ExitCodes.Usage), (code, unknown));
            Assert.Equal("", output);
            Assert.Equal(expected, error);
            Assert.StartsWith("error: unknown command 'trian'; commands: list, summary, train", error);
            Assert.Equal(0, Run("help").code);
            Assert.Equal(0, Run("help", "train").code);
        }

        [Fact]
        public void OverviewShowsEveryCommand()
        {
            var (code, output, _) = Run("--help");
            Assert.Equal(0, code);
            foreach (var command in CliCommands.All) Assert.Contains("\n  " + command.Name, output);
            var (noArgs, _, error) = Run();
            Assert.Equal(ExitCodes.Usage, noArgs);
            Assert.Equal(output, error);
        }

        [Fact]
        public void VersionIsTheInformationalVersion()
        {
            var (code, output, error) = Run("--version");
            Assert.Equal(0, code);
            Assert.Equal("", error);
            string expected = typeof(CliHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
            Assert.Equal(expected, output.Trim());
            Assert.StartsWith("0.", expected);
        }

        [Theory]
        [InlineData("train tinycnn --batch --lr 0.1", "--batch needs a number and got '--lr'")]
        [InlineData("train tinycnn --out", "--out needs a folder")]
        [InlineData("train tinycnn --data --seed 1", "--data needs one of shapes, mnist:DIR, cifar10:DIR, folder:DIR, maskfolder:DIR and got '--seed'")]
        [InlineData("train tinycnn --resume=yes", "--resume takes no value (got 'yes')")]
        [InlineData("train tinycnn --seed 1 --seed 2", "--seed is given twice")]
        [InlineData("list --json", "unknown option '--json' for 'list'; it takes no options")]
        [InlineData("summary tinycnn --inptu 3x8x8", "unknown option '--inptu' for 'summary'; it takes --input, --arg, --json")]
        [InlineData("summary tinycnn extra", "'summary' takes one model name; unexpected 'extra'")]
        [InlineData("summary", "'summary' needs a model name")]
        [InlineData("fit tinycnn", "unknown command 'fit'; commands: list, summary, train")]
        [InlineData("--verbose", "unknown option '--verbose'")]
        [InlineData("train tinycnn --batch=0", "--batch must be an integer ≥ 1, got '0'")]
        [InlineData("train tinycnn --clip -1", "--clip must be a number ≥")]
        [InlineData("train tinycnn --ema 1", "--ema must be a decay above 0 and below 1 (e.g. 0.999), got '1'")]
        [InlineData("train tinycnn --ema 0", "--ema must be a decay above 0 and below 1 (e.g. 0.999), got '0'")]
        [InlineData("train tinycnn --augment crop,flop", "--augment: augmentations 'crop,flop': unknown augmentation 'flop'; use none, standard, or a list of crop[=PIXELS], flip, jitter[=STRENGTH]")]
        [InlineData("train tinycnn --augment jitter=-1", "'jitter=-1' needs a non-negative number")]
        [InlineData("train tinycnn --augment crop", "--augment crop: shapes data is held in memory and never augmented")]
        [InlineData("summary tinycnn --arg clases=7", "tinycnn: no constructor parameter 'clases'; ")]
        public void UsageErrorsAreOneLineNamingOptionAndValue(string line, string message)
        {
            var (code, output, error) = Run(line.Split(' '));
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Equal("", output);
            Assert.StartsWith("error: ", error);
            Assert.Contains(message, error);
            Assert.Single(error.TrimEnd().Split('\n'));
        }

        [Theory]
        [MemberData(nameof(Commands))]
        public void EveryDeclaredOptionReachesTheCommand(string name)
        {
            // Each option given once (value options as --name=value, the rest as --name value): each reads back as given.
            var command = CliCommands.Find(name)!;
            var tokens = new System.Collections.Generic.List<string> { "m1" };
            int i = 0;
            foreach (var option in command.Options)
            {
                if (option.IsFlag) tokens.Add(option.Token);
                else if (i++ % 2 == 0) tokens.Add(option.Token + "=v-" + option.Name);
                else tokens.AddRange(new[] { option.Token, "v-" + option.Name });
            }
            var args = CliArguments.Parse(name, tokens);
            Assert.Equal(new[] { "m1" }, args.Positionals);
            foreach (var option in command.Options)
                if (option.IsFlag) Assert.True(args.Flag(option.Name), option.Token);
                else Assert.Equal("v-" + option.Name, args.Value(option.Name));
            Assert.Throws<InvalidOperationException>(() => args.Value("no-such-option"));
        }

        [Fact]
        public void ValuesThatLookLikeOptionsOrPathsStayValues()
        {
            var args = CliArguments.Parse("train", new[] { "tinycnn", "--clip", "-1", "--out", "/h", "--data", "folder:C:/x" });
            Assert.Equal("-1", args.Value("clip"));
            Assert.Equal("/h", args.Value("out"));
            Assert.Equal("folder:C:/x", args.Value("data"));
            Assert.Equal("@file", CliArguments.Parse("summary", new[] { "@file" }).Positionals[0]);   // no response files
        }
    }
}
