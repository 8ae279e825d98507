using System;
using System.IO;
using System.Linq;
using NetDsl.Runtime.PyTorch;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// <c>data shapes --out</c> and <c>export --format pytorch</c> through the CLI, without Python (the conformance tests
    /// run what they write in torch).
    /// </summary>
    public class CliHandoffTests
    {
        static (int Code, string Output, string Error) Run(params string[] args) => CliCapture.Cli(args);

        [Fact]
        public void DataShapes_WritesClassFolders_AndSaysHowToReadThem()
        {
            using var dir = new TempFolder();
            var (code, output, error) = Run("data", "shapes", "--out", dir.Path, "--count", "12", "--test-count", "6", "--input", "1x16x16");
            Assert.True(code == 0, error);
            Assert.Contains("wrote 12 train and 6 test 1x16x16 images (6 classes)", output);
            Assert.Contains("folder:" + dir.Path, output);
            Assert.Equal(12, Directory.GetFiles(Path.Combine(dir.Path, "train"), "*.png", SearchOption.AllDirectories).Length);
            Assert.Equal(6, Directory.GetDirectories(Path.Combine(dir.Path, "test")).Length);
        }

        [Theory]
        [InlineData(new[] { "data", "shapes" }, "--out DIR")]
        [InlineData(new[] { "data", "mnist", "--out", "x" }, "'mnist'")]
        [InlineData(new[] { "data", "shapes", "--out", "x", "--input", "2x16x16" }, "2x16x16")]
        public void DataShapes_UsageErrorsNameTheValue(string[] args, string named)
        {
            var (code, _, error) = Run(args);
            Assert.Equal(2, code);
            Assert.Contains(named, error);
        }

        [Fact]
        public void ExportPyTorch_WritesModelWeightsAndTrainScript_WithTheClassesParameter()
        {
            using var dir = new TempFolder();
            var (code, output, error) = Run("export", "tinycnn", "--format", "pytorch", "--out", dir.Path);
            Assert.True(code == 0, error);
            Assert.Contains("classes 6", output);
            // The multi-process line is the launcher form that runs on Debian's torch 1.13 too (plain torchrun trips on --redirects 0 there).
            Assert.Contains("python3 -m torch.distributed.run --standalone --nproc_per_node N --redirects 1 --tee 1 ", output);
            Assert.DoesNotContain("torchrun --nproc_per_node", output);
            string model = File.ReadAllText(Path.Combine(dir.Path, "model.py"));
            Assert.Contains("def create(classes=6):", model);
            Assert.Contains("nn.Linear(32, classes)", model);
            Assert.Contains("INPUT = (3, 32, 32)", model);
            Assert.Equal(TrainScript.Text(), File.ReadAllText(Path.Combine(dir.Path, "train.py")));
            Assert.True(new FileInfo(Path.Combine(dir.Path, "weights.safetensors")).Length > 4 * 6 * 32);
        }

        [Fact]
        public void ExportPyTorch_PrintsCommandLinesThatPaste_IntoAFolderWithSpacesAndQuotes()
        {
            using var dir = new TempFolder();
            string target = Path.Combine(dir.Path, "my model's export");
            var (code, output, error) = Run("export", "tinycnn", "--format", "pytorch", "--out", target);
            Assert.True(code == 0, error);
            string line = output.Split('\n').Single(l => l.StartsWith("train with: python3 ", StringComparison.Ordinal));
            string word = line["train with: python3 ".Length..line.IndexOf(" --data", StringComparison.Ordinal)];
            Assert.StartsWith("'", word);
            // The shell reads the printed word back as the script's path.
            var shell = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", new[] { "-c", "printf %s " + word }) { RedirectStandardOutput = true })!;
            string read = shell.StandardOutput.ReadToEnd();
            shell.WaitForExit();
            Assert.Equal(Path.Combine(target, "train.py"), read);
            Assert.Contains("--tee 1 " + word + " --data FOLDER", output);
        }

        [Fact]
        public void ExportPyTorch_ThatFailsMidway_LeavesTheEarlierExportWhole_AndANewFolderWithoutPartialFiles()
        {
            using var dir = new TempFolder();
            var (code, _, error) = Run("export", "tinycnn", "--format", "pytorch", "--out", dir.Path, "--input", "3x16x16");
            Assert.True(code == 0, error);
            var before = Directory.GetFiles(dir.Path).ToDictionary(f => f, File.ReadAllBytes);

            // The last file fails to write (as on a full disk), after the weights and train.py are written.
            NetDsl.Files.ReplacingFiles.Staging.Value = target =>
            {
                if (Path.GetFileName(target) == "model.py") throw new IOException("No space left on device");
            };
            try
            {
                (code, _, error) = Run("export", "tinycnn", "--format", "pytorch", "--out", dir.Path);
                Assert.Equal(1, code);
                Assert.Contains("No space left on device", error);
                Assert.Equal(before.Keys.OrderBy(k => k, StringComparer.Ordinal), Directory.GetFiles(dir.Path).OrderBy(k => k, StringComparer.Ordinal));
                foreach (var (file, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(file));

                string fresh = Path.Combine(dir.Path, "fresh");
                (code, _, _) = Run("export", "tinycnn", "--format", "pytorch", "--out", fresh);
                Assert.Equal(1, code);
                Assert.Empty(Directory.Exists(fresh) ? Directory.GetFiles(fresh) : Array.Empty<string>());
            }
            finally { NetDsl.Files.ReplacingFiles.Staging.Value = null; }
        }

        [Fact]
        public void ExportPyTorch_NamesTheAuxiliaryHeads_AndWritesTheirTrainingForward_ThatTrainPyTrainsWith()
        {
            // model.py's forward skips an [Aux] head (as NetDsl's forward does); forward_training returns it with its declared
            // weight (the default 0.3), as ForwardTraining, and train.py trains through that (no head is frozen any more).
            using var sample = new ArgumentsNet();
            var entry = new ModelEntry("argsnet", typeof(ArgumentsNet).FullName!, sample.DeclaredInput, sample.ParameterTotal, sample.MultiplyAddTotal,
                () => new ArgumentsNet(), type: typeof(ArgumentsNet));
            string model = PyTorchExport.ModelPy(entry, sample);
            Assert.Contains("\nAUXILIARY = (\"aux\", )\n", model);
            Assert.Contains("\n    def forward_training(self, x):\n", model);
            Assert.Contains("        return x, [(\"aux\", aux, 0.3)]\n", model);
            // Switched off (auxLogits: false) the head is not built: no module, no training forward, as ForwardTraining returns none.
            using var withoutHead = new ArgumentsNet(auxLogits: false);
            string plain = PyTorchExport.ModelPy(entry, withoutHead);
            Assert.Contains("\nAUXILIARY = ()\n", plain);
            Assert.DoesNotContain("forward_training", plain);
            string train = TrainScript.Text();
            Assert.Contains("TrainingForward(net) if hasattr(net, \"forward_training\") else net", train);
            Assert.DoesNotContain("requires_grad_(False)", train);
        }

        [Fact]
        public void ExportPyTorch_ModelPyCarriesTheRecipeNetDslsTrainerResolves_DefaultsWithoutACard()
        {
            // No card: the trainer's own defaults (TrainerOptions), every value marked "default"; train.py reads them from RECIPE.
            using var dir = new TempFolder();
            var (code, output, error) = Run("export", "tinycnn", "--format", "pytorch", "--out", dir.Path);
            Assert.True(code == 0, error);
            Assert.Contains("--data FOLDER --out RUN (the model card's recipe", output);
            string model = File.ReadAllText(Path.Combine(dir.Path, "model.py"));
            var defaults = new Runtime.Training.TrainerOptions();
            Assert.Equal(0.005, defaults.LearningRate);
            Assert.Contains("RECIPE = {\n    \"optimizer\": \"sgd\",\n    \"lr\": 0.005,\n    \"momentum\": 0.9,\n    \"nesterov\": False,\n" +
                            "    \"weight_decay\": 0.0005,\n    \"schedule\": \"cosine\",\n    \"warmup_epochs\": None,\n    \"label_smoothing\": 0.0,\n" +
                            "    \"mixup\": 0.0,\n    \"cutmix\": 0.0,\n" +
                            "    \"batch\": 32,\n    \"epochs\": 1,\n    \"precise_bn\": 0,\n    \"lr_scales\": {},\n}\n", model);
            Assert.Equal(32, defaults.BatchSize);
            Assert.Equal(5e-4, defaults.ResolvedWeightDecay);
            Assert.Contains("RECIPE_SOURCE = {\"optimizer\": \"default\", \"lr\": \"default\"", model);
            Assert.DoesNotContain("\"card\"", model.Split('\n').Single(l => l.StartsWith("RECIPE_SOURCE = ", StringComparison.Ordinal)));
            Assert.Contains("\"adamw\": {\"lr\": 0.001, \"momentum\": 0.9, \"nesterov\": False, \"weight_decay\": 0.01},", model);
            string train = TrainScript.Text();
            Assert.Contains("recipe, source = dict(exported.RECIPE), dict(exported.RECIPE_SOURCE)", train);
            Assert.Contains("exported.OPTIMIZER_DEFAULTS[args.optimizer]", train);
        }

        [Fact]
        public void ExportPyTorch_ModelPyCarriesTheCardsRecipe_ItsLrScalesAndWhichValuesTheCardSet()
        {
            using var carded = new CardedNet();
            var entry = new ModelEntry("carded", typeof(CardedNet).FullName!, carded.DeclaredInput, carded.ParameterTotal, carded.MultiplyAddTotal,
                () => new CardedNet(), type: typeof(CardedNet));
            string model = PyTorchExport.ModelPy(entry, carded);
            // CardedNet's card: AdamW 0.004, warm-up 0.5 epochs, batch 50, 2 epochs, weight decay 0.02, label smoothing 0.1.
            Assert.Contains("RECIPE = {\n    \"optimizer\": \"adamw\",\n    \"lr\": 0.004,\n    \"momentum\": 0.9,\n    \"nesterov\": False,\n" +
                            "    \"weight_decay\": 0.02,\n    \"schedule\": \"cosine\",\n    \"warmup_epochs\": 0.5,\n    \"label_smoothing\": 0.1,\n" +
                            "    \"mixup\": 0.0,\n    \"cutmix\": 0.0,\n" +
                            "    \"batch\": 50,\n    \"epochs\": 2,\n    \"precise_bn\": 0,\n    \"lr_scales\": {},\n}\n", model);
            Assert.Contains("RECIPE_SOURCE = {\"optimizer\": \"card\", \"lr\": \"card\", \"momentum\": \"default\", \"nesterov\": \"default\", " +
                            "\"weight_decay\": \"card\", \"schedule\": \"default\", \"warmup_epochs\": \"card\", \"label_smoothing\": \"card\", " +
                            "\"mixup\": \"default\", \"cutmix\": \"default\", \"batch\": \"card\", \"epochs\": \"card\", \"precise_bn\": \"default\", \"lr_scales\": \"default\"}", model);

            using var scaled = new ScaledCardNet();
            var scaledEntry = new ModelEntry("scaled", typeof(ScaledCardNet).FullName!, scaled.DeclaredInput, scaled.ParameterTotal, scaled.MultiplyAddTotal,
                () => new ScaledCardNet(), type: typeof(ScaledCardNet));
            string scaledModel = PyTorchExport.ModelPy(scaledEntry, scaled);
            Assert.Contains("    \"lr_scales\": {\"fc\": 0.1},\n", scaledModel);
            Assert.Contains("\"lr_scales\": \"card\"}", scaledModel);
        }

        [Fact]
        public void ExportPyTorch_Input_SetsTheSizeModelPyIsBuiltFor()
        {
            using var dir = new TempFolder();
            var (code, _, error) = Run("export", "tinycnn", "--format", "pytorch", "--out", dir.Path, "--input", "3x16x16");
            Assert.True(code == 0, error);
            Assert.Contains("INPUT = (3, 16, 16)", File.ReadAllText(Path.Combine(dir.Path, "model.py")));
        }
    }
}
