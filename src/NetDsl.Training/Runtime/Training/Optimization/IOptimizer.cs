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
    }
}
