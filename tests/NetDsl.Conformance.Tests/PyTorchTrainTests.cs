using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NetDsl.Cli;
using NetDsl.Weights;
using Xunit;
using Xunit.Abstractions;

namespace NetDsl.Conformance.Tests
{
    /// <summary>
    /// The PyTorch handoff end to end, in Debian's torch 1.13: <c>data shapes</c> writes an image folder, <c>export lenet5
    /// --format pytorch</c> writes model.py / weights.safetensors / train.py, a 2-process gloo torchrun of train.py trains
    /// one epoch (DDP), and NetDsl's <c>eval --weights</c> of what it wrote scores the test split as train.py printed.
    /// Then train.py resumes from its checkpoint for a second epoch. About 40 s on two cores.
    /// </summary>
    [Collection(OracleCollection.Name)]
    public sealed class PyTorchTrainTests
    {
        const int TestImages = 300;
        readonly ITestOutputHelper log;
        public PyTorchTrainTests(ITestOutputHelper log) { this.log = log; }

        [OracleFact]
        public void TorchrunTrainsTheExportedModel_AndNetDslEvaluatesItsWeightsToTheSameAccuracy()
        {
            using var dir = new TempDir();
            string data = dir.File("data"), export = dir.File("lenet5"), run = dir.File("run");
            Cli("data", "shapes", "--out", data, "--count", "3000", "--test-count", TestImages.ToString(CultureInfo.InvariantCulture), "--input", "1x28x28");
            Cli("export", "lenet5", "--format", "pytorch", "--out", export);
            Assert.True(File.Exists(Path.Combine(export, "model.py")) && File.Exists(Path.Combine(export, "weights.safetensors")));

            // Debian's torch 1.13 under Python 3.11 needs --redirects/--tee set (its launcher trips on the default 0).
            string trained = Python("-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2", "--redirects", "1", "--tee", "1",
                Path.Combine(export, "train.py"), "--data", data, "--epochs", "1", "--out", run, "--batch", "32", "--optimizer", "sgd", "--lr", "0.1", "--workers", "1");
            Assert.Contains("processes: 2 (gloo)", trained);
            Assert.Matches(@"epoch 1/1 .* images/s", trained);
            double pytorch = LastAccuracy(trained);

            string evaluated = Cli("eval", "lenet5", "--weights", Path.Combine(run, "weights.safetensors"), "--data", "folder:" + data);
            double netdsl = LastAccuracy(evaluated);
            log.WriteLine($"train.py (2 processes, gloo): test accuracy {pytorch:F4}; NetDsl eval --weights: {netdsl:F4}");
            Assert.True(pytorch > 1.0 / 6 + 0.05, $"one epoch left lenet5 at chance ({pytorch:F4}): train.py did not train");
            // The same 300 images through the same weights: equal up to a float tie on one image.
            Assert.True(Math.Abs(pytorch - netdsl) <= 1.0 / TestImages + 1e-9, $"train.py printed {pytorch:F4}, NetDsl's eval of its weights gives {netdsl:F4}");

            string resumed = Python(Path.Combine(export, "train.py"), "--data", data, "--epochs", "2", "--out", run, "--batch", "32", "--optimizer", "sgd", "--lr", "0.1", "--resume", "--workers", "0");
            Assert.Contains("resumed from", resumed);
            Assert.Contains("epoch 2/2", resumed);
            Assert.DoesNotContain("epoch 1/2", resumed);
        }

        /// <summary>
        /// GoogLeNet's auxiliary heads are trained by train.py as NetDsl's trainer trains them (main loss plus 0.3 × each head's
        /// loss): from the exported weights, a few steps single-process and under a 2-process gloo torchrun (DDP, which fails on
        /// its second step if a parameter got no gradient) change every aux1/aux2 parameter, and the log names the heads and
        /// weights and reports the weighted auxiliary loss. About a minute on two cores.
        /// </summary>
        [OracleFact]
        public void TrainPy_TrainsGoogLeNetsAuxiliaryHeads_SingleProcessAndUnderTorchrun()
        {
            using var dir = new TempDir();
            string data = dir.File("data"), export = dir.File("googlenet");
            Cli("data", "shapes", "--out", data, "--count", "32", "--test-count", "8", "--input", "3x32x32");
            Cli("export", "googlenet", "--format", "pytorch", "--out", export, "--input", "3x32x32");
            string start = Path.Combine(export, "weights.safetensors");
            foreach (bool torchrun in new[] { false, true })
            {
                string run = dir.File(torchrun ? "torchrun" : "single");
                var script = new[] { Path.Combine(export, "train.py"), "--data", data, "--epochs", "1", "--out", run, "--batch", "8", "--lr", "0.05", "--workers", "0", "--weights", start };
                var launcher = torchrun ? new[] { "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2", "--redirects", "1", "--tee", "1" } : Array.Empty<string>();
                string trained = Python(launcher.Concat(script).ToArray());
                Assert.Contains(torchrun ? "processes: 2 (gloo)" : "processes: 1 (cpu)", trained);
                Assert.Contains("auxiliary heads: aux1 (weight 0.3), aux2 (weight 0.3): training loss = main loss + sum of weight * head loss", trained);
                var epoch = Regex.Match(trained, @"epoch 1/1  loss ([0-9.]+) \(weighted aux ([0-9.]+)\)");
                Assert.True(epoch.Success, $"no epoch line with the weighted auxiliary loss in:\n{trained}");
                double loss = double.Parse(epoch.Groups[1].Value, CultureInfo.InvariantCulture), aux = double.Parse(epoch.Groups[2].Value, CultureInfo.InvariantCulture);
                Assert.True(aux > 0 && aux < loss, $"weighted aux loss {aux} should be a positive part of the loss {loss}");

                using var before = SafeTensors.Read(start);
                using var after = SafeTensors.Read(Path.Combine(run, "weights.safetensors"));
                var auxiliary = before.Keys.Where(k => (k.StartsWith("aux1.", StringComparison.Ordinal) || k.StartsWith("aux2.", StringComparison.Ordinal))
                    && (k.EndsWith(".weight", StringComparison.Ordinal) || k.EndsWith(".bias", StringComparison.Ordinal))).ToList();
                Assert.True(auxiliary.Count >= 10, $"expected aux1/aux2 parameters in {start}, found {auxiliary.Count}");
                var change = auxiliary.ToDictionary(k => k, k => (double)(after[k] - before[k]).abs().max().item<float>());
                var unchanged = auxiliary.Where(k => change[k] == 0).ToList();
                double smallest = change.Values.Min();
                log.WriteLine($"{(torchrun ? "torchrun, 2 processes" : "1 process")}: loss {loss}, weighted aux {aux}; {auxiliary.Count} aux parameters, " +
                    $"smallest max |change| {smallest:G3}");
                Assert.True(unchanged.Count == 0, $"train.py left auxiliary parameters unchanged: {string.Join(", ", unchanged)}");
            }
        }

        /// <summary>
        /// A test/ folder lacking a class (NetDsl's folder: allows it) keeps the train split's labels in train.py too: its own
        /// ImageFolder numbered test/'s classes from 0, shifting every test label, so train.py scored against the wrong classes
        /// while NetDsl's eval of the same weights did not.
        /// </summary>
        [OracleFact]
        public void TrainPyLabelsATestFolderLackingAClassByTheTrainClasses()
        {
            using var dir = new TempDir();
            string data = dir.File("data"), export = dir.File("lenet5"), run = dir.File("run");
            Cli("data", "shapes", "--out", data, "--count", "3000", "--test-count", TestImages.ToString(CultureInfo.InvariantCulture), "--input", "1x28x28");
            string first = Directory.GetDirectories(Path.Combine(data, "test")).OrderBy(d => d, StringComparer.Ordinal).First();
            Directory.Delete(first, recursive: true);
            Cli("export", "lenet5", "--format", "pytorch", "--out", export);

            string trained = Python(Path.Combine(export, "train.py"), "--data", data, "--epochs", "1", "--out", run, "--batch", "32", "--optimizer", "sgd", "--lr", "0.1", "--workers", "0");
            double pytorch = LastAccuracy(trained);
            double netdsl = LastAccuracy(Cli("eval", "lenet5", "--weights", Path.Combine(run, "weights.safetensors"), "--data", "folder:" + data));
            log.WriteLine($"test/ without {Path.GetFileName(first)}: train.py {pytorch:F4}, NetDsl eval --weights {netdsl:F4}");
            Assert.True(netdsl > 1.0 / 6 + 0.05, $"one epoch left lenet5 at chance ({netdsl:F4})");
            Assert.True(Math.Abs(pytorch - netdsl) <= 2.0 / TestImages + 1e-9, $"train.py printed {pytorch:F4}, NetDsl's eval of its weights gives {netdsl:F4}");
        }

        /// <summary>
        /// Pascal VOC-style masks, a void ring (255) along every object border: NetDsl trains on them and train.py too, both
        /// leaving the void pixels out of loss and mIoU (before, NetDsl refused class 255 and train.py's cross-entropy failed
        /// on it), and NetDsl's eval of train.py's weights gives the mIoU train.py printed.
        /// </summary>
        [OracleFact]
        public void VoidMaskPixelsAreLeftOutAlikeByNetDslAndTrainPy()
        {
            using var dir = new TempDir();
            string data = dir.File("data"), export = dir.File("unet"), run = dir.File("run"), voids = dir.File("void.py");
            Cli("data", "shapes", "--out", data, "--count", "200", "--test-count", "40", "--input", "3x32x32", "--masks");
            File.WriteAllText(voids, string.Join("\n",
                "import glob, sys, numpy as np",
                "from PIL import Image",
                "for p in glob.glob(sys.argv[1] + '/*/masks/*.png'):",
                "    m = np.array(Image.open(p)); edge = np.zeros(m.shape, bool)",
                "    edge[:-1] |= m[:-1] != m[1:]; edge[:, :-1] |= m[:, :-1] != m[:, 1:]",
                "    m[edge] = 255; Image.fromarray(m).save(p)"));
            Python(voids, data);
            Assert.Contains("test mIoU:", Cli("train", "unet_padded", "--data", "maskfolder:" + data, "--input", "3x32x32", "--epochs", "1", "--out", dir.File("netdsl")));

            Cli("export", "unet_padded", "--format", "pytorch", "--out", export, "--input", "3x32x32");
            string trained = Python(Path.Combine(export, "train.py"), "--data", data, "--epochs", "1", "--out", run, "--batch", "16", "--optimizer", "sgd", "--lr", "0.01", "--workers", "0");
            double pytorch = LastMetric(trained, "mIoU");
            double netdsl = LastMetric(Cli("eval", "unet_padded", "--weights", Path.Combine(run, "weights.safetensors"), "--data", "maskfolder:" + data, "--input", "3x32x32"), "mIoU");
            log.WriteLine($"void-bordered masks: train.py mIoU {pytorch:F4}, NetDsl eval --weights {netdsl:F4}");
            Assert.True(Math.Abs(pytorch - netdsl) <= 2e-4, $"train.py printed mIoU {pytorch:F4}, NetDsl's eval of its weights gives {netdsl:F4}");
        }

        static double LastMetric(string output, string metric)
        {
            var match = Regex.Matches(output, "test " + metric + @": ([0-9.]+)").LastOrDefault();
            Assert.True(match != null, $"no 'test {metric}:' line in:\n{output}");
            return double.Parse(match!.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        string Cli(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            int code = CliHost.Run(args, Zoo.All, new CliConsole(output, error, interactive: false));
            Assert.True(code == 0, $"{string.Join(" ", args)} exited with {code}: {error}");
            log.WriteLine(output.ToString().Split('\n').LastOrDefault(l => l.Trim().Length > 0) ?? "");
            return output.ToString();
        }

        string Python(params string[] args)
        {
            var start = new ProcessStartInfo(Oracle.Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in args) start.ArgumentList.Add(a);
            start.Environment["OMP_NUM_THREADS"] = "1";
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Oracle.Python} did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(300_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{string.Join(" ", args)} ran longer than 5 minutes");
            }
            string output = stdout.Result;
            log.WriteLine(string.Join("\n", output.Split('\n').Where(l => l.Contains("epoch") || l.Contains("accuracy") || l.Contains("resumed"))));
            Assert.True(process.ExitCode == 0, $"{string.Join(" ", args)} exited with {process.ExitCode}:\n{output}\n{stderr.Result}");
            return output;
        }

        static double LastAccuracy(string output) => LastMetric(output, "accuracy");
    }
}
