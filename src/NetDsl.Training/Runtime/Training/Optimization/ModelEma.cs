using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// An exponential moving average of a model's weights (timm's <c>ModelEma</c>, torchvision's reference
    /// <c>--model-ema</c>, Keras's <c>use_ema</c>): after every optimizer step each floating state-dict tensor, BatchNorm's
    /// running statistics included (torchvision's <c>use_buffers=True</c>), moves toward the model's by
    /// <c>avg ← d·avg + (1−d)·w</c>; integer buffers (BatchNorm's batch count) are copied. The decay warms up as
    /// TensorFlow's <c>ExponentialMovingAverage(num_updates)</c> does, <c>d = min(decay, (1+n)/(10+n))</c> after n updates,
    /// so a short run's average is not dominated by the random initial weights.
    /// <para>
    /// <see cref="Swap"/> exchanges the model's weights and the average in place: the trainer evaluates and saves the
    /// averaged weights swapped in, so a checkpoint's model weights are the ones that were scored; the raw weights
    /// travel in the optimizer's state (<see cref="State"/>) for an exact resume.
    /// </para>
    /// </summary>
    public sealed class ModelEma : IDisposable
    {
        /// <summary>Prefix of this average's tensors in a checkpoint's optimizer state.</summary>
        public const string StatePrefix = "ema/";
        const string RawPrefix = StatePrefix + "raw/", AveragePrefix = StatePrefix + "average/", UpdatesKey = StatePrefix + "updates";

        readonly List<(string Key, Tensor Live, Tensor Held)> tensors = new();

        /// <summary>An average of <paramref name="model"/>'s state dict starting at its current weights.</summary>
        public ModelEma(nn.Module model, double decay)
        {
            if (!(decay > 0 && decay < 1)) throw new ArgumentOutOfRangeException(nameof(decay), decay, "the EMA decay must lie strictly between 0 and 1 (e.g. 0.999)");
            Decay = decay;
            using var _ = no_grad();
            foreach (var (key, live) in model.state_dict())
                tensors.Add((key, live, live.detach().clone().DetachFromDisposeScope()));
        }

        /// <summary>The decay once warmed up.</summary>
        public double Decay { get; }

        /// <summary>Updates applied so far.</summary>
        public long Updates { get; private set; }

        /// <summary>Whether the model holds the average now (and this object the raw weights).</summary>
        public bool Swapped { get; private set; }

        /// <summary>The decay the next update uses: <c>min(Decay, (1+n)/(10+n))</c>.</summary>
        public double NextDecay => Math.Min(Decay, (1.0 + Updates) / (10.0 + Updates));

        /// <summary>Moves the average toward the model's current weights (after an optimizer step).</summary>
        public void Update()
        {
            if (Swapped) throw new InvalidOperationException("the EMA is swapped into the model; swap it back before updating");
            double d = NextDecay;
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            // lerp_ takes its weight as a tensor of the held tensor's type and device: one per kind in the state dict.
            var weights = new Dictionary<(ScalarType, DeviceType, int), Tensor>();
            foreach (var (_, live, held) in tensors)
            {
                if (!held.is_floating_point())
                {
                    held.copy_(live);
                    continue;
                }
                var kind = (held.dtype, held.device_type, held.device_index);
                if (!weights.TryGetValue(kind, out var weight)) weights[kind] = weight = tensor(1 - d, held.dtype, held.device);
                held.lerp_(live, weight);
            }
            Updates++;
        }

        /// <summary>
        /// Exchanges the model's weights and the average in place (call again to swap back); <see cref="SwappedIn"/>
        /// does it for a scope.
        /// </summary>
        public void Swap()
        {
            using var _ = no_grad();
            foreach (var (_, live, held) in tensors)
            {
                using var keep = live.clone();
                live.copy_(held);
                held.copy_(keep);
            }
            Swapped = !Swapped;
        }

        /// <summary>The average swapped into the model until disposed (nothing when it already is).</summary>
        public IDisposable SwappedIn()
        {
            if (Swapped) return new SwapBack(null);
            Swap();
            return new SwapBack(this);
        }

        sealed class SwapBack(ModelEma? ema) : IDisposable
        {
            public void Dispose() => ema?.Swap();
        }

        /// <summary>
        /// What a checkpoint keeps beside the model's state dict: the tensors this object holds (the raw weights while
        /// <see cref="Swapped"/>, else the average) under <c>ema/raw/KEY</c> or <c>ema/average/KEY</c>, and the update count.
        /// </summary>
        public IEnumerable<KeyValuePair<string, Tensor>> State
        {
            get
            {
                string prefix = Swapped ? RawPrefix : AveragePrefix;
                foreach (var (key, _, held) in tensors) yield return new(prefix + key, held);
                updatesTensor?.Dispose();
                updatesTensor = tensor(Updates).DetachFromDisposeScope();
                yield return new(UpdatesKey, updatesTensor);
            }
        }
        Tensor? updatesTensor;

        /// <summary>
        /// Takes one tensor of <see cref="State"/> back from a checkpoint, after the model's state dict was loaded:
        /// <c>ema/raw/KEY</c> (saved swapped: the model was loaded with the average) puts the model's value in the average
        /// and the raw weight in the model; <c>ema/average/KEY</c> sets the average. Unknown keys are an
        /// <see cref="ArgumentException"/> naming them.
        /// </summary>
        public void SetState(string key, Tensor value)
        {
            if (Swapped) throw new InvalidOperationException("restore the EMA with the raw weights in the model (not swapped)");
            if (key == UpdatesKey)
            {
                Updates = value.item<long>();
                return;
            }
            bool raw = key.StartsWith(RawPrefix, StringComparison.Ordinal);
            if (!raw && !key.StartsWith(AveragePrefix, StringComparison.Ordinal)) throw new ArgumentException($"unknown EMA state '{key}'", nameof(key));
            string name = key.Substring((raw ? RawPrefix : AveragePrefix).Length);
            int index = tensors.FindIndex(t => t.Key == name);
            if (index < 0) throw new ArgumentException($"EMA state '{key}' names no tensor of this model", nameof(key));
            var (_, live, held) = tensors[index];
            if (!value.shape.SequenceEqual(live.shape))
                throw new ArgumentException($"EMA state '{key}' has shape [{string.Join(", ", value.shape)}], the model's {name} [{string.Join(", ", live.shape)}]", nameof(key));
            using var _ = no_grad();
            if (raw)
            {
                held.copy_(live);
                live.copy_(value);
            }
            else held.copy_(value);
        }

        /// <inheritdoc/>
        public override string ToString() => "EMA " + Decay.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>Frees the held tensors.</summary>
        public void Dispose()
        {
            foreach (var (_, _, held) in tensors) held.Dispose();
            tensors.Clear();
            updatesTensor?.Dispose();
        }
    }
}
