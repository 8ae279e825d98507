using System.Globalization;
using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using NetDsl.Cli;
using NetDsl.Runtime.Data;
using NetDsl.Shapes;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    public class CliTests
    {
        static (int code, string output, string error) Run(params string[] args) => CliCapture.Run(args);

        static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

        [Theory]
        [InlineData("train", "--help", "  train MODEL [--data ", "--precision fp32|bf16-mixed|fp16-mixed")]
        [InlineData("export", "-h", "  export MODEL --format safetensors|onnx|pytorch ", "--dynamic-batch")]
        [InlineData("data", "--help", "  data shapes --out DIR ", "--masks")]
        [InlineData("help", "eval", "  eval MODEL (--checkpoint FILE | --weights FILE)", "--precision")]
        [InlineData("list", "--help", "  list ", "one model name per line")]
        public void EveryCommandTakesHelp(string first, string second, string start, string option)
        {
            var (code, output, error) = Run(first, second);
            Assert.Equal(0, code);
            Assert.Equal("", error);
            var lines = output.TrimEnd().Split('\n');
            Assert.Equal("usage:", lines[0]);
            Assert.StartsWith(start, lines[1]);
            Assert.Contains(option, output);
            Assert.DoesNotContain("  summary MODEL", output);   // that command's lines only
        }

        [Fact]
        public void ListPrintsOneNamePerLine()
        {
            var (code, output, error) = Run("list");
            Assert.Equal(0, code);
            Assert.Equal(TestModels.Catalogue.Select(m => m.Name).ToArray(), Lines(output));
            Assert.Equal("", error);
        }

        [Fact]
        public void SummaryJsonHasEveryFieldAndTheStateDict()
        {
            var (code, output, _) = Run("summary", "tinycnn", "--json");
            Assert.Equal(0, code);
            using var doc = JsonDocument.Parse(output);
            var root = doc.RootElement;
            Assert.Equal("tinycnn", root.GetProperty("model").GetString());
            Assert.Equal(new[] { 3, 32, 32 }, root.GetProperty("input").EnumerateArray().Select(e => e.GetInt32()).ToArray());
            Assert.Equal(new[] { 6 }, root.GetProperty("output").EnumerateArray().Select(e => e.GetInt32()).ToArray());
            Assert.Equal(0, root.GetProperty("constraints").GetArrayLength());

            using var model = new TinyCnn();
            long expectedParameters = model.parameters().Sum(p => p.numel());
            Assert.Equal(expectedParameters, root.GetProperty("parameters").GetInt64());
            Assert.Equal(model.ParameterTotal, root.GetProperty("parameters").GetInt64());
            Assert.Equal(model.MultiplyAddTotal, root.GetProperty("macs").GetInt64());
            Assert.True(root.GetProperty("macs").GetInt64() > 0);

            var layers = root.GetProperty("layers").EnumerateArray().ToArray();
            Assert.Equal(model.LayerRows.Select(r => r.Path), layers.Select(l => l.GetProperty("path").GetString()));
            Assert.Equal("Conv2d", layers[0].GetProperty("kind").GetString());
            Assert.Equal(new[] { 16, 32, 32 }, layers[0].GetProperty("output").EnumerateArray().Select(e => e.GetInt32()).ToArray());
            Assert.Equal(432, layers[0].GetProperty("parameters").GetInt64());

            var state = root.GetProperty("stateDict").EnumerateArray()
                .ToDictionary(e => e.GetProperty("key").GetString()!, e => e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray());
            // PyTorch's order (module by module, parameters then buffers), with every state_dict() entry.
            Assert.Equal(StateDictOrder.Entries(model).Select(e => e.Key), state.Keys);
            Assert.Equal(model.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal), state.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.Equal(new[] { "conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean" }, state.Keys.Take(4));
            Assert.Equal(new long[] { 16, 3, 3, 3 }, state["conv1.weight"]);
            Assert.Equal(new long[] { 16 }, state["bn1.running_var"]);
            Assert.Equal(Array.Empty<long>(), state["bn1.num_batches_tracked"]);
            Assert.Equal(new long[] { 6, 32 }, state["fc.weight"]);
        }

        [Fact]
        public void SummaryAtAnotherInputAndAsATable()
        {
            var (code, output, _) = Run("summary", "tinycnn", "--input", "3x64x64", "--json");
            Assert.Equal(0, code);
            using var doc = JsonDocument.Parse(output);
            Assert.Equal(64, doc.RootElement.GetProperty("input")[2].GetInt32());

            (code, output, _) = Run("summary", "tinycnn");
            Assert.Equal(0, code);
            Assert.Contains("conv1", output);
            Assert.Contains("bn2", output);
            Assert.Contains("parameters: 14,614", output);
        }

        [Fact]
        public void UnknownModelFailsWithCloseNamesOnStderr()
        {
            var (code, output, error) = Run("summary", "tinycn");
            Assert.NotEqual(0, code);
            Assert.Equal("", output);
            Assert.Contains("unknown model 'tinycn'", error);
            Assert.Contains("tinycnn", error);
            Assert.DoesNotContain(" at NetDsl", error); // no stack trace
        }

        [Fact]
        public void CloseNamesRankSwappedLettersFirst()
        {
            var names = new[] { "resnet101", "resnet152", "resnet18", "resnet34", "vgg11" };
            Assert.Equal("resnet18", ModelLookup.CloseNames(names, "resnet81")[0]);
            Assert.DoesNotContain("vgg11", ModelLookup.CloseNames(names, "resnet81"));
            Assert.Empty(ModelLookup.CloseNames(names, "transformer"));
        }

        [Theory]
        [InlineData("summary tinycnn --input 3x0x5", "--input '3x0x5'")]
        [InlineData("summary tinycnn --depth 3", "unknown option '--depth'")]
        [InlineData("eval tinycnn", "'eval' needs --checkpoint FILE (a NetDsl checkpoint) or --weights FILE (safetensors)")]
        [InlineData("eval tinycnn --checkpoint a --weights b", "'eval' takes one of --checkpoint FILE or --weights FILE, not both")]
        [InlineData("infer tinycnn --input x --output y", "'infer' needs --checkpoint FILE (a NetDsl checkpoint) or --weights FILE (safetensors)")]
        [InlineData("train tinycnn --optimizer adam", "--optimizer 'adam' is not one of sgd, adamw, lamb")]
        [InlineData("train tinycnn --schedule linear", "--schedule 'linear' is not one of cosine, step, onecycle")]
        [InlineData("train tinycnn --label-smoothing 1.5", "--label-smoothing must be a number ≥ 0 and below 1, got '1.5'")]
        [InlineData("train tinycnn --clip -1", "--clip must be a number")]
        [InlineData("train tinycnn --lr-scale fc", "--lr-scale: learning-rate scale 'fc' is not PREFIX=SCALE")]
        [InlineData("train tinycnn --lr-scale fc=-2", "--lr-scale: learning-rate scale 'fc=-2': '-2' is not a number ≥ 0")]
        [InlineData("train tinycnn --optimizer adamw --nesterov", "--nesterov applies to --optimizer sgd only")]
        [InlineData("train tinycnn --optimizer lamb --nesterov", "--nesterov applies to --optimizer sgd only")]
        [InlineData("train tinyseg --data mnist:/x", "data mnist:/x has no masks")]
        [InlineData("train tinycnn --epochs zero", "--epochs must be an integer")]
        [InlineData("train tinycnn --data cifar", "unknown data source 'cifar'")]
        public void UsageErrorsExitWithTwoAndNameTheValue(string command, string message)
        {
            var (code, _, error) = Run(command.Split(' '));
            Assert.Equal(2, code);
            Assert.Contains(message, error);
        }

        [Fact]
        public void ShapeErrorsAreReportedAsIs()
        {
            var (code, _, error) = Run("summary", "tinycnn", "--input", "3x1x1");
            Assert.Equal(1, code);
            Assert.StartsWith("error: ", error);
            Assert.Contains("pool1", error);
        }

        [Fact]
        public void MissingMnistFolderIsNamed()
        {
            var (code, _, error) = Run("train", "tinycnn-gray", "--data", "mnist:/no/such/mnist");
            Assert.Equal(1, code);
            Assert.Contains("/no/such/mnist", error);
        }

        [Fact]
        public void TrainWritesEverythingAndResumes()
        {
            using var dir = new TempFolder();
            var (code, output, error) = Run("train", "tinycnn", "--epochs", "1", "--batch", "32", "--lr", "0.05", "--seed", "2", "--out", dir.Path);
            Assert.True(code == 0, error);
            var lines = Lines(output);
            Assert.Matches(new Regex(@"^test accuracy: (0\.\d{4}|1\.0000)$"), lines[^1]);
            Assert.Contains(lines, l => l.StartsWith("model: tinycnn  input: 3x32x32", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("epoch 1/1", StringComparison.Ordinal));
            double accuracy = double.Parse(lines[^1].Substring("test accuracy: ".Length), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(accuracy > 0.6, $"one epoch on the shapes set should beat chance (1/6) clearly, got {accuracy}");

            Assert.Equal(2, File.ReadAllLines(Path.Combine(dir.Path, "metrics.csv")).Length);
            using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "metrics.json"))))
                Assert.Equal(1, metrics.RootElement.GetArrayLength());
            byte[] png = File.ReadAllBytes(Path.Combine(dir.Path, "curves.png"));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4).ToArray());
            Assert.True(File.Exists(Path.Combine(dir.Path, "checkpoint.bin")));
            Assert.Equal(new[] { "best.bin", "checkpoint.bin", "confusion.csv", "curves.png", "metrics.csv", "metrics.json", "per-class.csv", "steps.csv" },
                Directory.GetFiles(dir.Path).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray()); // no temporaries left behind

            (code, output, error) = Run("train", "tinycnn", "--epochs", "2", "--batch", "32", "--lr", "0.05", "--seed", "2", "--out", dir.Path, "--resume");
            Assert.True(code == 0, error);
            lines = Lines(output);
            Assert.Contains(lines, l => l.Contains("after epoch 1", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.StartsWith("epoch 1/2", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("epoch 2/2", StringComparison.Ordinal));
            Assert.Matches(new Regex(@"^test accuracy: (0\.\d{4}|1\.0000)$"), lines[^1]);
            Assert.Equal(3, File.ReadAllLines(Path.Combine(dir.Path, "metrics.csv")).Length);
            // steps.csv reads as one run across the resume: global steps 1..N, once each.
            var steps = File.ReadAllLines(Path.Combine(dir.Path, "steps.csv")).Skip(1).Select(l => long.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(Enumerable.Range(1, steps.Count).Select(i => (long)i), steps);
            Assert.Equal(0, steps.Count % 2);
        }

        [Fact]
        public void TrainingInputPrefersASmallSizeOnlyForSizeAgnosticModels()
        {
            var catalogue = TestModels.Catalogue;
            var agnostic = TrainingInputChooser.Choose(catalogue.First(m => m.Name == "tinycnn-96"), DataSource.Shapes, null, 1);
            using (agnostic.Network) Assert.Equal(new TensorShape(3, 32, 32), agnostic.Input);

            var fixedSize = TrainingInputChooser.Choose(catalogue.First(m => m.Name == "fixedmlp"), DataSource.Shapes, null, 1);
            using (fixedSize.Network) Assert.Equal(new TensorShape(1, 64, 64), fixedSize.Input);

            var requested = TrainingInputChooser.Choose(catalogue.First(m => m.Name == "tinycnn"), DataSource.Shapes, new TensorShape(3, 40, 40), 1);
            using (requested.Network) Assert.Equal(new TensorShape(3, 40, 40), requested.Network.InputShape);
        }
    }
}
