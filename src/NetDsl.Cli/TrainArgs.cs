using System.CommandLine;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>train</c>'s command line, declared once: one line per option (name, description, default), in the
    /// order help lists them. A new option is one more line here and its use in <see cref="TrainOptionsParser"/>.
    /// </summary>
    internal sealed class TrainArgs(CommandSpec c)
    {
        static readonly TrainerOptions Defaults = new TrainerOptions();

        public readonly Argument<string> Model = c.Model();
        public readonly Option<DataSource> Data = c.Data();
        public readonly Option<TensorShape?> Input = c.Input();
        public readonly Option<int> Epochs = c.Int("--epochs", "passes over the training data", Defaults.Epochs, min: 1);
        public readonly Option<int> Batch = c.Batch(Defaults.BatchSize);
        public readonly Option<double?> LearningRate = c.OptionalNumber("--lr", "peak learning rate",
            $"the model's declared rate, else {Defaults.LearningRate} (sgd) or 0.001 (adamw)", positive: true);
        public readonly Option<string?> Out = c.Text("--out", "DIR", "the run folder: checkpoints, metrics, curves", "runs/MODEL");
        public readonly Option<bool> Resume = c.Flag("--resume", "continue the run in --out from its checkpoint");
        public readonly Option<int> Seed = c.Seed();
        public readonly Option<string?> Weights = c.Weights("start from a safetensors state dict (torchvision keys), loaded strictly");
        public readonly Option<string?> Optimizer = c.OptionalChoice("--optimizer", "the optimizer", "the model's declared one, else sgd", "sgd", "adamw");
        public readonly Option<bool> Nesterov = c.Flag("--nesterov", "Nesterov momentum (sgd only)");
        public readonly Option<string> Schedule = c.Choice("--schedule", "learning-rate schedule", "cosine", "cosine", "step", "onecycle");
        public readonly Option<int?> Warmup = c.OptionalInt("--warmup", "linear warm-up steps", "the schedule's own", min: 0);
        public readonly Option<double?> WeightDecay = c.OptionalNumber("--weight-decay", "decoupled (adamw) or L2 (sgd) weight decay", "0.0005 (sgd) or 0.01 (adamw)");
        public readonly Option<bool> DecayAll = c.Flag("--decay-all", "decay norm weights and biases too");
        public readonly Option<double> LabelSmoothing = c.Number("--label-smoothing", "label smoothing for classifiers", 0, min: 0, below: 1);
        public readonly Option<double?> Clip = c.OptionalNumber("--clip", "clip the gradient norm to X", "off", positive: true);
        public readonly Option<int?> Patience = c.OptionalInt("--patience", "stop after N epochs without a better test metric", "off", min: 1);
        public readonly Option<int> CheckpointEvery = c.Int("--checkpoint-every", "also checkpoint every N steps (0: at epoch ends only)", 0, min: 0);
    }
}
