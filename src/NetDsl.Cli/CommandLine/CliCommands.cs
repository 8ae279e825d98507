using System.Collections.Generic;
using NetDsl.Runtime.Data;

namespace NetDsl.Cli
{
    /// <summary>
    /// Every command of the CLI and every option it takes, declared once: System.CommandLine parses with
    /// these (<see cref="CliParser"/>), help lists them with their defaults (<see cref="CliHelp"/>), and the
    /// command reads them by name from <see cref="CliArguments"/>.
    ///
    /// To add an option: one line in the command's list below, e.g.
    /// <c>Value("opset", "N", "ONNX opset to write", "17"),</c> for one taking a value or
    /// <c>Flag("dynamic-batch", "a symbolic batch dimension"),</c> for a switch; then read it in the
    /// command with <c>args.Value("opset")</c>, <c>args.Int("opset", 17, 7)</c>, <c>args.Choice(…)</c> or
    /// <c>args.Flag("dynamic-batch")</c> (these check the value and name the option in their errors). The
    /// value name says what the value is (N, X, FILE, DIR, CxHxW, a|b|c) in help and in
    /// "--opset needs a number and got '--out'". Add it to the command's usage line if it belongs in the overview.
    /// To add a command: one <see cref="CommandSpec"/> in <see cref="All"/> and its own Run method.
    /// </summary>
    internal static class CliCommands
    {
        const string DataChoices = "shapes|mnist:DIR|cifar10:DIR|folder:DIR|maskfolder:DIR";
        const string Precisions = "fp32|bf16-mixed|fp16-mixed";

        // Before All, which reads them (static fields initialise in textual order).
        static readonly OptionSpec[] DataShapesOptions =
        {
            Value("out", "DIR", "the folder to write train/ and test/ into", "required"),
            Value("count", "N", "training images", ShapesDataset.DefaultTrainCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Value("test-count", "N", "test images", "count / 10"),
            Value("input", "CxHxW", "image size and channels (1 or 3)", "3x32x32"),
            Seed("seed of the images (the in-memory shapes set's for the same seed and size)"),
            Flag("masks", "segmentation scenes: images/, masks/ (class index per pixel) and classes.txt"),
        };

        static readonly OptionSpec[] DataCheckOptions =
        {
            Flag("json", "check: one JSON object (counts, classes, sizes, problems) instead of the table"),
            Value("max-problems", "N", "check: list at most N problems (all are counted)", "all"),
            Value("progress-every", "SECONDS", "check: a progress line on stderr (split, samples read of all, elapsed, ETA) every SECONDS while reading (0: every sample)",
                "10"),
        };

        public static readonly IReadOnlyList<CommandSpec> All = new[]
        {
            new CommandSpec("list",
                "  list                                  one model name per line",
                null, new OptionSpec[0], ListCommand.Run),

            new CommandSpec("summary",
                "  summary MODEL [--input CxHxW] [--arg NAME=VALUE[,...]] [--json]\n" +
                "                                        per-layer table, or one JSON object",
                "MODEL", new[]
                {
                    Input("the model's declared input"),
                    Arguments("the declaration's defaults"),
                    Flag("json", "one JSON object (layers, shapes, counts, state dict) instead of the table"),
                }, SummaryCommand.Run),

            new CommandSpec("train",
                "  train MODEL [--data " + DataChoices + "] [--input CxHxW] [--epochs N] [--batch N]\n" +
                "              [--lr X] [--lr-scale PREFIX=X[,...]] [--out DIR] [--resume] [--seed N]\n" +
                "              [--weights FILE [--classes N] [--freeze [--freeze-bn true|false]] [--data-stats]]\n" +
                "              [--optimizer sgd|adamw|lamb] [--nesterov] [--schedule cosine|step|onecycle]\n" +
                "              [--warmup N] [--weight-decay X] [--decay-all] [--label-smoothing X]\n" +
                "              [--mixup ALPHA] [--cutmix ALPHA] [--ema DECAY] [--class-weights balanced|W,...]\n" +
                "              [--clip X] [--patience N] [--monitor metric|loss] [--checkpoint-every N] [--tensorboard]\n" +
                "              [--progress-every SECONDS] [--workers N]\n" +
                "              [--precision " + Precisions + "] [--accumulate N] [--arg NAME=VALUE[,...]]\n" +
                "              [--augment " + AugmentOption.Syntax + "] [--train-images N] [--test-images N]\n" +
                "              [--val-fraction F]\n" +
                "                                        train on the built-in shapes set or MNIST\n" +
                "                                        (from safetensors or .pth weights, loaded strictly,\n" +
                "                                        or the backbone only with --classes);\n" +
                "                                        loss and metrics follow the model's task",
                "MODEL", new[]
                {
                    Device(),
                    Data(),
                    Workers(),
                    Input("the model card's (shapes data), else a smaller size the data suits, else the declared input"),
                    Value("epochs", "N", "passes over the training data", "the model card's, else 1"),
                    Value("batch", "N", "samples per batch (per micro-batch with --accumulate)", "the model card's, else 32"),
                    Value("lr", "X", "peak learning rate", "the model card's, else 0.005 (sgd) or 0.001 (adamw)"),
                    Value("lr-scale", "PREFIX=X[,...]", "multiply the rate of the parameters under each state-dict prefix by X (parameter groups)", "the model card's, else none"),
                    Value("out", "DIR", "the run folder: checkpoints, metrics, curves", "runs/MODEL"),
                    Flag("resume", "continue the run in --out from its checkpoint"),
                    Seed("seed for initialisation, shuffling and the shapes set"),
                    Value("weights", "FILE", "start from a safetensors or PyTorch .pth state dict, loaded strictly (without --classes)", "none: freshly initialised"),
                    Value("classes", "N", "build an N-way head; --weights then loads the backbone and names the head keys left fresh", "the data's class count (classifiers, segmenters), else the model's own head; with --weights, the model's own"),
                    Flag("freeze", "also stop gradients to every loaded parameter (needs --weights)"),
                    Flag("data-stats", "with --weights: normalise file data with its kind's statistics, not those the weights record (netdsl.normalize)"),
                    Value("freeze-bn", "true|false", "with --freeze: keep the backbone's BatchNorm statistics fixed (true) or let them follow the new data (false); " +
                        "--resume re-applies it", "true"),
                    Optimizer("the optimizer (lamb: AdamW with a layer-wise trust ratio)"),
                    Nesterov(),
                    Value("schedule", "cosine|step|onecycle", "learning-rate schedule", "the model card's, else cosine"),
                    Value("warmup", "N", "linear warm-up steps", "the model card's warm-up, else the schedule's own"),
                    WeightDecay(),
                    DecayAll(),
                    LabelSmoothing(),
                    Value("mixup", "ALPHA", "classifiers: Mixup each training batch with the batch rolled by one, lambda ~ Beta(ALPHA, ALPHA) (e.g. 0.2; 0: off)", "the model card's, else off"),
                    Value("class-weights", "balanced|W,...", "classifiers and segmenters: weigh each class's training loss (balanced: n / (classes x n_k) from the training split's counts)", "none"),
                    Value("cutmix", "ALPHA", "classifiers: CutMix each training batch (e.g. 1.0; 0: off); with --mixup, one of the two per batch", "the model card's, else off"),
                    Clip(),
                    Value("ema", "DECAY", "keep a moving average of the weights (e.g. 0.999) and evaluate, save and finish with it", "off"),
                    Value("patience", "N", "stop after N epochs without a better test metric (or test loss, --monitor loss)", "off"),
                    Value("monitor", "metric|loss", "what the best epoch is judged by, for --patience and best.bin: the test metric (higher is better) or the test loss (lower is better)", "metric"),
                    Value("val-fraction", "F", "hold this share (0 to 0.5) of the training split out for validation: epochs, --patience, --monitor and best.bin are judged on it, and the test split is scored once, at the end", "off"),
                    Value("checkpoint-every", "N", "also checkpoint every N steps (0: at epoch ends only)", "0"),
                    Flag("tensorboard", "also log TensorBoard event files under OUT/tensorboard"),
                    Value("progress-every", "SECONDS", "when not a terminal (a log, CI=true): a progress line (step, loss, images/s, ETA) every SECONDS within an epoch (0: every step)",
                        "30"),
                    Precision(CardPrecision),
                    Value("accumulate", "N", "micro-batches per optimizer step (effective batch N x --batch)", "1"),
                    Value("train-images", "N", "images in the shapes set's training split; of file data (cifar10:, folder:, maskfolder:) a subset of N training " +
                        "images drawn with --seed (the same seed, the same images; --resume re-reads the run's); more than the split holds is refused",
                        "the model card's, else " + ShapesDataset.DefaultTrainCount + "; file data: all"),
                    Value("test-images", "N", "images in the shapes set's test split (scored after each epoch); of file data a subset of N test images, drawn alike",
                        "the model card's, else " + ShapesDataset.DefaultTestCount + "; file data: all"),
                    Value(AugmentOption.Name, "LIST", "training augmentation of file data (cifar10:, folder:, maskfolder:): none, standard (crop,flip), " +
                        "or a comma list of crop[=PIXELS], flip, jitter[=STRENGTH]; data held in memory (shapes, mnist) is never augmented",
                        "standard (crop with padding, horizontal flip); with --resume the run's"),
                    Arguments("the model card's (each overridden by --arg), or with --resume the checkpoint's; with --weights none"),
                }, TrainCommand.Run),

            new CommandSpec("lr-find",
                "  lr-find MODEL [--data " + DataChoices + "] [--input CxHxW] [--batch N]\n" +
                "                [--precision " + Precisions + "] [--optimizer sgd|adamw|lamb] [--nesterov]\n" +
                "                [--weight-decay X] [--decay-all] [--label-smoothing X] [--clip X]\n" +
                "                [--min-lr X] [--max-lr X] [--steps N] [--seed N] [--train-images N]\n" +
                "                [--arg NAME=VALUE[,...]] [--out PREFIX] [--workers N]\n" +
                "                                        learning-rate range test: the loss while the rate\n" +
                "                                        grows exponentially; suggests fastai's valley, half-way\n" +
                "                                        into the middle third of the longest fall of the loss\n" +
                "                                        (PREFIX.csv, PREFIX.png); the model is untouched",
                "MODEL", new[]
                {
                    Device(),
                    Data(),
                    Workers(),
                    Input("as train chooses it: the model card's (shapes data), else a smaller size the data suits, else the declared input"),
                    Value("batch", "N", "samples per batch (one optimizer step each)", "the model card's, else 32"),
                    Precision(CardPrecision),
                    Optimizer("the optimizer swept"),
                    Nesterov(),
                    WeightDecay(),
                    DecayAll(),
                    LabelSmoothing(),
                    Clip(),
                    Value("min-lr", "X", "the first rate of the sweep", "1e-07"),
                    Value("max-lr", "X", "the last rate of the sweep", "10"),
                    Value("steps", "N", "optimizer steps (one per batch; further epochs of the data if needed); stops early when the smoothed loss exceeds 4x its best", "100"),
                    Seed("seed for initialisation, shuffling and the shapes set"),
                    Value("out", "PREFIX", "also write PREFIX.csv (lr, loss, smoothed) and PREFIX.png (loss against lr, the suggestion marked)", "none: print only"),
                    Value("train-images", "N", "images in the shapes set's training split; of file data a subset of N training images drawn with --seed",
                        "the model card's, else " + ShapesDataset.DefaultTrainCount + "; file data: all"),
                    Arguments("the model card's (each overridden by --arg)"),
                }, LrFindCommand.Run),

            new CommandSpec("eval",
                "  eval MODEL (--checkpoint FILE | --weights FILE) [--data ...] [--input CxHxW]\n" +
                "             [--batch N] [--seed N] [--test-images N] [--precision " + Precisions + "] [--classes N]\n" +
                "             [--workers N] [--arg NAME=VALUE[,...]]\n" +
                "                                        test loss and metrics of a trained model\n" +
                "                                        (on the inference path: BatchNorm folded)",
                "MODEL", new[]
                {
                    Device(),
                    Checkpoint("the trained model: a NetDsl checkpoint (this or --weights)"),
                    Weights("the trained model: a safetensors state dict (this or --checkpoint)"),
                    Data(),
                    Workers(),
                    Input("the checkpoint's input, else as train chooses it"),
                    Classes(),
                    Arguments(Recorded),
                    Value("batch", "N", "samples per batch", "64"),
                    Seed("seed of the shapes set's test split and of a --test-images subset", "the checkpoint's seed, else 0"),
                    Value("test-images", "N", "images in the shapes set's test split; of file data (cifar10:, folder:, maskfolder:) a subset of N test images " +
                        "drawn with --seed, the ones train --test-images N draws with that seed; more than the split holds is refused",
                        ShapesDataset.DefaultTestCount + "; file data: all"),
                    Precision("fp32"),
                }, EvalCommand.Run),

            new CommandSpec("export",
                "  export MODEL --format " + string.Join("|", ExportCommand.Formats) + " --out FILE|DIR [--checkpoint FILE | --weights FILE] [--seed N]\n" +
                "         [--opset N] [--dynamic-batch] [--external-data] [--input CxHxW] [--classes N] [--arg NAME=VALUE[,...]]\n" +
                "                                        the state dict (torchvision keys) or the ONNX model,\n" +
                "                                        freshly initialised, from a training checkpoint or\n" +
                "                                        loaded from safetensors weights; pytorch: DIR\n" +
                "                                        with model.py, weights.safetensors, train.py",
                "MODEL", new[]
                {
                    Value("format", string.Join("|", ExportCommand.Formats), "the file format", "required"),
                    Value("out", "FILE", "the file to write (pytorch: the folder)", "required"),
                    Checkpoint("take the weights from a NetDsl checkpoint (built at the input it trained at)"),
                    Weights("take the weights from a safetensors state dict, loaded strictly"),
                    Seed("seed of the fresh initialisation (without --checkpoint or --weights)"),
                    Value("opset", "N", "ONNX opset to write (onnx; 14 to 21)", "17, or 19 with deformable convolutions"),
                    Flag("dynamic-batch", "a symbolic batch axis on the ONNX input and output (onnx; else batch 1)"),
                    Flag("external-data", "the weights in FILE.data beside the model, as ONNX external data (onnx; else only when over 2 GiB)"),
                    Input("the checkpoint's input, else the declared input (pytorch: model.py's INPUT, the size train.py trains at)"),
                    Classes(),
                    Arguments(Recorded),
                }, ExportCommand.Run),

            new CommandSpec("data", DataShapesUsage + "\n" + DataCheckUsage, "shapes | check SOURCE",
                Concat(DataShapesOptions, DataCheckOptions), DataCommand.Run),

            new CommandSpec("infer",
                "  infer MODEL (--checkpoint FILE | --weights FILE) --input X.safetensors --output Y.safetensors\n" +
                "              [--classes N] [--arg NAME=VALUE[,...]]\n" +
                "                                        eval-mode forward of tensor 'input' (NxCxHxW)\n" +
                "                                        into tensor 'output'",
                "MODEL", new[]
                {
                    Device(),
                    Checkpoint("the trained model: a NetDsl checkpoint (this or --weights)"),
                    Weights("the trained model: a safetensors state dict (this or --checkpoint)"),
                    Value("input", "FILE", "a safetensors file with tensor 'input' (N x C x H x W, floating point)", "required"),
                    Value("output", "FILE", "the safetensors file to write tensor 'output' to", "required"),
                    Classes(),
                    Arguments(Recorded),
                }, InferCommand.Run),

            new CommandSpec("predict",
                "  predict MODEL (--checkpoint FILE | --weights FILE) IMAGE|DIR... [--top K] [--min-score X]\n" +
                "                [--mask-size image|model] [--out FILE|DIR] [--json] [--data ...] [--labels FILE] [--batch N]\n" +
                "                [--classes N] [--arg NAME=VALUE[,...]]\n" +
                "                                        a classifier's top classes for image files (a\n" +
                "                                        segmenter's masks into --out DIR, a detector's\n" +
                "                                        boxes, a region proposal network's proposals),\n" +
                "                                        prepared as its training data was",
                "MODEL IMAGE|DIR...", new[]
                {
                    Device(),
                    Checkpoint("the trained model: a NetDsl checkpoint (this or --weights); brings its normalisation and class names"),
                    Weights("the trained model: a safetensors state dict (this or --checkpoint); export from a checkpoint records them"),
                    Value("top", "K", "classes shown per image (classifiers); proposals kept per image (region proposal networks: 10)", "5"),
                    Value("min-score", "X", "the lowest score (confidence x class probability) of a box shown (detectors); the lowest objectness of a proposal (region proposal networks: 0.5)", "0.25"),
                    Value("mask-size", "image|model", "segmenters: masks at each image's own size (class scores resized back) or at the model's output size", "image"),
                    Value("out", "FILE|DIR", "classifier: a CSV of the results (image,rank,index,label,probability); detector: a CSV of its boxes; segmenter: the folder for one class-mask PNG per image", "none (segmenters: required)"),
                    Flag("json", "one JSON array of the results instead of lines"),
                    Value("data", DataChoices, "prepare images as this data's training did (its normalisation)", "what the weights record, else ImageNet's"),
                    Value("labels", "FILE", "class names, one per line, in output order", "what the weights record, else the output index"),
                    Value("batch", "N", "images per forward pass", "32 (segmenters 8)"),
                    Classes(),
                    Arguments(Recorded),
                }, PredictCommand.Run),

            new CommandSpec("bench",
                "  bench MODEL [--input CxHxW] [--batch N] [--precision all|" + Precisions + "] [--mode train|eval|all]\n" +
                "              [--rounds N] [--seed N] [--arg NAME=VALUE[,...]] [--json]\n" +
                "                                        median train step / eval forward times next to\n" +
                "                                        the plain fp32 eager run, alternating",
                "MODEL", new[]
                {
                    Device(),
                    Input("the model's declared input"),
                    Value("batch", "N", "samples per step", "32"),
                    Arguments("the declaration's defaults"),
                    Value("precision", "all|" + Precisions, "the precision measured next to plain fp32 (all: bf16-mixed)", "all"),
                    Value("mode", "train|eval|all", "time the training step, the eval forward or both", "all"),
                    Value("rounds", "N", "alternating timed rounds", "15"),
                    Seed("seed of the weights and the batch"),
                    Flag("json", "one JSON object instead of the table"),
                }, BenchCommand.Run),

            new CommandSpec("zoo-train",
                "  zoo-train [MODEL...] [--out PREFIX] [--budget SECONDS] [--epochs N] [--train-images N]\n" +
                "            [--test-images N] [--input CxHxW] [--batch N] [--seed N] [--threads N]\n" +
                "            [--val-fraction F]\n" +
                "                                        train every model (or those named) with its\n" +
                "                                        model card; PREFIX.csv/.json/.md table",
                "MODEL...", new[]
                {
                    Value("out", "PREFIX", "the table files PREFIX.csv, PREFIX.json and PREFIX.md", "zoo-training"),
                    Value("budget", "SECONDS", "time budget per model", "600"),
                    Value("epochs", "N", "epochs per model", "the model card's"),
                    Value("train-images", "N", "training images per model", "the model card's"),
                    Value("test-images", "N", "test images per model", "the model card's"),
                    Input("the model card's training input"),
                    Value("batch", "N", "samples per batch", "the model card's"),
                    Seed("seed of every run"),
                    Value("threads", "N", "torch intra-op threads (1 on a shared machine)", "torch's default"),
                    Value("val-fraction", "F", "hold this share (0 to 0.5) of each training split out to judge epochs by, as train --val-fraction; the table's metric is test's", "off"),
                }, ZooTrainCommand.Run),

            new CommandSpec("compare",
                "  compare (--runs DIR... | --sweep FILE) --out PREFIX [--size params|activations]\n" +
                "                                        multiply-adds vs metric chart, circle = memory:\n" +
                "                                        PREFIX.png and PREFIX.csv",
                "DIR...", new[]
                {
                    Flag("runs", "the arguments are run folders of 'train' (this or --sweep)"),
                    Value("sweep", "FILE", "a zoo-train table PREFIX.csv (this or --runs)", "none"),
                    Value("out", "PREFIX", "the chart PREFIX.png and its table PREFIX.csv", "required"),
                    Value("size", "params|activations", "what the circle's area shows", "params"),
                }, CompareCommand.Run),
        };

        const string DataShapesUsage =
            "  data shapes --out DIR [--count N] [--test-count N] [--input CxHxW] [--seed N] [--masks]\n" +
            "                                        the built-in shapes set as an image folder\n" +
            "                                        (train/, test/, a folder per class; --masks:\n" +
            "                                        images/ and masks/) for folder: and ImageFolder";

        const string DataCheckUsage =
            "  data check SOURCE [--json] [--max-problems N] [--progress-every SECONDS]\n" +
            "                                        read every file of a data set as training would;\n" +
            "                                        list every bad one, counts, sizes (exit 1 if any);\n" +
            "                                        SOURCE: " + DataChoices;

        /// <summary>
        /// The help of <paramref name="command"/> for the positionals given with <c>--help</c>: <c>data check --help</c> and
        /// <c>data shapes --help</c> show that sub-command's usage and options only; every other line the command's own.
        /// </summary>
        public static CommandSpec HelpFor(CommandSpec command, IReadOnlyList<string> positionals)
        {
            if (command.Name != "data" || positionals.Count == 0) return command;
            return positionals[0] switch
            {
                "check" => command with { Usage = DataCheckUsage, Positionals = "check SOURCE", Options = DataCheckOptions },
                "shapes" => command with { Usage = DataShapesUsage, Positionals = "shapes", Options = DataShapesOptions },
                _ => command,
            };
        }

        static OptionSpec[] Concat(OptionSpec[] first, OptionSpec[] second)
        {
            var all = new OptionSpec[first.Length + second.Length];
            first.CopyTo(all, 0);
            second.CopyTo(all, first.Length);
            return all;
        }

        public static CommandSpec? Find(string name)
        {
            foreach (var command in All) if (command.Name == name) return command;
            return null;
        }

        static OptionSpec Flag(string name, string description) => OptionSpec.Flag(name, description);

        static OptionSpec Value(string name, string valueName, string description, string @default) =>
            OptionSpec.Value(name, valueName, description, @default);

        // Options several commands share, worded once.
        static OptionSpec Data() => Value("data", DataChoices,
            "the data: the built-in shapes set, MNIST or CIFAR-10 files, an image folder (a sub-folder per class) or images/ and masks/ folders", "shapes");

        static OptionSpec Input(string @default) => Value("input", "CxHxW", "build the model for this input size", @default);

        static OptionSpec Seed(string description, string @default = "0") => Value("seed", "N", description, @default);

        static OptionSpec Precision(string @default) => Value(PrecisionOption.Name, Precisions, "numeric precision (bf16/fp16 mixed: autocast, fp32 master weights)", @default);

        static OptionSpec Weights(string description) => Value("weights", "FILE", description, "none");

        static OptionSpec Device() => Value(DeviceOption.Name, NetDsl.DeviceSpec.Choices,
            "where to compute: the CPU, a CUDA GPU (needs a CUDA libtorch package, see README), or CUDA when available", "auto");

        static OptionSpec Classes() => Value("classes", "N", "the head's class count",
            "the checkpoint's (train sizes the head to its data), else the weights file's netdsl.classes metadata, else the model's own");

        // train and lr-find complete --precision from the card (TrainerOptions.WithCard), only where it is fast on the device.
        const string CardPrecision = "the model card's where it is fast on the device, else fp32";

        const string Recorded = "the checkpoint's, else the weights file's netdsl.arguments metadata, else the declaration's defaults";

        static OptionSpec Arguments(string @default) => Value(ModelBuild.ArgumentsOption, "NAME=VALUE[,...]",
            "constructor arguments by parameter name, as C# passes them (e.g. auxLogits=false: Inception v3 without its auxiliary head)", @default);

        static OptionSpec Checkpoint(string description) => Value("checkpoint", "FILE", description, "none");

        // train's and lr-find's optimizer options.
        static OptionSpec Optimizer(string description) => Value("optimizer", "sgd|adamw|lamb", description, "the model card's, else sgd");

        static OptionSpec Nesterov() => Flag("nesterov", "Nesterov momentum (sgd only)");

        static OptionSpec WeightDecay() => Value("weight-decay", "X", "L2 (sgd) or decoupled (adamw) weight decay", "the model card's, else 0.0005 (sgd) or 0.01 (adamw)");

        static OptionSpec DecayAll() => Flag("decay-all", "decay norm weights and biases too");

        static OptionSpec LabelSmoothing() => Value("label-smoothing", "X", "label smoothing for classifiers, in [0, 1)", "the model card's, else 0");

        static OptionSpec Clip() => Value("clip", "X", "clip the gradient norm to X", "off");

        static OptionSpec Workers() => Value(WorkersOption.Name, "N", "file data (cifar10:, folder:, maskfolder:): background threads decoding batches " +
            "(PrefetchOptions.Workers; 0: on the training thread); more help when images are large or varied and cores are free", "1");
    }
}
