using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// A hand-written optimizer whose whole state is named tensors plus a step count, so a checkpoint saves
    /// and restores it exactly, on whatever device the model lives.
    /// </summary>
    public interface IOptimizer : IDisposable
    {
        /// <summary>Recorded in checkpoints: a resume with another optimizer is refused.</summary>
        string Kind { get; }

        /// <summary>The learning rate of the next step.</summary>
        double LearningRate { get; set; }

        /// <summary>Updates applied so far (AdamW's bias correction depends on it).</summary>
        long StepCount { get; set; }

        /// <summary>State tensors keyed <c>buffer/parameter</c> (absent until a parameter's first step).</summary>
        IReadOnlyDictionary<string, Tensor> State { get; }

        /// <summary>Sets one state tensor (from a checkpoint), copied onto its parameter's device.</summary>
        void SetState(string key, Tensor value);

        /// <summary>Applies one update from the parameters' gradients.</summary>
        void Step();
    }

    /// <summary>The optimizers the trainer builds.</summary>
    public enum OptimizerKind
    {
        /// <summary>SGD with momentum (optionally Nesterov), L2 weight decay.</summary>
        Sgd,
        /// <summary>AdamW: Adam with decoupled weight decay.</summary>
        AdamW,
        /// <summary>LAMB: AdamW's moments with a layer-wise trust ratio (each layer moves by lr of its own norm).</summary>
        Lamb,
    }

    /// <summary>The optimizers' names as cards, checkpoints and the CLI spell them.</summary>
    public static class OptimizerKinds
    {
        /// <summary>Every name, in the order option lists and messages give them.</summary>
        public static readonly string[] Names = { "sgd", "adamw", "lamb" };

        /// <summary>"sgd", "adamw" or "lamb".</summary>
        public static string Name(this OptimizerKind kind) => kind switch
        {
            OptimizerKind.AdamW => "adamw",
            OptimizerKind.Lamb => "lamb",
            _ => "sgd",
        };

        /// <summary>The kind a card or option names; anything else is SGD (cards are checked when read).</summary>
        public static OptimizerKind Parse(string? name) => name switch
        {
            "adamw" => OptimizerKind.AdamW,
            "lamb" => OptimizerKind.Lamb,
            _ => OptimizerKind.Sgd,
        };

        /// <summary>AdamW and LAMB: Adam's moments, a rate near 1e-3 and decoupled decay near 0.01.</summary>
        public static bool IsAdaptive(this OptimizerKind kind) => kind != OptimizerKind.Sgd;
    }
}
