using System;

namespace NetDsl
{
    /// <summary>
    /// A model card: the training recipe a network is fitted with when nothing overrides it, and what that
    /// recipe reaches on the built-in shapes data. Read by <c>train</c>, the zoo sweep and the C# <c>Trainer</c>
    /// alike (<see cref="ModelCard"/>); an explicit option always wins. Declared next to the network, once per
    /// network, or once per group of its variants (<c>[ModelCard("vgg11", "vgg13")]</c>); a card naming a
    /// variant is used for it over an unnamed one. Unset values fall back on <c>[Network(Optimizer, LearningRate)]</c>
    /// and then on the trainer's defaults.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class ModelCardAttribute : Attribute
    {
        /// <summary>A card for every variant of the network that no named card covers.</summary>
        public ModelCardAttribute() { Variants = Array.Empty<string>(); }

        /// <summary>A card for the named variants (catalogue names such as "vgg11_bn").</summary>
        public ModelCardAttribute(params string[] variants) { Variants = variants ?? Array.Empty<string>(); }

        /// <summary>The variants this card is for; empty: every variant no other card names.</summary>
        public string[] Variants { get; }

        /// <summary>"sgd" (momentum, optionally Nesterov), "adamw", or "lamb" (AdamW with a layer-wise trust ratio).</summary>
        public string? Optimizer { get; set; }

        /// <summary>Peak learning rate for <see cref="BatchSize"/> (0: the trainer's default for the optimizer).</summary>
        public double LearningRate { get; set; }

        /// <summary>SGD momentum (NaN: 0.9).</summary>
        public double Momentum { get; set; } = double.NaN;

        /// <summary>Nesterov momentum (SGD).</summary>
        public bool Nesterov { get; set; }

        /// <summary>"cosine", "step" or "onecycle" (null: cosine).</summary>
        public string? Schedule { get; set; }

        /// <summary>Linear warm-up length in epochs, fractions allowed (NaN: 3% of the run, at most 100 steps).</summary>
        public double WarmupEpochs { get; set; } = double.NaN;

        /// <summary>Weight decay, never on norms and biases (NaN: 5e-4 for SGD, 0.01 for AdamW).</summary>
        public double WeightDecay { get; set; } = double.NaN;

        /// <summary>Label smoothing of the classification loss (0: none).</summary>
        public double LabelSmoothing { get; set; }

        /// <summary>Mixup's α for classifiers (λ ~ Beta(α, α) per training batch, e.g. 0.2; 0: none).</summary>
        public double MixupAlpha { get; set; }

        /// <summary>CutMix's α for classifiers (e.g. 1.0; 0: none); with <see cref="MixupAlpha"/>, one of the two per batch.</summary>
        public double CutMixAlpha { get; set; }

        /// <summary>Samples per batch; 0: the trainer's default.</summary>
        public int BatchSize { get; set; }

        /// <summary>Re-estimate BatchNorm statistics over this many training batches before each evaluation ("precise BN"; 0: no).</summary>
        public int PreciseBatchNorm { get; set; }

        /// <summary>Epochs the recipe runs (and in which it reaches <see cref="Metric"/>).</summary>
        public int Epochs { get; set; }

        /// <summary>The input it trains at on the built-in data ("3x64x64"); empty: a small size the model builds at.</summary>
        public string? TrainInput { get; set; }

        /// <summary>
        /// Constructor arguments the recipe trains with, as <c>--arg</c> takes them ("auxLogits=false"): torchvision's
        /// keyword arguments a scaled-down recipe sets (an auxiliary head that needs the full input left out).
        /// </summary>
        public string? Arguments { get; set; }

        /// <summary>
        /// Learning-rate multipliers by parameter-name prefix, as <c>--lr-scale</c> takes them ("classifier.0=0.02"):
        /// parameter groups for a layer whose updates the shared rate makes too large or too small.
        /// </summary>
        public string? LearningRateScales { get; set; }

        /// <summary>
        /// What the recipe computes in, as <c>--precision</c> takes it ("bf16-mixed"): used where that precision is fast
        /// on the training device (bf16 on a CPU with AVX512-BF16 or AMX, or on CUDA), else fp32. Null: fp32.
        /// </summary>
        public string? Precision { get; set; }

        /// <summary>Training images drawn from the built-in shapes set (0: its default, 10000).</summary>
        public int TrainImages { get; set; }

        /// <summary>Test images drawn from the built-in shapes set (0: its default, 1000).</summary>
        public int TestImages { get; set; }

        /// <summary>
        /// The test metric the recipe reaches on the built-in data in <see cref="Epochs"/> epochs on a 2-core CPU
        /// (accuracy, mIoU, PSNR in dB or mAP@0.5 by task): a floor the zoo sweep checks (NaN: not stated).
        /// </summary>
        public double Metric { get; set; } = double.NaN;

        /// <summary>The published recipe this one scales down (e.g. "torchvision reference: SGD 0.1, batch 256, 90 epochs").</summary>
        public string? Recipe { get; set; }
    }
}
