using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>One auxiliary head's output in a training forward, with the weight its loss gets.</summary>
    public sealed record AuxiliaryOutput(string Name, Tensor Output, double Weight);

    /// <summary>The main output and every auxiliary head's output of one training forward.</summary>
    public sealed class TrainingOutputs : IDisposable
    {
        /// <summary>The main output and the auxiliary heads' outputs.</summary>
        public TrainingOutputs(Tensor main, IReadOnlyList<AuxiliaryOutput> auxiliary) { Main = main; Auxiliary = auxiliary; }

        /// <summary>The main head's output (what forward returns).</summary>
        public Tensor Main { get; }
        /// <summary>Each auxiliary head's output with its loss weight.</summary>
        public IReadOnlyList<AuxiliaryOutput> Auxiliary { get; }

        /// <summary>Disposes the main and auxiliary outputs.</summary>
        public void Dispose()
        {
            Main.Dispose();
            foreach (var a in Auxiliary) a.Output.Dispose();
        }
    }

    /// <summary>
    /// A network with auxiliary heads (GoogLeNet): <c>forward</c> returns the main output only; in training
    /// mode <see cref="ForwardTraining"/> also returns each head's output so the trainer can add weighted losses.
    /// </summary>
    public interface IAuxiliaryHeads
    {
        /// <summary>The training forward: the main output and every auxiliary head's output.</summary>
        TrainingOutputs ForwardTraining(Tensor input);
    }
}
