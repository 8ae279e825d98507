using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// A network's inference path (<see cref="Network.ForInference"/>): eval mode, no autograd, BatchNorm folded into
    /// the convolution before it, auxiliary heads and dropout gone (the eval forward skips them), and every
    /// conv/linear weight prepared once in the compute type (bf16 weights are not re-cast per call). The network's
    /// own parameters are untouched, so it can still be trained; the prepared weights are a snapshot.
    /// </summary>
    public sealed class InferenceNetwork : nn.Module<Tensor, Tensor>
    {
        readonly Network network;
        readonly ComputeMode mode;
        readonly List<Tensor> owned;

        InferenceNetwork(Network network, Precision precision, ComputeMode mode, List<Tensor> owned, int folded, bool channelsLast) : base(nameof(InferenceNetwork))
        {
            ChannelsLast = channelsLast;
            this.network = network;
            this.mode = mode;
            this.owned = owned;
            Precision = precision;
            FoldedNorms = folded;
        }

        /// <summary>The network run (in eval mode, BatchNorm folded into a copy where it can be).</summary>
        public Network Network => network;
        /// <summary>The precision the forward runs in.</summary>
        public Precision Precision { get; }

        /// <summary>Convolution weights and the input are held channels-last (NHWC storage, see <see cref="MemoryLayout"/>).</summary>
        public bool ChannelsLast { get; }

        /// <summary>BatchNorms folded into convolutions (the rest run in eval mode).</summary>
        public int FoldedNorms { get; }

        internal static InferenceNetwork Prepare(Network network, Precision precision, bool channelsLast)
        {
            PrecisionSupport.Require(precision, PrecisionSupport.DeviceOf(network));
            var device = PrecisionSupport.DeviceOf(network).type;
            channelsLast &= MemoryLayout.UsableOn(device);
            network.eval();
            var type = precision.ComputeType();
            var owned = new List<Tensor>();
            var prepared = new Dictionary<nn.Module, (Tensor, Tensor?)>(ReferenceEqualityComparer.Instance);
            var skipped = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
            // The scope takes what preparing makes on the way (the folded fp32 weights Keep copies, the detached handles of
            // the parameters, a cast's copy before its channels-last layout): only what Keep detaches outlives it.
            using (no_grad())
            using (NewDisposeScope())
            {
                foreach (var (conv, norm) in BatchNormFolding.Pairs(network))
                {
                    if (skipped.Contains(norm)) continue;
                    var (w, b) = BatchNormFolding.Fold(conv, norm);
                    var convType = WeightType(conv, type, device);
                    prepared[conv] = (Keep(w, convType, owned, channelsLast), Keep(b, convType, owned));
                    skipped.Add(norm);
                }
                foreach (var (_, module) in network.named_modules())
                {
                    if (prepared.ContainsKey(module)) continue;
                    switch (module)
                    {
                        case Convolution c:
                            var convType = WeightType(c, type, device);
                            prepared[c] = (Keep(c.weight!.detach(), convType, owned, channelsLast), c.bias is null ? null : Keep(c.bias.detach(), convType, owned));
                            break;
                        case Linear l: prepared[l] = (Keep(l.weight!.detach(), type, owned), l.bias is null ? null : Keep(l.bias.detach(), type, owned)); break;
                    }
                }
            }
            return new InferenceNetwork(network, precision, new ComputeMode(type, prepared, skipped, channelsLast), owned, skipped.Count, channelsLast);
        }

        // The type a convolution's prepared weights are kept in: the compute type, or fp32 where the mode keeps it so.
        static ScalarType? WeightType(nn.Module conv, ScalarType? type, TorchSharp.DeviceType device) =>
            type != null && ComputeMode.KeepsFp32(conv, device) ? ScalarType.Float32 : type;

        // A copy of t that the inference network owns (disposed with it); t itself stays with the caller's dispose scope.
        static Tensor Keep(Tensor t, ScalarType? type, List<Tensor> owned, bool channelsLast = false)
        {
            var kept = type is ScalarType s && t.dtype != s ? t.to(s) : t.clone();
            if (channelsLast) kept = MemoryLayout.ChannelsLast(kept);
            kept.DetachFromDisposeScope();
            owned.Add(kept);
            return kept;
        }

        /// <summary>The network's eval output (fp32), computed on the inference path.</summary>
        public override Tensor forward(Tensor input)
        {
            DisposedModule.ThrowIf(network, "its ForInference() module ran");
            using var noGrad = no_grad();
            using var compute = Compute.Use(mode);
            return network.forward(input);
        }

        /// <inheritdoc/>
        protected override void Dispose(bool disposing)
        {
            if (disposing) foreach (var t in owned) t.Dispose();
            owned.Clear();
            base.Dispose(disposing);
        }
    }
}
