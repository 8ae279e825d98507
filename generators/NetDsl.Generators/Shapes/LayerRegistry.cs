using System.Collections.Generic;

namespace NetDsl.Shapes
{
    /// <summary>Every layer kind of the DSL, one line each. A new kind: its attribute, its file under Layers/, its runtime factory and a line here.</summary>
    internal static class LayerRegistry
    {
        public static readonly IReadOnlyList<LayerKind> All = new LayerKind[]
        {
            ConvKind.Instance,
            DeformConvKind.Instance,
            ConvTransposeKind.Instance,
            BatchNormKind.Instance,
            LinearKind.Instance,
            SqueezeExcitationKind.Instance,
            MaxPoolKind.Instance,
            AvgPoolKind.Instance,
            GlobalAvgPoolKind.Instance,
            AdaptiveAvgPoolKind.Instance,
            AdaptiveMaxPoolKind.Instance,
            FlattenKind.Instance,
            DropoutKind.Instance,
            Dropout2dKind.Instance,
            LocalResponseNormKind.Instance,
            UpsampleKind.Instance,
            LeakyReLUKind.Instance,
            HardtanhKind.Instance,
            ChannelShuffleKind.Instance,
            SplitKind.Instance,
            PermuteKind.Instance,
            ReshapeKind.Instance,
            LayerNormKind.Instance,
            LayerNorm2dKind.Instance,
            StochasticDepthKind.Instance,
            ChannelAffineKind.Instance,
            ActivationKind.Any,
            ActivationKind.Named(Act.ReLU),
            ActivationKind.Named(Act.ReLU6),
            ActivationKind.Named(Act.Sigmoid),
            ActivationKind.Named(Act.Tanh),
            ActivationKind.Named(Act.GELU),
            ActivationKind.Named(Act.SiLU),
            ActivationKind.Named(Act.Hardswish),
            ActivationKind.Named(Act.Hardsigmoid),
            ActivationKind.Named(Act.Mish),
            RepeatKind.Instance,
            UseKind.Instance,
            ConvStackKind.Instance,
        };

        static readonly Dictionary<string, LayerKind> byName = Index();

        static Dictionary<string, LayerKind> Index()
        {
            var map = new Dictionary<string, LayerKind>();
            foreach (var k in All) map[k.Name] = k;
            return map;
        }

        /// <summary>The kind an attribute names ("Conv" for [Conv]), or null.</summary>
        public static LayerKind? Find(string name) => byName.TryGetValue(name, out var kind) ? kind : null;
    }
}
