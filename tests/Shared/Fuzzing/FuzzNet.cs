using NetDsl.Shapes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl.Fuzzing
{
    /// <summary>A small network with parameters and buffers: the model the weight and checkpoint readers load into.</summary>
    public sealed class FuzzNet : Network
    {
        Conv2d conv = null!;
        BatchNorm2d bn = null!;
        Linear fc = null!;

        public override TensorShape DeclaredInput => new TensorShape(3, 8, 8);

        protected override void Build(BuildContext ctx, ref TensorShape shape)
        {
            conv = Layers.Conv2d(ctx, "conv", ref shape, new() { OutChannels = 4, Kernel = 3, Padding = 1, Bias = false });
            bn = Layers.BatchNorm2d(ctx, "bn", ref shape, new());
            Layers.GlobalAvgPool(ctx, "pool", ref shape, new());
            Layers.Flatten(ctx, "flatten", ref shape, new());
            fc = Layers.Linear(ctx, "fc", ref shape, new() { OutFeatures = 3 });
            register_module("conv", conv);
            register_module("bn", bn);
            register_module("fc", fc);
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            x = nn.functional.relu(NetDsl.Compute.BatchNorm(bn, conv.call(x)));
            return fc.call(nn.functional.adaptive_avg_pool2d(x, 1).flatten(1)).MoveToOuterDisposeScope();
        }
    }
}
