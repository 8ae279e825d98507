using NetDsl.Graph;
using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>
        /// [Residual(LayerScale = s)]: the C x 1 x 1 parameter (every entry s) that scales a block's body before the add,
        /// with its summary row at the block's path, which owns it (torchvision's ConvNeXt: <c>layer_scale</c>, 1e-6).
        /// </summary>
        public static Parameter LayerScale(BuildContext ctx, TensorShape body, double init)
        {
            string path = ctx.Self;
            ctx.Apply(path, "LayerScale", MergeRules.LayerScale(path, body));
            ctx.Record(path, GraphOps.LayerScale, new[] { ctx.Current }, new[] { body }, body, ctx.Prefix, new[] { ResidualLayerScaleName });
            using var held = new ScalarScope();
            return new Parameter(full(new long[] { body.C, 1, 1 }, held[init]));
        }

        /// <summary>The state-dict name of a block's layer-scale parameter (torchvision's ConvNeXt CNBlock).</summary>
        public const string ResidualLayerScaleName = "layer_scale";

        /// <summary>
        /// [Residual(StochasticDepth = p, StochasticDepthMode = mode)]: checks p and the mode by <see cref="StochasticDepthKind"/> and records its
        /// row at the block's path (no module: forward drops rows, or the batch, itself).
        /// </summary>
        public static void ResidualStochasticDepth(BuildContext ctx, TensorShape body, double p, string mode = StochasticDepthArgs.RowMode)
        {
            var args = new StochasticDepthArgs { P = p, Mode = mode };
            var output = ctx.Apply(ctx.Self, StochasticDepthKind.Instance.Row, StochasticDepthKind.Instance.Rule(ctx.Self, body, args));
            ctx.Record(ctx.Self, StochasticDepthKind.Instance, args, body, output);   // identity in eval
        }
    }
}
