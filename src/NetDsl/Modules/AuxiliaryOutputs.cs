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
        public TrainingOutputs(Tensor main, IReadOnlyList<AuxiliaryOutput> auxiliary) { Main = main; Auxiliary = auxiliary; }

        public Tensor Main { get; }
        public IReadOnlyList<AuxiliaryOutput> Auxiliary { get; }

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
        TrainingOutputs ForwardTraining(Tensor input);
    }
}
