using System.Collections.Generic;
using System.Threading;
using NetDsl;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>A classifier with dropout, so exact resume also depends on torch's generator state.</summary>
    public sealed class DropoutNet : nn.Module<Tensor, Tensor>
    {
        readonly Conv2d conv = nn.Conv2d(1, 8, 3, padding: 1);
        readonly Dropout dropout = nn.Dropout(0.3);
        readonly Linear fc = nn.Linear(8, 6);

        public DropoutNet() : base("dropout_net") => RegisterComponents();

        /// <summary>A net whose initial weights follow <paramref name="seed"/>: torch is seeded, then the net built.</summary>
        public static DropoutNet Seeded(int seed)
        {
            Reproducibility.Seed(seed);
            return new DropoutNet();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            Tensor features = nn.functional.adaptive_avg_pool2d(nn.functional.relu(conv.call(x)), 1).flatten(1);
            return fc.call(dropout.call(features)).MoveToOuterDisposeScope();
        }
    }

    /// <summary>
    /// A classifier with one auxiliary head (weight 0.3, like GoogLeNet's) that only the training forward
    /// reaches: its parameters learn only through the auxiliary loss.
    /// </summary>
    public sealed class AuxHeadNet : nn.Module<Tensor, Tensor>, IAuxiliaryHeads
    {
        readonly Conv2d conv = nn.Conv2d(1, 8, 3, padding: 1);
        readonly Linear fc = nn.Linear(8, 6);
        readonly Linear aux = nn.Linear(8, 6);

        public AuxHeadNet() : base("aux_head_net") => RegisterComponents();

        public int TrainingForwards { get; private set; }

        Tensor Features(Tensor x) => nn.functional.adaptive_avg_pool2d(nn.functional.relu(conv.call(x)), 1).flatten(1);

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            return fc.call(Features(x)).MoveToOuterDisposeScope();
        }

        public TrainingOutputs ForwardTraining(Tensor input)
        {
            TrainingForwards++;
            Tensor features = Features(input);
            return new TrainingOutputs(fc.call(features), new List<AuxiliaryOutput> { new AuxiliaryOutput("aux1", aux.call(features), 0.3) });
        }
    }

    /// <summary>Wraps a model and turns its output into NaN from the given training call on.</summary>
    public sealed class NaNAfter : nn.Module<Tensor, Tensor>
    {
        readonly nn.Module<Tensor, Tensor> inner;
        readonly int failingCall;
        int calls;

        public NaNAfter(nn.Module<Tensor, Tensor> inner, int failingCall) : base("nan_after")
        {
            this.inner = inner;
            this.failingCall = failingCall;
            register_module("inner", inner);
        }

        public override Tensor forward(Tensor x)
        {
            Tensor y = inner.call(x);
            if (training && Interlocked.Increment(ref calls) >= failingCall)
            {
                using var nan = tensor(float.NaN);
                return y.mul(nan);
            }
            return y;
        }
    }
}
