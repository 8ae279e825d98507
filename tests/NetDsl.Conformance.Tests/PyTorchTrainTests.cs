using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NetDsl.Cli;
using NetDsl.Runtime.PyTorch;
using NetDsl.Runtime.Training;
using NetDsl.Weights;
using TorchSharp;
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
                Path.Combine(export, "train.py"), "--data", data, "--epochs", "1", "--out", run, "--batch", "32", "--optimizer", "sgd", "--lr", "0.1", "--workers", "1",
                "--class-weights", "balanced");
            Assert.Contains("processes: 2 (gloo)", trained);
            Assert.Contains("class weights: 1, 1, 1, 1, 1, 1, 0, 0, 0, 0 (training loss only)", trained);   // 500 images of each class; lenet5 keeps its 10 outputs
            Assert.Matches(@"epoch 1/1 .* images/s", trained);
            double pytorch = LastAccuracy(trained);

            string evaluated = Cli("eval", "lenet5", "--weights", Path.Combine(run, "weights.safetensors"), "--data", "folder:" + data);
            double netdsl = LastAccuracy(evaluated);
            log.WriteLine($"train.py (2 processes, gloo): test accuracy {pytorch:F4}; NetDsl eval --weights: {netdsl:F4}");
            Assert.True(pytorch > 1.0 / 6 + 0.05, $"one epoch left lenet5 at chance ({pytorch:F4}): train.py did not train");
            // The same 300 images through the same weights: equal up to a float tie on one image.
            Assert.True(Math.Abs(pytorch - netdsl) <= 1.0 / TestImages + 1e-9, $"train.py printed {pytorch:F4}, NetDsl's eval of its weights gives {netdsl:F4}");
            // The weights record train.py's normalisation and class names: predict prepares and names the test images as train.py
            // did, so its answers, scored against their class folders, give the accuracy both printed.
            string predictions = dir.File("predictions.csv");
            string predicted = Cli("predict", "lenet5", "--weights", Path.Combine(run, "weights.safetensors"), Path.Combine(data, "test"), "--top", "1", "--out", predictions);
            Assert.Contains("(recorded in the weights file); class names: 6", predicted);
            var answers = File.ReadAllLines(predictions).Skip(1).Select(l => l.Split(',')).ToList();
            double predictedAccuracy = answers.Count(a => Path.GetFileName(Path.GetDirectoryName(a[0])) == a[3]) / (double)answers.Count;
            log.WriteLine($"predict --weights over test/: accuracy {predictedAccuracy:F4} ({answers.Count} images)");
            Assert.Equal(TestImages, answers.Count);
            Assert.True(Math.Abs(predictedAccuracy - netdsl) <= 1.0 / TestImages + 1e-9, $"predict's answers score {predictedAccuracy:F4}, eval {netdsl:F4}");

            string resumed = Python(Path.Combine(export, "train.py"), "--data", data, "--epochs", "2", "--out", run, "--batch", "32", "--optimizer", "sgd", "--lr", "0.1", "--resume", "--workers", "0");
            Assert.Contains("resumed from", resumed);
            Assert.Contains("epoch 2/2", resumed);
            Assert.DoesNotContain("epoch 1/2", resumed);
        }

        /// <summary>
        /// GoogLeNet's auxiliary heads are trained by train.py as NetDsl's trainer trains them (main loss plus 0.3 × each head's
        /// loss): from the exported weights, a few steps single-process and under a 2-process gloo torchrun (DDP, which fails on
        /// its second step if a parameter got no gradient) change every aux1/aux2 parameter, and the log names the heads and
        /// weights and reports the weighted auxiliary loss. With no recipe flag it trains with GoogLeNet's card, as NetDsl's
        /// trainer: the recipe line says AdamW 1e-3, weight decay 0.05, label smoothing 0.1, warm-up 0.2 epochs, precise BN, each
        /// from the card, and the checkpoint's optimizer is AdamW with those values (decay 0 on the norms' and biases' group).
        /// About a minute on two cores.
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
                var script = new[] { Path.Combine(export, "train.py"), "--data", data, "--epochs", "1", "--out", run, "--batch", "8", "--workers", "0", "--weights", start };
                var launcher = torchrun ? new[] { "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2", "--redirects", "1", "--tee", "1" } : Array.Empty<string>();
                string trained = Python(launcher.Concat(script).ToArray());
                Assert.Contains(torchrun ? "processes: 2 (gloo)" : "processes: 1 (cpu)", trained);
                Assert.Contains("auxiliary heads: aux1 (weight 0.3), aux2 (weight 0.3): training loss = main loss + sum of weight * head loss", trained);
                // 32 images, batch 8: 4 steps an epoch, so the card's 0.2 warm-up epochs round to 1 step (4 per process under torchrun too).
                Assert.Contains("recipe: adamw (card), betas 0.9, 0.999, eps 1e-08, lr 0.001 (card), cosine (default), warm-up 0.2 epochs (card, 1 step), " +
                                "weight decay 0.05 (card, not on norms and biases), label smoothing 0.1 (card), batch 8 (command line), epochs 1 (command line), " +
                                "precise BN 20 batches (card), lr scales none (default)", trained);
                string optimizer = Python("-c", "import sys, torch; s = torch.load(sys.argv[1])['optimizer']; g = s['param_groups']; " +
                    "print(sorted(set((x['betas'], x['eps'], x['weight_decay'], x['decays']) for x in g)), sorted(s['state'][0].keys()))",
                    Path.Combine(run, "checkpoint.pt"));
                Assert.Contains("[((0.9, 0.999), 1e-08, 0.0, False), ((0.9, 0.999), 1e-08, 0.05, True)] ['exp_avg', 'exp_avg_sq', 'step']", optimizer);
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
        /// train.py's weights.safetensors records what NetDsl's export records (netdsl.classes, netdsl.arguments, netdsl.input), so
        /// README's <c>eval MODEL --weights RUN/weights.safetensors --data folder:FOLDER</c> rebuilds the head train.py trained: lenet5
        /// exported with --classes 6 (before: eval built the declared 10 outputs and refused the weights, a head-size mismatch).
        /// A folder with train/ and no test/ is named with the layout train.py reads, exit 1, no traceback.
        /// </summary>
        [OracleFact]
        public void TrainPysWeights_RecordTheHeadAndInput_SoEvalRebuildsTheModel_AndAnUnreadLayoutIsNamed()
        {
            using var dir = new TempDir();
            string data = dir.File("data"), export = dir.File("lenet5"), run = dir.File("run");
            Cli("data", "shapes", "--out", data, "--count", "120", "--test-count", "30", "--input", "1x28x28");
            Cli("export", "lenet5", "--format", "pytorch", "--out", export, "--classes", "6");
            Python(Path.Combine(export, "train.py"), "--data", data, "--epochs", "1", "--out", run, "--batch", "16", "--workers", "0");
            string weights = Path.Combine(run, "weights.safetensors");
            using (var file = SafeTensors.Open(weights))
            {
                var metadata = SafeTensors.ReadIndex(weights, file).Metadata;
                Assert.Equal("6", metadata["netdsl.classes"]);
                Assert.Equal("1x28x28", metadata["netdsl.input"]);
                Assert.Equal("lenet5", metadata["netdsl.model"]);
            }
            string evaluated = Cli("eval", "lenet5", "--weights", weights, "--data", "folder:" + data);
            Assert.Contains("input: 1x28x28", evaluated);

            string half = dir.File("half");
            Directory.CreateDirectory(Path.Combine(half, "train", "circle"));
            var (code, output, error) = PythonRun(Path.Combine(export, "train.py"), "--data", half, "--epochs", "1", "--out", dir.File("run2"), "--workers", "0");
            Assert.True(code == 1, $"exit {code}:\n{output}\n{error}");
            Assert.Contains($"{half}: train.py reads a folder with train/ and test/ sub-folders, each with one folder of images per class; it has no test", error);
            Assert.DoesNotContain("Traceback", error);
        }

        /// <summary>
        /// Weights NetDsl trained on the shapes set in memory (circle, square, …) record those class names and the 0.5/0.25
        /// normalisation; train.py's ImageFolder lists a <c>data shapes</c> folder alphabetically (bar, circle, …). From them, at a
        /// rate of about 0, train.py's first epoch scores what NetDsl's <c>eval --weights</c> scores on that folder: the head rows are
        /// matched to the data's classes by name and the images normalised with the recorded statistics (before: permuted rows and
        /// ImageNet's statistics, a third of the accuracy, no word). A torch.save <c>.pth</c> of the same state dict loads too
        /// (before: a UnicodeDecodeError traceback), and a file that is neither is refused by name, exit 2, no traceback.
        /// </summary>
        [OracleFact]
        public void TrainPyFromNamedWeights_MatchesTheHeadToTheDatasClassOrder_AndReadsPth()
        {
            using var dir = new TempDir();
            string data = dir.File("data"), export = dir.File("lenet5"), run = dir.File("run");
            Cli("train", "lenet5", "--epochs", "2", "--train-images", "1200", "--out", dir.File("nd"), "--seed", "0");
            string weights = dir.File("w.safetensors");
            Cli("export", "lenet5", "--checkpoint", dir.File("nd/best.bin"), "--format", "safetensors", "--out", weights);
            Cli("export", "lenet5", "--checkpoint", dir.File("nd/best.bin"), "--format", "pytorch", "--out", export);
            Cli("data", "shapes", "--out", data, "--count", "60", "--test-count", "150", "--input", "1x28x28");
            double netdsl = LastAccuracy(Cli("eval", "lenet5", "--weights", weights, "--data", "folder:" + data));
            Assert.True(netdsl > 0.3, $"the NetDsl run should have learned something to tell orders apart: {netdsl}");

            string trained = Python(Path.Combine(export, "train.py"), "--data", data, "--epochs", "1", "--out", run, "--weights", weights,
                "--optimizer", "sgd", "--lr", "1e-12", "--batch", "32", "--workers", "0", "--precise-bn", "0");
            Assert.Contains("head rows put in the data's class order by name", trained);
            Assert.Contains($"(recorded in {weights}; --data-stats for ImageNet's)", trained);
            double pytorch = LastAccuracy(trained);
            log.WriteLine($"from NetDsl's weights on a data shapes folder: train.py {pytorch:F4}, NetDsl eval {netdsl:F4}");
            Assert.True(Math.Abs(pytorch - netdsl) <= 1.0 / 150 + 1e-9, $"train.py printed {pytorch:F4}, NetDsl's eval of the weights it started from {netdsl:F4}");

            string pth = dir.File("w.pth"), garbage = dir.File("w.bin");
            File.WriteAllText(garbage, "not weights at all");
            PythonWithInput("", WriteScript(dir.File("pth.py"),
                $"import sys; sys.path.insert(0, {Py(export)}); import torch, train",
                $"torch.save({{'state_dict': train.load_safetensors({Py(weights)})}}, {Py(pth)})"));
            string fromPth = Python(Path.Combine(export, "train.py"), "--data", data, "--epochs", "1", "--out", dir.File("run2"), "--weights", pth,
                "--optimizer", "sgd", "--lr", "1e-12", "--batch", "32", "--workers", "0", "--precise-bn", "0");
            Assert.Contains("epoch 1/1", fromPth);
            var (code, output, error) = PythonRun(Path.Combine(export, "train.py"), "--data", data, "--epochs", "1", "--out", dir.File("run3"), "--weights", garbage, "--workers", "0");
            Assert.True(code == 2, $"exit {code}:\n{output}\n{error}");
            Assert.Contains($"{garbage}: neither a safetensors file nor a torch.save state dict", error);
            Assert.DoesNotContain("Traceback", error);
        }

        static string WriteScript(string path, params string[] lines)
        {
            File.WriteAllText(path, string.Join("\n", lines) + "\n");
            return path;
        }

        /// <summary>
        /// A folder without train/ and test/ (class folders, or images/ and masks/, at its top): train.py splits it as NetDsl
        /// does, file by file by the hash of each path relative to the folder, so both train on and score the same files;
        /// a class of two images keeps one in each split in both.
        /// </summary>
        [OracleFact]
        public void TrainPy_SplitsAFlatFolderAsNetDslDoes()
        {
            using var dir = new TempDir();
            string data = dir.File("data"), flat = dir.File("flat"), masks = dir.File("masks"), flatMasks = dir.File("flatmasks");
            Cli("data", "shapes", "--out", data, "--count", "90", "--test-count", "30", "--input", "1x28x28");
            foreach (string file in Directory.GetFiles(data, "*.png", SearchOption.AllDirectories))
            {
                // data/SIDE/CLASS/NAME.png -> flat/CLASS/SIDE-NAME.png
                string side = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(file))!), cls = Path.GetFileName(Path.GetDirectoryName(file))!;
                Directory.CreateDirectory(Path.Combine(flat, cls));
                File.Copy(file, Path.Combine(flat, cls, side + "-" + Path.GetFileName(file)));
            }
            Directory.CreateDirectory(Path.Combine(flat, "pair"));
            File.Copy(Directory.GetFiles(data, "*.png", SearchOption.AllDirectories)[0], Path.Combine(flat, "pair", "a.png"));
            File.Copy(Directory.GetFiles(data, "*.png", SearchOption.AllDirectories)[1], Path.Combine(flat, "pair", "b.png"));
            Cli("data", "shapes", "--out", masks, "--count", "40", "--test-count", "10", "--input", "3x32x32", "--masks");
            foreach (string sub in new[] { "images", "masks" })
            {
                Directory.CreateDirectory(Path.Combine(flatMasks, sub));
                foreach (string side in new[] { "train", "test" })
                    foreach (string file in Directory.GetFiles(Path.Combine(masks, side, sub)))
                        File.Copy(file, Path.Combine(flatMasks, sub, side + "-" + Path.GetFileName(file)));
            }
            File.Copy(Path.Combine(masks, "classes.txt"), Path.Combine(flatMasks, "classes.txt"));
            string classifier = dir.File("lenet5"), segmenter = dir.File("unet");
            Cli("export", "lenet5", "--format", "pytorch", "--out", classifier, "--classes", "7");
            Cli("export", "unet_padded", "--format", "pytorch", "--out", segmenter, "--input", "3x32x32");

            var lines = PythonLoadingExports(dir.File("split.py"),
                "import os",
                $"t = load({Py(classifier)})",
                $"train, test, classes = t.open_data({Py(flat)})",
                $"print(' '.join(sorted(os.path.relpath(p, {Py(flat)}) for p, _ in test.samples)))",
                $"print(' '.join(sorted(os.path.relpath(p, {Py(flat)}) for p, _ in train.samples)))",
                $"s = load({Py(segmenter)})",
                $"train, test, classes = s.open_data({Py(flatMasks)})",
                $"print(' '.join(sorted(os.path.relpath(p, {Py(flatMasks)}) for p, _ in test.pairs)))");

            static string Sorted(IEnumerable<string> paths, string root) => string.Join(" ", paths.Select(p => Path.GetRelativePath(root, p)).OrderBy(p => p, StringComparer.Ordinal));
            var (netTrain, netTest) = NetDsl.Runtime.Data.ImageFolderDataset.Open(flat);
            Assert.Equal(Sorted(netTest.Files.Select(f => f.Path), flat), lines[0]);
            Assert.Equal(Sorted(netTrain.Files.Select(f => f.Path), flat), lines[1]);
            Assert.Contains("pair/", lines[0]);
            Assert.Contains("pair/", lines[1]);
            var (_, maskTest) = NetDsl.Runtime.Data.MaskFolderDataset.Open(flatMasks);
            Assert.Equal(Sorted(maskTest.Pairs.Select(p => p.Image), flatMasks), lines[2]);
            log.WriteLine($"flat folder: {netTest.Count} of {netTrain.Count + netTest.Count} images held out; masks: {maskTest.Count} of 50");
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
            // eval in train.py's test batches (16), so both average the same batches' non-void pixel means.
            string evaluated = Cli("eval", "unet_padded", "--weights", Path.Combine(run, "weights.safetensors"), "--data", "maskfolder:" + data, "--input", "3x32x32", "--batch", "16");
            double netdsl = LastMetric(evaluated, "mIoU");
            log.WriteLine($"void-bordered masks: train.py mIoU {pytorch:F4}, NetDsl eval --weights {netdsl:F4}");
            Assert.True(Math.Abs(pytorch - netdsl) <= 2e-4, $"train.py printed mIoU {pytorch:F4}, NetDsl's eval of its weights gives {netdsl:F4}");
            // The test loss too: a mean over the non-void pixels, as NetDsl's (before, train.py divided by every pixel, void included).
            double pytorchLoss = LastNumber(trained, @"test loss ([0-9.]+)"), netdslLoss = LastNumber(evaluated, @"\)  loss ([0-9.]+)");
            log.WriteLine($"void-bordered masks: train.py test loss {pytorchLoss:F4}, NetDsl eval --weights {netdslLoss:F4}");
            Assert.True(Math.Abs(pytorchLoss - netdslLoss) <= 3e-4, $"train.py printed test loss {pytorchLoss:F4}, NetDsl's eval of its weights gives {netdslLoss:F4}");
        }

        /// <summary>
        /// train.py reads the files NetDsl reads: a .DS_Store, a notes.txt, a hidden "._000.png" (macOS's resource fork, no PNG) and
        /// a hidden .ipynb_checkpoints class folder are left out of a class folder and a mask folder alike (before: MaskFolder listed
        /// images/ whole and failed on the first of them; ImageFolder took .ipynb_checkpoints for a class), so train.py trains
        /// the counts NetDsl's data line gives. Its masks are augmented as NetDsl's (RandomCrop then HorizontalFlip): the image
        /// padded with black and the mask with void, 1/8 of the side (4 at 32x32), cropped back at a random offset (before:
        /// the flip alone); the test split is never cropped. And balanced class weights count a mask folder's pixels, void left out.
        /// </summary>
        [OracleFact]
        public void TrainPy_ReadsTheFilesNetDslReads_AndCropsMasksWithVoidPadding_AsNetDsl()
        {
            using var dir = new TempDir();
            string masks = dir.File("masks"), classes = dir.File("classes"), unet = dir.File("unet"), lenet = dir.File("lenet5"), check = dir.File("check.py");
            Cli("data", "shapes", "--out", masks, "--count", "24", "--test-count", "8", "--input", "3x32x32", "--masks");
            Cli("data", "shapes", "--out", classes, "--count", "24", "--test-count", "12", "--input", "1x28x28");
            foreach (string folder in Directory.GetDirectories(masks, "*", SearchOption.AllDirectories).Concat(Directory.GetDirectories(classes, "*", SearchOption.AllDirectories)).ToList())
            {
                File.WriteAllText(Path.Combine(folder, ".DS_Store"), "Bud1");
                File.WriteAllText(Path.Combine(folder, "notes.txt"), "not an image");
                File.WriteAllBytes(Path.Combine(folder, "._000.png"), new byte[] { 0, 5, 22, 7 });
            }
            Directory.CreateDirectory(Path.Combine(classes, "train", ".ipynb_checkpoints"));
            File.WriteAllText(Path.Combine(classes, "train", ".ipynb_checkpoints", "x.png"), "not a png");
            string netdslMasks = Cli("train", "unet_padded", "--data", "maskfolder:" + masks, "--input", "3x32x32", "--epochs", "1", "--out", dir.File("n1"),
                "--class-weights", "balanced");
            string netdslClasses = Cli("train", "lenet5", "--data", "folder:" + classes, "--epochs", "1", "--out", dir.File("n2"));
            Assert.Contains("(24 train / 8 test", netdslMasks);
            Assert.Contains("(24 train / 12 test, 6 classes", netdslClasses);

            Cli("export", "unet_padded", "--format", "pytorch", "--out", unet, "--input", "3x32x32");
            Cli("export", "lenet5", "--format", "pytorch", "--out", lenet, "--classes", "6");
            Assert.Contains("train: 24  test: 8", Python(Path.Combine(unet, "train.py"), "--data", masks, "--epochs", "1", "--out", dir.File("p1"), "--batch", "8", "--workers", "0"));
            Assert.Contains("train: 24  test: 12", Python(Path.Combine(lenet, "train.py"), "--data", classes, "--epochs", "1", "--out", dir.File("p2"), "--batch", "8", "--workers", "0"));

            File.WriteAllText(check, string.Join("\n",
                "import sys, torch",
                "sys.path.insert(0, sys.argv[1])",
                "import train",
                "torch.manual_seed(0)",
                "ds = train.MaskFolder(sys.argv[2] + '/train', True)",
                "mean, std = train.normalization()",
                "black = torch.tensor([-m / s for m, s in zip(mean, std)])",
                "assert train.crop_padding() == 4",
                "cropped = 0",
                "for i in range(96):",
                "    x, m = ds[i % len(ds)]",
                "    void = m == 255",
                "    if void.any():",
                "        cropped += 1",
                "        rows, cols = void.all(1), void.all(0)",
                "        assert int(rows.sum()) + int(cols.sum()) > 0 and int(rows.sum()) <= 4 and int(cols.sum()) <= 4, (rows.sum(), cols.sum())",
                "        assert bool(void[rows].all()) and int(void.sum()) == int(rows.sum()) * 32 + int(cols.sum()) * 32 - int(rows.sum()) * int(cols.sum())",
                "        assert torch.allclose(x[:, void], black[:, None].expand(-1, int(void.sum())), atol=1e-5)",
                "assert cropped >= 80, cropped",
                "test = train.MaskFolder(sys.argv[2] + '/test', False)",
                "assert not any(bool((test[i][1] == 255).any()) for i in range(len(test)))",
                "weights, problem = train.class_weights('balanced', ds, int(sys.argv[3]))",
                "print('cropped', cropped, 'weights', ' '.join(repr(w) for w in weights.tolist()))"));
            // NetDsl's balanced weights of the same mask folder (its masks' pixels, void left out), as its run recorded them.
            var netdslWeights = Checkpoint.ReadInfo(Path.Combine(dir.File("n1"), Checkpoint.FileName)).Settings!.ClassWeights!;
            string checkedOutput = Python(check, unet, masks, netdslWeights.Length.ToString(CultureInfo.InvariantCulture));
            log.WriteLine(checkedOutput.Trim());
            var weights = Regex.Match(checkedOutput, "weights ([-0-9.e ]+)").Groups[1].Value.Trim().Split(' ').Select(w => double.Parse(w, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(netdslWeights.Length, weights.Length);
            for (int k = 0; k < weights.Length; k++) Assert.True(Math.Abs(weights[k] - netdslWeights[k]) <= 1e-6, $"balanced weight {k}: train.py {weights[k]}, NetDsl {netdslWeights[k]}");
        }

        /// <summary>
        /// train.py's learning rate is NetDsl's schedule at every step. (1) Its schedule functions against NetDsl's
        /// LearningRateSchedule for GoogLeNet's card (AdamW 1e-3, warm-up 0.2 epochs) under each schedule, with the card's warm-up,
        /// the default one (3%, at most 100 steps) and --warmup 5, over runs of 1 to 4,000 steps. (2) A real run: NetDsl's
        /// <c>train googlenet</c> and train.py over the same 70 images, batch 16 (5 steps an epoch, the last one partial), 2 epochs,
        /// log the same rate for each of their 10 steps (steps.csv, --log-lr). About 40 s on two cores.
        /// </summary>
        [OracleFact]
        public void TrainPysLearningRate_IsNetDslsSchedule_AtEveryStep()
        {
            using var dir = new TempDir();
            string export = dir.File("googlenet"), data = dir.File("data");
            Cli("export", "googlenet", "--format", "pytorch", "--out", export, "--input", "3x32x32");
            var card = Zoo.Entry("googlenet").Card;
            var resolved = PyRecipe.Resolve(card, ModelTask.Classification);
            Assert.Equal(OptimizerKind.AdamW, resolved.Optimizer);
            Assert.Equal(0.2, resolved.WarmupEpochs);

            var configs = new System.Collections.Generic.List<(ScheduleKind Kind, string Warmup, int StepsPerEpoch, int Epochs)>();
            foreach (var kind in new[] { ScheduleKind.Cosine, ScheduleKind.Step, ScheduleKind.OneCycle })
                foreach (string warmup in new[] { "card", "none", "5" })
                    foreach (var (spe, epochs) in new[] { (5, 2), (7, 3), (1, 1), (40, 100) })
                        configs.Add((kind, warmup, spe, epochs));
            string script = dir.File("schedule.py");
            File.WriteAllText(script, string.Join("\n",
                "import json, sys",
                $"sys.path.insert(0, {Py(export)})",
                "import train",
                "for line in sys.stdin:",
                "    kind, warm, spe, epochs = line.split()",
                "    spe, epochs = int(spe), int(epochs)",
                "    recipe = dict(train.exported.RECIPE, schedule=kind, warmup_steps=int(warm) if warm.isdigit() else None)",
                "    if warm == 'none': recipe['warmup_epochs'] = None",
                "    total = spe * epochs",
                "    w = train.warmup_steps(recipe, total, spe)",
                "    print(json.dumps([train.learning_rate(kind, recipe['lr'], s, total, w) for s in range(total)]), flush=True)"));
            string input = string.Join("\n", configs.Select(c => $"{c.Kind.ToString().ToLowerInvariant()} {c.Warmup} {c.StepsPerEpoch} {c.Epochs}")) + "\n";
            var lines = PythonWithInput(input, script).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(configs.Count, lines.Length);
            double worst = 0;
            long compared = 0;
            for (int i = 0; i < configs.Count; i++)
            {
                var (kind, warmup, spe, epochs) = configs[i];
                var options = resolved with
                {
                    Schedule = kind,
                    WarmupSteps = warmup == "5" ? 5 : null,
                    WarmupEpochs = warmup == "none" ? null : resolved.WarmupEpochs,
                };
                long total = (long)spe * epochs;
                var schedule = LearningRateSchedule.Create(kind, options.LearningRate, total, options.ResolveWarmupSteps(total, spe));
                var python = System.Text.Json.JsonSerializer.Deserialize<double[]>(lines[i])!;
                Assert.Equal(total, python.Length);
                for (int s = 0; s < total; s++, compared++)
                {
                    double diff = Math.Abs(python[s] - schedule.At(s));
                    worst = Math.Max(worst, diff);
                    Assert.True(diff <= 1e-15, $"{kind}, warm-up {warmup}, {spe} steps x {epochs} epochs: step {s} train.py {python[s]:R}, NetDsl {schedule.At(s):R}");
                }
            }
            log.WriteLine($"schedule functions: {configs.Count} runs, {compared} steps, max |train.py - NetDsl| = {worst:G3}");

            // The real thing: both trainers on the same folder (70 images: NetDsl keeps the last 6-image batch, so must train.py).
            Cli("data", "shapes", "--out", data, "--count", "70", "--test-count", "8", "--input", "3x32x32");
            string netdsl = dir.File("netdsl"), run = dir.File("run"), rates = dir.File("lr.csv");
            Cli("train", "googlenet", "--data", "folder:" + data, "--input", "3x32x32", "--batch", "16", "--epochs", "2", "--out", netdsl);
            string trained = Python(Path.Combine(export, "train.py"), "--data", data, "--out", run, "--batch", "16", "--epochs", "2", "--workers", "0", "--log-lr", rates);
            Assert.Contains("recipe: adamw (card), betas 0.9, 0.999, eps 1e-08, lr 0.001 (card), cosine (default), warm-up 0.2 epochs (card, 1 step)", trained);
            var expected = File.ReadAllLines(Path.Combine(netdsl, "steps.csv")).Skip(1)
                .Select(l => double.Parse(l.Split(',')[6], CultureInfo.InvariantCulture)).ToArray();
            var actual = File.ReadAllLines(rates).Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(10, expected.Length);
            Assert.Equal(expected.Length, actual.Length);
            double runWorst = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
            log.WriteLine($"googlenet, 70 images, batch 16, 2 epochs: {actual.Length} steps, max |train.py - NetDsl steps.csv| = {runWorst:G3}; " +
                          $"rates {string.Join(" ", actual.Select(r => r.ToString("G4", CultureInfo.InvariantCulture)))}");
            Assert.True(runWorst <= 1e-15, $"train.py's rates {string.Join(", ", actual)} are not NetDsl's {string.Join(", ", expected)}");
        }

        /// <summary>
        /// train.py's loss is NetDsl's for the same outputs: GoogLeNet's card (label smoothing 0.1) on the main output and both
        /// auxiliary heads (main + 0.3 × each head's smoothed loss, as the trainer adds them) within 1e-6; a segmentation model's
        /// loss (no smoothing, as NetDsl's) with void (255) pixels left out within 1e-6; and with smoothing the void pixels are left
        /// out too (the loss over only the kept pixels). A Mixup batch's soft targets give NetDsl's loss on every head within 1e-6,
        /// and train.py's mix_batch blends λx + (1−λ)x′ and pastes a box whose share is 1 − λ.
        /// </summary>
        [OracleFact]
        public void TrainPysLoss_IsNetDslsLoss_WithLabelSmoothingOnEveryHead_AndVoidPixelsLeftOut()
        {
            using var dir = new TempDir();
            using var scope = torch.NewDisposeScope();
            string export = dir.File("googlenet"), unet = dir.File("unet");
            Cli("export", "googlenet", "--format", "pytorch", "--out", export, "--input", "3x32x32");
            var options = PyRecipe.Resolve(Zoo.Entry("googlenet").Card, ModelTask.Classification);
            Assert.Equal(0.1, options.LabelSmoothing);
            var g = new torch.Generator(seed: 3);
            using Scalar three = 3.0.ToScalar(), weight = 0.3.ToScalar(), quarter = 0.25.ToScalar(), ignored = 255L.ToScalar();
            torch.Tensor main = torch.randn(new long[] { 8, 6 }, generator: g).mul(three), aux1 = torch.randn(new long[] { 8, 6 }, generator: g).mul(three),
                aux2 = torch.randn(new long[] { 8, 6 }, generator: g).mul(three), targets = torch.randint(0, 6, new long[] { 8 }, generator: g);
            var task = options.CreateTrainingTask(null, null);
            // As Trainer.Forward: the main loss, plus weight × each head's loss.
            double netdsl = task.Loss(main, main, targets).add(task.Loss(aux1, aux1, targets), alpha: weight).add(task.Loss(aux2, aux2, targets), alpha: weight).item<float>();
            double unsmoothed = TrainingTasks.Create(ModelTask.Classification, new TaskOptions()).Loss(main, main, targets).item<float>();
            // A Mixup batch (λ 0.3): the soft targets on the main output and both heads, smoothed alike.
            var mixedBatch = new BatchMixing(0.2, null, options.LabelSmoothing).Apply(torch.zeros(8, 1), targets, new MixDraw(MixKind.Mixup, 0.3));
            double netdslMixed = mixedBatch.Loss(main).add(mixedBatch.Loss(aux1), alpha: weight).add(mixedBatch.Loss(aux2), alpha: weight).item<float>();
            // Class weights (--class-weights): the smoothed loss, and the mixed one, weighted alike; the balanced rule alike.
            double[] classWeights = { 0.5, 2, 1, 1, 3, 0.25 };
            double netdslWeighted = options.CreateTrainingTask(null, classWeights).Loss(main, main, targets).item<float>();
            double netdslWeightedMixed = new BatchMixing(0.2, null, options.LabelSmoothing, classWeights).Apply(torch.zeros(8, 1), targets, new MixDraw(MixKind.Mixup, 0.3)).Loss(main).item<float>();
            long[] labelList = { 0, 0, 0, 1, 2, 2, 4, 4, 4, 4 };
            var balanced = ClassWeighting.Balanced(new long[] { 3, 1, 2, 0, 4, 0 });
            SafeTensors.Write(dir.File("logits.safetensors"), new[] { ("main", main), ("aux1", aux1), ("aux2", aux2), ("targets", targets) });

            Cli("export", "unet_padded", "--format", "pytorch", "--out", unet, "--input", "3x32x32");
            var segmentation = PyRecipe.Resolve(Zoo.Entry("unet_padded").Card, ModelTask.Segmentation);
            torch.Tensor maps = torch.randn(new long[] { 2, 4, 8, 8 }, generator: g).mul(three), masks = torch.randint(0, 4, new long[] { 2, 8, 8 }, generator: g);
            masks = masks.masked_fill(torch.rand(new long[] { 2, 8, 8 }, generator: g).lt(quarter), ignored);
            double netdslSegmentation = segmentation.CreateTask().Loss(maps, maps, masks).item<float>();
            SafeTensors.Write(dir.File("masks.safetensors"), new[] { ("maps", maps), ("masks", masks) });

            var lines = PythonLoadingExports(dir.File("loss.py"),
                $"t = load({Py(export)})",
                $"x = t.load_safetensors({Py(dir.File("logits.safetensors"))})",
                "smoothing = t.exported.RECIPE['label_smoothing']",
                "loss, aux = t.training_loss(x['main'], [x['aux1'], x['aux2']], [0.3, 0.3], x['targets'], smoothing)",
                "print(repr(smoothing), repr(loss.item()), repr(aux.item()))",
                $"s = load({Py(unet)})",
                $"y = s.load_safetensors({Py(dir.File("masks.safetensors"))})",
                "maps, masks = y['maps'], y['masks']",
                "kept = masks != 255",
                "flat = maps.permute(0, 2, 3, 1)[kept]",
                "smoothed = s.task_loss(maps, masks, 0.1).item()",
                "only_kept = s.F.cross_entropy(flat, masks[kept], label_smoothing=0.1).item()",
                "print(repr(s.VOID), repr(s.exported.RECIPE['label_smoothing']), repr(s.task_loss(maps, masks, s.exported.RECIPE['label_smoothing']).item()), repr(smoothed), repr(only_kept))",
                "import random",
                "mixed, _ = t.training_loss(x['main'], [x['aux1'], x['aux2']], [0.3, 0.3], (x['targets'], x['targets'].roll(1, 0), 0.3), smoothing)",
                "images = t.torch.arange(2 * 1 * 4 * 4, dtype=t.torch.float32).reshape(2, 1, 4, 4)",
                "blended, (_, _, lam) = t.mix_batch(images, x['targets'][:2], 0.4, 0.0, random.Random(1))",
                "blend_error = (blended - (images * lam + images.roll(1, 0) * (1 - lam))).abs().max().item()",
                "boxed, (_, _, box_lam) = t.mix_batch(images, x['targets'][:2], 0.0, 1.0, random.Random(2))",
                "box_error = abs((boxed != images).float().mean().item() - (1 - box_lam))",
                "print(repr(mixed.item()), repr(blend_error), repr(box_error))",
                $"w = t.torch.tensor([{string.Join(", ", classWeights.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}])",
                "weighted = t.task_loss(x['main'], x['targets'], smoothing, w).item()",
                "weighted_mixed = t.task_loss(x['main'], (x['targets'], x['targets'].roll(1, 0), 0.3), smoothing, w).item()",
                $"class Labels: targets = [{string.Join(", ", labelList)}]",
                "b, _ = t.class_weights('balanced', Labels(), 6)",
                "print(repr(weighted), repr(weighted_mixed), ' '.join(repr(v) for v in b.tolist()))");
            var first = lines[0].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var second = lines[1].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var third = lines[2].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            log.WriteLine($"googlenet (smoothing {first[0]}): train.py {first[1]:R}, NetDsl {netdsl:R}, |diff| {Math.Abs(first[1] - netdsl):G3} (unsmoothed main loss {unsmoothed:R}); " +
                          $"unet_padded void pixels: train.py {second[2]:R}, NetDsl {netdslSegmentation:R}, |diff| {Math.Abs(second[2] - netdslSegmentation):G3}; " +
                          $"smoothed 0.1 with voids {second[3]:R} vs kept pixels only {second[4]:R}");
            Assert.Equal(0.1, first[0]);
            Assert.True(Math.Abs(first[1] - netdsl) <= 1e-6, $"train.py's loss {first[1]:R} is not NetDsl's {netdsl:R}");
            Assert.True(first[2] > 0.1, $"the weighted auxiliary part {first[2]} should be a sizeable part of the loss");
            Assert.Equal(255, second[0]);
            Assert.Equal(0, second[1]);
            Assert.True(Math.Abs(second[2] - netdslSegmentation) <= 1e-6, $"train.py's segmentation loss {second[2]:R} is not NetDsl's {netdslSegmentation:R}");
            Assert.True(Math.Abs(second[3] - second[4]) <= 1e-6, $"smoothed loss with void pixels {second[3]:R} is not the loss over the kept pixels {second[4]:R}");
            log.WriteLine($"mixed (λ 0.3): train.py {third[0]:R}, NetDsl {netdslMixed:R}; mix_batch blend error {third[1]:G3}, box error {third[2]:G3}");
            Assert.True(Math.Abs(third[0] - netdslMixed) <= 1e-6, $"train.py's mixed loss {third[0]:R} is not NetDsl's {netdslMixed:R}");
            Assert.True(third[1] <= 1e-6 && third[2] <= 1e-9, $"train.py's mix_batch: blend error {third[1]}, box error {third[2]}");
            var fourth = lines[3].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            log.WriteLine($"class weights: train.py {fourth[0]:R} / mixed {fourth[1]:R}, NetDsl {netdslWeighted:R} / {netdslWeightedMixed:R}; balanced {string.Join(", ", fourth.Skip(2))}");
            Assert.True(Math.Abs(fourth[0] - netdslWeighted) <= 1e-6, $"train.py's weighted loss {fourth[0]:R} is not NetDsl's {netdslWeighted:R}");
            Assert.True(Math.Abs(fourth[1] - netdslWeightedMixed) <= 1e-6, $"train.py's weighted mixed loss {fourth[1]:R} is not NetDsl's {netdslWeightedMixed:R}");
            Assert.Equal(balanced.Length, fourth.Length - 2);
            for (int k = 0; k < balanced.Length; k++) Assert.True(Math.Abs(fourth[2 + k] - balanced[k]) <= 1e-6, $"balanced weight {k}: train.py {fourth[2 + k]}, NetDsl {balanced[k]}");
        }

        /// <summary>
        /// train.py's optimizers take NetDsl's steps: lenet5 from its exported weights, the same gradients for three steps at
        /// changing rates, with SGD (Nesterov, momentum 0.9, weight decay 5e-4), AdamW (0.05) and LAMB (0.01), each with an
        /// lr scale on fc3 and weight decay only on weights (biases exempt, as NetDsl's ParameterGroups, whose decayed names
        /// train.py's groups must equal): every parameter within 1e-6 of NetDsl's.
        /// </summary>
        [OracleFact]
        public void TrainPysOptimizers_TakeNetDslsSteps_WithItsDecayExemptionsAndLrScales()
        {
            using var dir = new TempDir();
            string export = dir.File("lenet5");
            Cli("export", "lenet5", "--format", "pytorch", "--out", export);
            var entry = Zoo.Entry("lenet5");
            var configs = new[]
            {
                (Name: "sgd", Options: new TrainerOptions { Optimizer = OptimizerKind.Sgd, LearningRate = 0.05, Momentum = 0.9, Nesterov = true, WeightDecay = 5e-4 }),
                (Name: "adamw", Options: new TrainerOptions { Optimizer = OptimizerKind.AdamW, LearningRate = 0.01, WeightDecay = 0.05 }),
                (Name: "lamb", Options: new TrainerOptions { Optimizer = OptimizerKind.Lamb, LearningRate = 0.01, WeightDecay = 0.01 }),
            };
            double[] rates = { 0.25, 1.0, 0.5 };
            using (var scope = torch.NewDisposeScope())
            {
                using var probe = entry.Create();
                var gradients = Enumerable.Range(0, 3).Select(k =>
                {
                    var g = new torch.Generator(seed: (ulong)(100 + k));
                    return probe.named_parameters().Select(p => ("grad" + k + "." + p.name, torch.randn(p.parameter.shape, generator: g))).ToList();
                }).ToList();
                SafeTensors.Write(dir.File("grads.safetensors"), gradients.SelectMany(x => x));
                foreach (var (name, baseOptions) in configs)
                {
                    var options = baseOptions with { LearningRateScales = LearningRateScales.Parse("fc3=0.1") };
                    using var network = entry.Create();
                    WeightLoader.Load(network, Path.Combine(export, "weights.safetensors"));
                    using var optimizer = options.CreateOptimizer(network);
                    for (int k = 0; k < 3; k++)
                    {
                        network.zero_grad();
                        var byName = gradients[k].ToDictionary(x => x.Item1.Substring(x.Item1.IndexOf('.') + 1), x => x.Item2);
                        // A loss whose gradient is exactly the drawn one: sum(p * G).
                        var loss = network.named_parameters().Select(p => p.parameter.mul(byName[p.name]).sum()).Aggregate((a, b) => a.add(b, alpha: NetDsl.Scalars.One));
                        loss.backward();
                        optimizer.LearningRate = options.LearningRate * rates[k];
                        optimizer.Step();
                    }
                    SafeTensors.Write(dir.File(name + ".safetensors"), network.named_parameters().Select(p => (p.name, (torch.Tensor)p.parameter.detach())));
                }
                var decayed = ParameterGroups.Of(probe, exemptNormsAndBiases: true).Where(p => p.Decays).Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal);
                File.WriteAllText(dir.File("decayed.txt"), string.Join(",", decayed));
            }
            string script = dir.File("optimizers.py");
            File.WriteAllText(script, string.Join("\n",
                "import sys, torch",
                $"sys.path.insert(0, {Py(export)})",
                "import train",
                $"d = {Py(dir.Path)}",
                "grads = train.load_safetensors(d + '/grads.safetensors')",
                "configs = {'sgd': dict(optimizer='sgd', lr=0.05, momentum=0.9, nesterov=True, weight_decay=5e-4),",
                "           'adamw': dict(optimizer='adamw', lr=0.01, momentum=0.9, nesterov=False, weight_decay=0.05),",
                "           'lamb': dict(optimizer='lamb', lr=0.01, momentum=0.9, nesterov=False, weight_decay=0.01)}",
                "rates = [0.25, 1.0, 0.5]",
                "for name, recipe in configs.items():",
                "    recipe.update(lr_scales={'fc3': 0.1}, decay_all=False)",
                "    net = train.exported.create()",
                "    net.load_state_dict(train.load_safetensors(d + '/lenet5/weights.safetensors'), strict=True)",
                "    groups = train.parameter_groups(net, recipe)",
                "    decayed = sorted(n for g in groups if g['decays'] for n in g['names'])",
                "    optimizer = train.create_optimizer(groups, recipe)",
                "    for k in range(3):",
                "        for n, p in net.named_parameters(): p.grad = grads[f'grad{k}.{n}'].clone()",
                "        for g in optimizer.param_groups: g['lr'] = recipe['lr'] * rates[k] * g['lr_scale']",
                "        optimizer.step()",
                "    netdsl = train.load_safetensors(d + '/' + name + '.safetensors')",
                "    worst = max((p.detach() - netdsl[n]).abs().max().item() for n, p in net.named_parameters())",
                "    print(name, type(optimizer).__name__, repr(worst), ','.join(decayed))"));
            string output = PythonWithInput("", script);
            string decayedNetDsl = File.ReadAllText(dir.File("decayed.txt"));
            Assert.Equal("conv1.weight,conv2.weight,fc1.weight,fc2.weight,fc3.weight", decayedNetDsl);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(3, lines.Length);
            foreach (string line in lines)
            {
                var parts = line.Split(' ');
                double worst = double.Parse(parts[2], CultureInfo.InvariantCulture);
                log.WriteLine($"{parts[0]} ({parts[1]}): max |train.py - NetDsl| over lenet5's parameters after 3 steps = {worst:G3}");
                Assert.True(worst <= 1e-6, $"{parts[0]}: train.py's parameters are {worst:G3} from NetDsl's");
                Assert.Equal(decayedNetDsl, parts[3]);
            }
            Assert.Equal(new[] { "SGD", "AdamW", "Lamb" }, lines.Select(l => l.Split(' ')[1]));
        }

        /// <summary>
        /// Every zoo model's RECIPE (what model.py carries) is valid Python and holds NetDsl's resolution of its card: optimizer,
        /// rate, weight decay, warm-up, label smoothing, batch, epochs and precise BN as TrainerOptions.WithCard gives them.
        /// </summary>
        [OracleFact]
        public void EveryZooCard_ModelPysRecipeIsNetDslsResolution()
        {
            using var dir = new TempDir();
            var entries = Zoo.All.ToList();
            string script = dir.File("recipes.py");
            File.WriteAllText(script, string.Join("\n",
                "import json, sys",
                "text = sys.stdin.read().split('\\n#####\\n')",
                "for block in text:",
                "    if not block.strip(): continue",
                "    scope = {}",
                "    exec(block, scope)",
                "    r = scope['RECIPE']",
                "    print(json.dumps([r['optimizer'], r['lr'], r['weight_decay'], r['warmup_epochs'], r['label_smoothing'], r['batch'], r['epochs'], r['precise_bn']]))"));
            string input = string.Join("\n#####\n", entries.Select(e => PyRecipe.Text(e.Card, e.Task))) + "\n#####\n";
            var lines = PythonWithInput(input, script).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(entries.Count, lines.Length);
            for (int i = 0; i < entries.Count; i++)
            {
                var o = PyRecipe.Resolve(entries[i].Card, entries[i].Task);
                string expected = System.Text.Json.JsonSerializer.Serialize(new object?[] { o.Optimizer.Name(), o.LearningRate, o.ResolvedWeightDecay, o.WarmupEpochs,
                    o.LabelSmoothing, o.BatchSize, o.Epochs, o.RecalibrateBatchNorm });
                var python = System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement[]>(lines[i])!;
                string actual = System.Text.Json.JsonSerializer.Serialize(new object?[] { python[0].GetString(), python[1].GetDouble(), python[2].GetDouble(),
                    python[3].ValueKind == System.Text.Json.JsonValueKind.Null ? null : python[3].GetDouble(), python[4].GetDouble(), python[5].GetInt32(), python[6].GetInt32(), python[7].GetInt32() });
                Assert.True(expected == actual, $"{entries[i].Name}: model.py's RECIPE {actual}, NetDsl's {expected}");
            }
            log.WriteLine($"{entries.Count} zoo models: RECIPE parses and equals NetDsl's resolution; optimizers " +
                          string.Join(", ", entries.GroupBy(e => PyRecipe.Resolve(e.Card, e.Task).Optimizer.Name()).Select(g => $"{g.Key} {g.Count()}")));
        }

        /// <summary>
        /// train.py's <c>--ema</c> is NetDsl's <see cref="ModelEma"/>: from the same start and the same twelve states of
        /// conv_autoencoder (weights, BatchNorm statistics and batch counts), its average equals NetDsl's within float rounding.
        /// A lenet5 run with <c>--ema 0.9</c> evaluates and saves the average (NetDsl's eval of weights.safetensors scores what
        /// train.py printed; the checkpoint keeps the raw weights beside it), a resume without <c>--ema</c> is refused, and one
        /// with it goes on. About 20 s on two cores.
        /// </summary>
        [OracleFact]
        public void TrainPysWeightEma_AveragesAsNetDsl_AndEvaluatesSavesAndResumesWithIt()
        {
            using var dir = new TempDir();
            using var scope = torch.NewDisposeScope();
            string autoencoder = dir.File("ae");
            Cli("export", "conv_autoencoder", "--format", "pytorch", "--out", autoencoder);
            using var network = Zoo.Entry("conv_autoencoder").Create();
            WeightLoader.Save(network, dir.File("state0.safetensors"));
            using (var ema = new ModelEma(network, 0.9))
            {
                var g = new torch.Generator(seed: 11);
                for (int n = 1; n <= 12; n++)
                {
                    using (torch.no_grad())
                        foreach (var (_, t) in network.state_dict())
                            t.copy_(t.is_floating_point() ? torch.randn(t.shape, generator: g) : torch.tensor((long)n));
                    WeightLoader.Save(network, dir.File($"state{n}.safetensors"));
                    ema.Update();
                }
                ema.Swap();
                WeightLoader.Save(network, dir.File("average.safetensors"));
            }
            string script = dir.File("ema.py");
            File.WriteAllText(script, string.Join("\n",
                "import sys, importlib",
                $"sys.path.insert(0, {Py(autoencoder)})",
                "t = importlib.import_module('train')",
                "net = t.exported.create()",
                $"net.load_state_dict(t.load_safetensors({Py(dir.File("state0.safetensors"))}))",
                "ema = t.WeightEma(net, 0.9)",
                "for n in range(1, 13):",
                $"    net.load_state_dict(t.load_safetensors({Py(dir.Path)} + f'/state{{n}}.safetensors'))",
                "    ema.update()",
                $"expected = t.load_safetensors({Py(dir.File("average.safetensors"))})",
                "with ema.swapped_in():",
                "    state = net.state_dict()",
                "    diff = max((v.double() - expected[k].double()).abs().max().item() for k, v in state.items())",
                "    counts = sorted({int(v) for k, v in state.items() if k.endswith('num_batches_tracked')})",
                "print(repr(diff), counts, len(state))"));
            string[] parity = PythonWithInput("", script).Trim().Split(' ', 2);
            log.WriteLine($"conv_autoencoder, 12 states, decay 0.9: train.py's average vs NetDsl's max |diff| {parity[0]}; batch counts {parity[1]}");
            Assert.True(double.Parse(parity[0], CultureInfo.InvariantCulture) <= 1e-6, $"train.py's average is {parity[0]} off NetDsl's");
            Assert.StartsWith("[12]", parity[1]);   // integer buffers copied, not averaged

            string data = dir.File("data"), export = dir.File("lenet5"), run = dir.File("run");
            Cli("data", "shapes", "--out", data, "--count", "400", "--test-count", "100", "--input", "1x28x28");
            Cli("export", "lenet5", "--format", "pytorch", "--out", export);
            string trainPy = Path.Combine(export, "train.py");
            string trained = Python(trainPy, "--data", data, "--epochs", "1", "--out", run, "--batch", "32", "--optimizer", "sgd", "--lr", "0.05", "--ema", "0.9", "--workers", "0");
            Assert.Contains("weight EMA 0.9 (command line)", trained);
            double netdsl = LastAccuracy(Cli("eval", "lenet5", "--weights", Path.Combine(run, "weights.safetensors"), "--data", "folder:" + data));
            Assert.True(Math.Abs(LastAccuracy(trained) - netdsl) <= 1.0 / 100 + 1e-9, $"train.py printed {LastAccuracy(trained):F4}, NetDsl's eval of its weights {netdsl:F4}");
            string check = dir.File("checkpoint.py");
            File.WriteAllText(check, string.Join("\n",
                "import sys, importlib, torch",
                $"sys.path.insert(0, {Py(export)})",
                "t = importlib.import_module('train')",
                $"c = torch.load({Py(Path.Combine(run, "checkpoint.pt"))})",
                $"w = t.load_safetensors({Py(Path.Combine(run, "weights.safetensors"))})",
                "same = all(torch.equal(c['model'][k], w[k]) for k in w)",
                "raw = max((c['model'][k] - c['ema']['raw'][k]).abs().max().item() for k in w)",
                "print(same, c['ema']['updates'], repr(raw))"));
            string[] saved = PythonWithInput("", check).Trim().Split(' ');
            Assert.Equal("True", saved[0]);                                  // the saved weights are the checkpoint's model: the average
            int images = Directory.GetFiles(Path.Combine(data, "train"), "*", SearchOption.AllDirectories).Length;
            Assert.Equal(((images + 31) / 32 - (images % 32 == 1 ? 1 : 0)).ToString(CultureInfo.InvariantCulture), saved[1]);   // one update per step
            Assert.True(double.Parse(saved[2], CultureInfo.InvariantCulture) > 0, "the checkpoint's raw weights equal its average");

            var refused = PythonRun(trainPy, "--data", data, "--epochs", "2", "--out", run, "--optimizer", "sgd", "--lr", "0.05", "--resume", "--batch", "32", "--workers", "0");
            Assert.Equal(2, refused.Code);
            Assert.Contains("the run kept a moving average of its weights; resume with --ema", refused.Error);
            string resumed = Python(trainPy, "--data", data, "--epochs", "2", "--out", run, "--optimizer", "sgd", "--lr", "0.05", "--ema", "0.9", "--resume", "--batch", "32", "--workers", "0");
            Assert.Contains("epoch 2/2", resumed);
        }

        /// <summary>
        /// train.py prepares an image as NetDsl's folder data does (stb_image's gray, the [0, 1] floats resized antialiased): before,
        /// PIL's convert("L") and a Resize of the 8-bit image gave other inputs (up to 3e-3 in probability on the shapes set). A noisy
        /// RGB 37x23 image (shrunk one way, enlarged the other) and a gray 19x41 one, into a gray 1x28x28 model (lenet5) and an RGB
        /// 3x32x32 one (resnet18): train.py's test-time tensors are NetDsl's within float rounding, so their predictions agree.
        /// </summary>
        [OracleFact]
        public void TrainPyPreparesImages_AsNetDslsFolderData_GrayAndOddSizes()
        {
            using var dir = new TempDir();
            string gray = dir.File("gray"), rgb = dir.File("rgb");
            Cli("export", "lenet5", "--format", "pytorch", "--out", gray, "--input", "1x28x28");
            Cli("export", "resnet18", "--format", "pytorch", "--out", rgb, "--input", "3x32x32");
            var random = new Random(7);
            byte[] colour = new byte[37 * 23 * 3], level = new byte[19 * 41];
            random.NextBytes(colour);
            random.NextBytes(level);
            string colourPng = dir.File("colour.png"), grayPng = dir.File("level.png");
            NetDsl.Runtime.Data.Export.PngWriter.Write(colourPng, colour, 37, 23, 3);
            NetDsl.Runtime.Data.Export.PngWriter.Write(grayPng, level, 19, 41, 1);
            foreach (var (export, input) in new[] { (gray, new NetDsl.Shapes.TensorShape(1, 28, 28)), (rgb, new NetDsl.Shapes.TensorShape(3, 32, 32)) })
            {
                using var netdsl = NetDsl.Runtime.Data.ImagePreprocessing.Load(new[] { colourPng, grayPng }, input);
                SafeTensors.Write(dir.File("netdsl.safetensors"), new[] { ("x", netdsl) });
                var lines = PythonLoadingExports(dir.File("prepare.py"),
                    $"t = load({Py(export)})",
                    $"x = t.load_safetensors({Py(dir.File("netdsl.safetensors"))})['x']",
                    "prepare = t.image_transform(False)",
                    $"mine = t.torch.stack([prepare(t.open_image(p)) for p in ({Py(colourPng)}, {Py(grayPng)})])",
                    "print(tuple(mine.shape) == tuple(x.shape), repr((mine - x).abs().max().item()))");
                log.WriteLine($"{input}: {lines[^1]}");
                Assert.StartsWith("True ", lines[^1]);
                double difference = double.Parse(lines[^1].Split(' ')[1], CultureInfo.InvariantCulture);
                Assert.True(difference < 1e-5, $"{input}: train.py's prepared images differ from NetDsl's by up to {difference}");
            }
        }

        static string Py(string path) => "'" + path.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

        /// <summary>Runs <see cref="Oracle.Python"/> on <paramref name="script"/> with <paramref name="input"/> on stdin; its stdout.</summary>
        string PythonWithInput(string input, string script)
        {
            var (code, output, error) = RunPython(new[] { script }, input, minutes: 2);
            Assert.True(code == 0, $"{script} exited with {code}:\n{output}\n{error}");
            return output;
        }

        /// <summary>
        /// Writes <paramref name="body"/> to <paramref name="script"/> after a <c>load(folder)</c> that imports the train.py an
        /// export wrote there (its model.py and train.py afresh, so two exports load side by side), runs it, and returns its stdout lines.
        /// </summary>
        string[] PythonLoadingExports(string script, params string[] body)
        {
            var prelude = new[]
            {
                "import sys, importlib",
                "def load(folder):",
                "    sys.path.insert(0, folder)",
                "    for name in ('model', 'train'): sys.modules.pop(name, None)",
                "    t = importlib.import_module('train'); sys.path.pop(0); return t",
            };
            File.WriteAllText(script, string.Join("\n", prelude.Concat(body)));
            return PythonWithInput("", script).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }

        static double LastNumber(string output, string pattern)
        {
            var match = Regex.Matches(output, pattern).LastOrDefault();
            Assert.True(match != null, $"no match for '{pattern}' in:\n{output}");
            return double.Parse(match!.Groups[1].Value, CultureInfo.InvariantCulture);
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
            var (code, output, error) = PythonRun(args);
            log.WriteLine(string.Join("\n", output.Split('\n').Where(l => l.Contains("epoch") || l.Contains("accuracy") || l.Contains("resumed"))));
            Assert.True(code == 0, $"{string.Join(" ", args)} exited with {code}:\n{output}\n{error}");
            return output;
        }

        /// <summary>Runs <see cref="Oracle.Python"/> with <paramref name="args"/>: its exit code, stdout and stderr.</summary>
        static (int Code, string Output, string Error) PythonRun(params string[] args) => RunPython(args, input: null, minutes: 5);

        /// <summary>One <see cref="Oracle.Python"/> process (one OpenMP thread: the suites share two cores), <paramref name="input"/> on stdin when given, killed after <paramref name="minutes"/>.</summary>
        static (int Code, string Output, string Error) RunPython(IReadOnlyList<string> args, string? input, int minutes)
        {
            var start = new ProcessStartInfo(Oracle.Python) { RedirectStandardInput = input != null, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in args) start.ArgumentList.Add(a);
            start.Environment["OMP_NUM_THREADS"] = "1";
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Oracle.Python} did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (input != null)
            {
                process.StandardInput.Write(input);
                process.StandardInput.Close();
            }
            if (!process.WaitForExit(minutes * 60_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{string.Join(" ", args)} ran longer than {minutes} minutes");
            }
            return (process.ExitCode, stdout.Result, stderr.Result);
        }

        static double LastAccuracy(string output) => LastMetric(output, "accuracy");
    }
}
