using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// An optimizer that also keeps a <see cref="ModelEma"/>: each step updates the average after the weights, and
    /// the average's tensors join the optimizer's state, so every checkpoint (last, best, mid-epoch, on a clean stop)
    /// carries them and a resume continues the average exactly. <see cref="Kind"/> is the inner optimizer's.
    /// </summary>
    internal sealed class AveragingOptimizer(IOptimizer inner, ModelEma average) : IOptimizer
    {
        public ModelEma Average => average;
        public string Kind => inner.Kind;
        public double LearningRate { get => inner.LearningRate; set => inner.LearningRate = value; }
        public long StepCount { get => inner.StepCount; set => inner.StepCount = value; }

        public IReadOnlyDictionary<string, Tensor> State
        {
            get
            {
                var state = new Dictionary<string, Tensor>(inner.State, StringComparer.Ordinal);
                foreach (var (key, value) in average.State) state[key] = value;
                return state;
            }
        }

        public void SetState(string key, Tensor value)
        {
            if (key.StartsWith(ModelEma.StatePrefix, StringComparison.Ordinal)) average.SetState(key, value);
            else inner.SetState(key, value);
        }

        public void Step()
        {
            inner.Step();
            average.Update();
        }

        public void Dispose()
        {
            inner.Dispose();
            average.Dispose();
        }
    }
}
