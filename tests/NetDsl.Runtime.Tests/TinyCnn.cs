using NetDsl;
using NetDsl.Shapes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// A small classifier written the way generated code is: members built through NetDsl.Layers in
    /// Build, registered by name, a straight-line forward. Size-agnostic thanks to global pooling.
    /// </summary>
    public sealed class TinyCnn(int channels = 3, int size = 32, int classes = 6) : Network
    {
        Conv2d conv1 = null!;
        BatchNorm2d bn1 = null!;
        Conv2d conv2 = null!;
        BatchNorm2d bn2 = null!;
        Conv2d conv3 = null!;
        BatchNorm2d bn3 = null!;
        Linear fc = null!;

        public override TensorShape DeclaredInput => new TensorShape(channels, size, size);

        /// <summary>A gray 16x16 TinyCnn whose weights come from torch's generator seeded with <paramref name="seed"/>.</summary>
        public static TinyCnn Gray16(int seed)
        {
            TorchSharp.torch.random.manual_seed(seed);
            using (Network.BuildAt(new TensorShape(1, 16, 16))) return new TinyCnn(1, 16);
        }

        protected override void Build(BuildContext ctx, ref TensorShape shape)
        {
            conv1 = Layers.Conv2d(ctx, "conv1", ref shape, new() { OutChannels = 16, Kernel = 3, Padding = 1, Bias = false });
            bn1 = Layers.BatchNorm2d(ctx, "bn1", ref shape, new());
            Layers.MaxPool2d(ctx, "pool1", ref shape, new() { Kernel = 2 });
            conv2 = Layers.Conv2d(ctx, "conv2", ref shape, new() { OutChannels = 32, Kernel = 3, Padding = 1, Bias = false });
            bn2 = Layers.BatchNorm2d(ctx, "bn2", ref shape, new());
            Layers.MaxPool2d(ctx, "pool2", ref shape, new() { Kernel = 2 });
            conv3 = Layers.Conv2d(ctx, "conv3", ref shape, new() { OutChannels = 32, Kernel = 3, Padding = 1, Bias = false });
            bn3 = Layers.BatchNorm2d(ctx, "bn3", ref shape, new());
            Layers.GlobalAvgPool(ctx, "pool", ref shape, new());
            Layers.Flatten(ctx, "flatten", ref shape, new());
            fc = Layers.Linear(ctx, "fc", ref shape, new() { OutFeatures = classes });
            register_module("conv1", conv1);
            register_module("bn1", bn1);
            register_module("conv2", conv2);
            register_module("bn2", bn2);
            register_module("conv3", conv3);
            register_module("bn3", bn3);
            register_module("fc", fc);
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            x = nn.functional.max_pool2d(nn.functional.relu(NetDsl.Compute.BatchNorm(bn1, conv1.call(x))), 2);
            x = nn.functional.max_pool2d(nn.functional.relu(NetDsl.Compute.BatchNorm(bn2, conv2.call(x))), 2);
            x = nn.functional.relu(NetDsl.Compute.BatchNorm(bn3, conv3.call(x)));
            x = nn.functional.adaptive_avg_pool2d(x, 1).flatten(1);
            return fc.call(x).MoveToOuterDisposeScope();
        }
    }

    /// <summary>A network whose Linear layer depends on the input size (flatten without pooling).</summary>
    public sealed class FixedSizeMlp(int size = 12) : Network
    {
        Linear fc = null!;

        public override TensorShape DeclaredInput => new TensorShape(1, size, size);

        protected override void Build(BuildContext ctx, ref TensorShape shape)
        {
            Layers.Flatten(ctx, "flatten", ref shape, new());
            fc = Layers.Linear(ctx, "fc", ref shape, new() { OutFeatures = 6 });
            register_module("fc", fc);
        }

        public override Tensor forward(Tensor x)
        {
            using var flat = x.flatten(1);
            return fc.call(flat);
        }
    }
}
