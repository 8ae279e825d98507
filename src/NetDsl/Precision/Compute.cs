using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// The calls generated forwards make for parameterised members: the generator picks the helper by layer kind
    /// at compile time (no reflection); each one is the module's own forward when no <see cref="ComputeMode"/> is
    /// active, else the functional op with the mode's weights and compute type (autocast's lower-precision list:
    /// conv, linear, matmul). Convolutions go through <see cref="SafeConvolution"/> whenever this machine's kernels
    /// failed <see cref="ConvKernelCheck"/>, in fp32 too. Everything else runs in whatever type arrives: fp32 under bf16-mixed,
    /// whose conv/linear outputs are handed on in fp32 (<see cref="ComputeMode.For"/>); under a mode that hands bf16 on
    /// (autocast's rule, the bf16 inference path), BatchNorm takes bf16 input with its fp32 parameters and running
    /// statistics (libtorch's CPU mixed-type kernel, statistics accumulated in fp32).
    /// </summary>
    public static class Compute
    {
        [System.ThreadStatic] static ComputeMode? current;

        /// <summary>The mode of the forward running on this thread, or null (plain fp32).</summary>
        public static ComputeMode? Current => current;

        /// <summary>Runs forwards on this thread in <paramref name="mode"/> until disposed (an enclosing mode wins over a network's own).</summary>
        public static Scope Use(ComputeMode? mode)
        {
            var previous = current;
            if (previous == null) current = mode;
            return new Scope(previous);
        }

        /// <summary>Called first by a generated network forward: the network's own <see cref="Network.Precision"/> unless a scope set one.</summary>
        public static Scope Enter(Network network) => Use(network.Mode);

        /// <summary>
        /// Runs a [Conv] member (a Conv2d, or a Conv1d on a CxL map) in the current compute mode (low precision under mixed
        /// precision), for generated code.
        /// </summary>
        public static Tensor Conv(nn.Module<Tensor, Tensor> module, Tensor x)
        {
            var mode = current;
            if (module is Conv1d conv1d)
            {
                if (mode == null && !SafeConvolution.Active) return module.forward(x);
                var (w1, b1) = mode?.Weights(conv1d, conv1d.weight, conv1d.bias) ?? (conv1d.weight, conv1d.bias);
                var input1 = mode?.Input(x) ?? x;
                var padding1 = conv1d.padding ?? new long[] { 0 };
                if (conv1d.padding_mode != TorchSharp.PaddingModes.Zeros)
                {
                    input1 = nn.functional.pad(input1, new[] { padding1[0], padding1[0] }, conv1d.padding_mode);
                    padding1 = new long[] { 0 };
                }
                return Result(mode, SafeConvolution.Conv1d(input1, w1, b1, conv1d.stride![0], padding1[0], conv1d.dilation![0], conv1d.groups));
            }
            var conv = (Conv2d)module;
            var padding = conv.padding ?? new long[] { 0, 0 };
            bool zeroPadded = conv.padding_mode == TorchSharp.PaddingModes.Zeros;
            // Taps that read only padding on this map are cut before the cast (less to cast, compute and lay out).
            var trim = zeroPadded ? KernelTrim.For(x.shape, conv.weight.shape, conv.stride, padding, conv.dilation) : null;
            if (mode == null && !SafeConvolution.Active && trim == null) return module.forward(x);
            bool fp32 = mode?.LowPrecision != null && ComputeMode.KeepsFp32(conv, x.device_type);
            var input = mode?.Input(x, fp32) ?? x;
            if (!zeroPadded)
            {
                // Reflect, replicate, circular: padded first (left, right, top, bottom), as the module's own forward does.
                input = nn.functional.pad(input, new[] { padding[1], padding[1], padding[0], padding[0] }, conv.padding_mode);
                padding = new long[] { 0, 0 };
            }
            var (w, b) = mode?.Weights(conv, conv.weight, conv.bias, trim, fp32) ?? (trim?.Weight(conv.weight) ?? conv.weight, conv.bias);
            if (trim is KernelTrim t) padding = t.Padding;
            Tensor y = SmallMapConvolution.Applies(input, w, conv.stride, padding, conv.dilation, conv.groups)
                ? SmallMapConvolution.Conv2d(input, w, b, conv.stride, padding, conv.dilation)
                : SafeConvolution.Conv2d(input, w, b, conv.stride, padding, conv.dilation, conv.groups);
            return Result(mode, trim?.Output(y) ?? y);
        }

        // The mode's result type (fp32 again where it asks), or the output itself without a mode.
        static Tensor Result(ComputeMode? mode, Tensor y) => mode == null ? y : mode.Result(y);

        /// <summary>Runs a Conv2d in the current compute mode, for generated code (as <see cref="Conv"/>, which a Conv1d takes too).</summary>
        public static Tensor Conv2d(nn.Module<Tensor, Tensor> module, Tensor x) => Conv(module, x);

        /// <summary>Runs a ConvTranspose2d in the current compute mode, for generated code (as <see cref="ConvTranspose"/>, which a ConvTranspose1d takes too).</summary>
        public static Tensor ConvTranspose2d(nn.Module<Tensor, Tensor> module, Tensor x) => ConvTranspose(module, x);

        /// <summary>Runs a [ConvTranspose] member (a ConvTranspose2d, or a ConvTranspose1d on a CxL map) in the current compute mode, for generated code.</summary>
        public static Tensor ConvTranspose(nn.Module<Tensor, Tensor> module, Tensor x)
        {
            var mode = current;
            if (mode == null && !SafeConvolution.Active) return module.forward(x);
            if (module is ConvTranspose1d t1)
            {
                var (w1, b1) = mode?.Weights(t1, t1.weight, t1.bias) ?? (t1.weight, t1.bias);
                return Result(mode, SafeConvolution.ConvTranspose1d(mode?.Input(x) ?? x, w1, b1, t1.stride![0], t1.padding![0], t1.output_padding![0], t1.dilation![0], t1.groups));
            }
            var conv = (ConvTranspose2d)module;
            var (w, b) = mode?.Weights(conv, conv.weight, conv.bias) ?? (conv.weight, conv.bias);
            return Result(mode, SafeConvolution.ConvTranspose2d(mode?.Input(x) ?? x, w, b, conv.stride, conv.padding, conv.output_padding, conv.dilation, conv.groups));
        }

        /// <summary>Runs a Linear layer in the current compute mode, for generated code.</summary>
        public static Tensor Linear(nn.Module<Tensor, Tensor> module, Tensor x)
        {
            var mode = current;
            if (mode == null) return module.forward(x);
            var linear = (Linear)module;
            var (w, b) = mode.Weights(linear, linear.weight, linear.bias);
            return mode.Result(nn.functional.linear(mode.Input(x), w, b));
        }

        /// <summary>Mixed precision: the input's type (bf16 in, bf16 out, fp32 statistics); inference: gone when folded.</summary>
        public static Tensor BatchNorm(nn.Module<Tensor, Tensor> module, Tensor x)
        {
            var mode = current;
            if (mode != null && mode.IsFolded(module)) return x;
            BatchNormGuard.Check((nn.Module)module, x);
            return module is TorchSharp.Modules.BatchNorm norm ? BatchNormStep.Forward(norm, x) : module.forward(x);
        }

        /// <summary>A Sequential built at run time (a member's stack, a ConvStack, a projection): each child by its kind.</summary>
        public static Tensor Sequential(nn.Module<Tensor, Tensor> module, Tensor x)
        {
            // Child by child (not Sequential.forward), so every child's kind runs its checks and precision rules.
            if (module is not TorchSharp.Modules.Sequential sequential) return module.forward(x);
            for (int i = 0; i < sequential.Count; i++) x = Any(sequential[i], x);
            return x;
        }

        /// <summary>
        /// Children [<paramref name="from"/>, <paramref name="to"/>) of a member a tap reaches inside, each by its kind: a
        /// [Repeat]'s Sequential, or a [Use]d block whose forward is its members in order (the generator checked it is).
        /// Generated forwards split such a member after each tapped child (<c>Children(m, x, 0, 5)</c>, then <c>(m, x, 5, int.MaxValue)</c>).
        /// </summary>
        public static Tensor Children(nn.Module<Tensor, Tensor> module, Tensor x, int from, int to)
        {
            if (module is Sequential sequential)
            {
                for (int i = from; i < to && i < sequential.Count; i++) x = Any(sequential[i], x);
                return x;
            }
            if (module is Block block)
            {
                var members = block.Members;
                for (int i = from; i < to && i < members.Count; i++) x = Any(members[i], x);
                return x;
            }
            throw new System.ArgumentException($"{module.GetType().Name} is neither a Sequential nor a block: a tap reaches inside a [Use] or [Repeat] member only", nameof(module));
        }

        /// <summary>A module known only at run time (a Sequential's child).</summary>
        public static Tensor Any(nn.IModule<Tensor, Tensor> module, Tensor x) => module switch
        {
            ConvTranspose1d t => ConvTranspose(t, x),
            ConvTranspose2d t => ConvTranspose(t, x),
            Conv1d c => Conv(c, x),
            Conv2d c => Conv(c, x),
            Linear l => Linear(l, x),
            BatchNorm1d n => BatchNorm(n, x),
            BatchNorm2d n => BatchNorm(n, x),
            Sequential s => Sequential(s, x),
            _ => module.call(x),
        };

        /// <summary>
        /// An add merge for generated code ([Residual], a [Branches] or link Add merge): <paramref name="other"/> added to
        /// <paramref name="sum"/>, in place where the layer that made <paramref name="sum"/> allows it. Where the mode keeps
        /// the residual stream in fp32 (<see cref="ComputeMode.Fp32Residual"/>) a low-precision <paramref name="sum"/> is
        /// widened first, so the sum, and the stream the next block reads, stay fp32.
        /// </summary>
        public static Tensor Add(Tensor sum, Tensor other, bool inPlace)
        {
            if (current is { Fp32Residual: true } && sum.dtype != ScalarType.Float32)
                return sum.to(ScalarType.Float32).add_(other, alpha: Scalars.One);
            return inPlace ? sum.add_(other, alpha: Scalars.One) : sum.add(other, alpha: Scalars.One);
        }

        /// <summary>Ops autocast runs in fp32 (deformable convolution, as torchvision registers it): the input back to fp32.</summary>
        public static Tensor Fp32(Tensor x) => current?.LowPrecision != null && x.dtype != ScalarType.Float32 ? x.to(ScalarType.Float32) : x;

        /// <summary>A network's output (and auxiliary outputs): fp32, so losses, softmax and metrics run in fp32.</summary>
        public static Tensor Output(Tensor x) => Fp32(x);

        /// <summary>Restores the previous compute mode when disposed.</summary>
        public readonly struct Scope : System.IDisposable
        {
            readonly ComputeMode? previous;
            internal Scope(ComputeMode? previous) { this.previous = previous; }
            /// <summary>Restores the previous compute mode.</summary>
            public void Dispose() => current = previous;
        }
    }
}
