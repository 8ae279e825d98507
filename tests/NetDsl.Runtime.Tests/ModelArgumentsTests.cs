using System;
using System.IO;
using System.Linq;
using NetDsl.Cli;
using NetDsl.Shapes;
using NetDsl.Weights;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    // A tiny test network (it exercises the constructor arguments, not the depth its input needs): ND0104 accepted.
#pragma warning disable ND0104
    /// <summary>An auxiliary head a constructor argument switches off, and a width: what <c>--arg</c> sets by name.</summary>
    [ModelCard(Optimizer = "adamw", LearningRate = 3e-3, Epochs = 1, TrainImages = 64, TrainInput = "3x16x16", Arguments = "auxLogits=false")]
    [Network(Input = "3x16x16")]
    public partial class ArgumentsNet(int classes = 6, bool auxLogits = true, int width = 8)
    {
        [Conv(nameof(width), 3, Padding = 1), ReLU]                                                  Layer stem;
        [Aux(nameof(stem), Enabled = nameof(auxLogits)), GlobalAvgPool, Flatten, Linear(nameof(classes))] Layer aux;
        [GlobalAvgPool, Flatten, Linear(nameof(classes))]                                            Layer fc;
    }
#pragma warning restore ND0104

    /// <summary>
    /// Constructor arguments by name (<see cref="ModelArguments"/>, <see cref="ModelConstruction.CreateWith"/>, the CLI's
    /// <c>--arg</c>), as timm's <c>create_model(name, **kwargs)</c>: parsed and written canonically, converted to each
    /// parameter's type with errors naming the parameter, recorded by a run and its exports so eval, infer and export
    /// rebuild the same network.
    /// </summary>
    public class ModelArgumentsTests
    {
        static readonly ModelEntry Entry = CatalogueEntry();

        // As the generated catalogue writes it: with the type, so the entry reads its [ModelCard].
        static ModelEntry CatalogueEntry()
        {
            using var sample = new ArgumentsNet();
            return new ModelEntry("argsnet", typeof(ArgumentsNet).FullName!, sample.DeclaredInput, sample.ParameterTotal, sample.MultiplyAddTotal,
                () => new ArgumentsNet(), type: typeof(ArgumentsNet));
        }

        static (int Code, string[] Lines, string Error) Run(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            int code = CliHost.Run(args, new[] { Entry }, new CliConsole(output, error, interactive: false));
            return (code, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), error.ToString());
        }

        [Fact]
        public void Parse_WritesOneCanonicalForm_AndNamesAMalformedPair()
        {
            var parsed = ModelArguments.Parse(" width = 16 , auxLogits=false");
            Assert.Equal("auxLogits=false,width=16", parsed.ToString());
            Assert.Equal(parsed, ModelArguments.Parse("auxLogits=false,width=16"));
            Assert.Equal("auxLogits=true,width=16", parsed.With("auxLogits", true).ToString());
            Assert.Equal("auxLogits=false,width=4", parsed.With(ModelArguments.Parse("width=4")).ToString());
            Assert.True(ModelArguments.Parse("").IsEmpty);
            Assert.Contains("'auxLogits' is not NAME=VALUE", Assert.Throws<FormatException>(() => ModelArguments.Parse("auxLogits")).Message);
            Assert.Contains("'width' is given twice", Assert.Throws<FormatException>(() => ModelArguments.Parse("width=1,width=2")).Message);
        }

        [Fact]
        public void CreateWith_BuildsTheNetworkTheArgumentsMake()
        {
            using var full = Entry.Create();
            using var plain = Entry.CreateWith(ModelArguments.Parse("auxLogits=false"));
            using var wide = Entry.CreateWith(ModelArguments.Parse("width=16, classes=3"), new TensorShape(3, 8, 8));
            Assert.Contains(full.state_dict().Keys, k => k.StartsWith("aux.", StringComparison.Ordinal));
            Assert.DoesNotContain(plain.state_dict().Keys, k => k.StartsWith("aux.", StringComparison.Ordinal));
            Assert.Equal(new ArgumentsNet(auxLogits: false).ParameterTotal, plain.ParameterTotal);
            Assert.Equal(new ArgumentsNet(3, true, 16).ParameterTotal, wide.ParameterTotal);
            Assert.Equal(new TensorShape(3, 8, 8), wide.InputShape);
            Assert.Equal("argsnet", plain.CatalogName);
        }

        [Fact]
        public void CreateWith_NamesAnUnknownParameter_AndAValueOfTheWrongType()
        {
            var unknown = Assert.Throws<ArgumentException>(() => Entry.CreateWith(ModelArguments.Parse("aux_logits=false")));
            Assert.Contains("argsnet: no constructor parameter 'aux_logits'", unknown.Message);
            Assert.Contains("(int classes = 6, bool auxLogits = true, int width = 8)", unknown.Message);
            var wrong = Assert.Throws<ArgumentException>(() => Entry.CreateWith(ModelArguments.Parse("auxLogits=no")));
            Assert.Contains("'auxLogits' takes true or false, not 'no'", wrong.Message);
            var number = Assert.Throws<ArgumentException>(() => Entry.CreateWith(ModelArguments.Parse("width=8.5")));
            Assert.Contains("'width' takes a int, not '8.5'", number.Message);
        }

        [Fact]
        public void ModelCard_ReadsItsArguments()
        {
            Assert.Equal("auxLogits=false", Entry.Card.Arguments.ToString());
            Assert.Contains("arguments auxLogits=false", Entry.Card.ToString());
        }

        [Fact]
        public void Summary_TakesArg_AndAMalformedOneIsAUsageError()
        {
            var (code, lines, error) = Run("summary", "argsnet", "--arg", "auxLogits=false");
            Assert.True(code == 0, error);
            Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("aux", StringComparison.Ordinal));
            (code, _, error) = Run("summary", "argsnet", "--arg", "auxLogits");
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("--arg: model argument 'auxLogits' is not NAME=VALUE", error);
            (code, _, error) = Run("summary", "argsnet", "--arg", "depth=3");
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("no constructor parameter 'depth'", error);
        }

        [Fact]
        public void AnUnknownArgOrABadValue_IsAUsageError_WithoutDotNetText_ForEveryCommandThatTakesArg()
        {
            using var dir = new TempFolder();
            string file = Path.Combine(dir.Path, "some.bin"), run = Path.Combine(dir.Path, "run");
            File.WriteAllText(file, "never read: --arg is checked first");
            string[][] commands =
            {
                new[] { "summary", "argsnet" },
                new[] { "bench", "argsnet", "--rounds", "1" },
                new[] { "export", "argsnet", "--format", "safetensors", "--out", Path.Combine(dir.Path, "x.safetensors") },
                new[] { "export", "argsnet", "--format", "safetensors", "--out", Path.Combine(dir.Path, "x.safetensors"), "--checkpoint", file },
                new[] { "train", "argsnet", "--out", run },
                new[] { "eval", "argsnet", "--checkpoint", file },
                new[] { "infer", "argsnet", "--weights", file, "--input", file, "--output", Path.Combine(dir.Path, "y.safetensors") },
            };
            foreach (string[] command in commands)
            {
                var (code, _, error) = Run(command.Concat(new[] { "--arg", "clases=7" }).ToArray());
                Assert.True(code == ExitCodes.Usage, $"{command[0]}: exit {code}, {error}");
                Assert.Equal("error: argsnet: no constructor parameter 'clases'; ArgumentsNet takes (int classes = 6, bool auxLogits = true, int width = 8)",
                    error.TrimEnd());
                (code, _, error) = Run(command.Concat(new[] { "--arg", "width=8.5" }).ToArray());
                Assert.True(code == ExitCodes.Usage, $"{command[0]}: exit {code}, {error}");
                Assert.Equal("error: argsnet: 'width' takes a int, not '8.5'", error.TrimEnd());
            }
            Assert.False(Directory.Exists(run), "a bad --arg is refused before train claims its folder");
            Assert.Null(Entry.ArgumentProblem(ModelArguments.Parse("auxLogits=false,width=4")));
        }

        [Fact]
        public void Train_UsesTheCardsArguments_RecordsThem_AndEvalExportInferRebuildTheSameNetwork()
        {
            using var dir = new TempFolder();
            string run = Path.Combine(dir.Path, "run");
            // The card says auxLogits=false; --arg overrides the width on top of it.
            var (code, lines, error) = Run("train", "argsnet", "--arg", "width=4", "--out", run);
            Assert.True(code == 0, error);
            Assert.Contains(lines, l => l.StartsWith("model: argsnet", StringComparison.Ordinal) && l.Contains("arguments: auxLogits=false,width=4", StringComparison.Ordinal));
            string best = Path.Combine(run, "best.bin");

            // No --arg: the checkpoint's arguments rebuild the network it holds (a strict load of its keys).
            (code, lines, error) = Run("eval", "argsnet", "--checkpoint", best);
            Assert.True(code == 0, error);
            string weights = Path.Combine(dir.Path, "argsnet.safetensors");
            (code, _, error) = Run("export", "argsnet", "--checkpoint", best, "--format", "safetensors", "--out", weights);
            Assert.True(code == 0, error);
            using (var file = SafeTensors.Open(weights))
                Assert.Equal("auxLogits=false,width=4", SafeTensors.ReadIndex(weights, file).Metadata[WeightSource.ArgumentsKey]);
            string input = Path.Combine(dir.Path, "x.safetensors"), output = Path.Combine(dir.Path, "y.safetensors");
            using (var x = TorchSharp.torch.rand(2, 3, 16, 16)) SafeTensors.Write(input, new[] { ("input", x) });
            (code, _, error) = Run("infer", "argsnet", "--weights", weights, "--input", input, "--output", output);
            Assert.True(code == 0, error);

            // From --weights the card's arguments (and the input chosen for them) are left out: only --arg's apply.
            (code, lines, error) = Run("train", "argsnet", "--weights", weights, "--arg", "auxLogits=false,width=4", "--train-images", "32",
                "--out", Path.Combine(dir.Path, "tuned"));
            Assert.True(code == 0, error);
            Assert.Contains(lines, l => l.StartsWith("model: argsnet  input: 3x16x16 (the declared input", StringComparison.Ordinal));

            // Other arguments than the checkpoint's: the strict load names the keys, and a resume is refused naming both.
            (code, _, error) = Run("eval", "argsnet", "--checkpoint", best, "--arg", "auxLogits=true,width=4");
            Assert.NotEqual(0, code);
            Assert.Contains("aux.", error);
            (code, _, error) = Run("train", "argsnet", "--resume", "--epochs", "2", "--arg", "width=8", "--out", run);
            Assert.NotEqual(0, code);
            Assert.Contains("built with --arg auxLogits=false,width=4, this one with --arg auxLogits=false,width=8", error);
        }
    }
}
