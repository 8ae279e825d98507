using NetDsl;
using NetDsl.Shapes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    // Hand-written networks: their convolutions go through Compute.Conv2d, as generated forwards' do, so a machine whose
    // kernels are wrong off 16-channel blocks (ConvKernelCheck) gets the padded path for the 7-class head too.

    /// <summary>
    /// A tiny U-Net-like segmenter: four conv stages (three poolings, down to 4x4 for context), then upsampling with skip concatenations back
    /// to full size and a 1x1 head with one logit per class (background + the six shapes).
    /// </summary>
    public sealed class TinySegNet(int channels = 3, int size = 32, int classes = 7) : Network
    {
        Conv2d enc1 = null!, enc2 = null!, enc3 = null!, enc4 = null!, dec3 = null!, dec2 = null!, dec1 = null!, head = null!;
        BatchNorm2d bn1 = null!, bn2 = null!, bn3 = null!, bn4 = null!, bnd3 = null!, bnd2 = null!, bnd1 = null!;

        public override TensorShape DeclaredInput => new TensorShape(channels, size, size);

        protected override void Build(BuildContext ctx, ref TensorShape shape)
        {
            int h = shape.H, w = shape.W;
            enc1 = Layers.Conv2d(ctx, "enc1", ref shape, new() { OutChannels = 8, Kernel = 3, Padding = 1, Bias = false });
            bn1 = Layers.BatchNorm2d(ctx, "bn1", ref shape, new());
            Layers.MaxPool2d(ctx, "pool1", ref shape, new() { Kernel = 2 });
            enc2 = Layers.Conv2d(ctx, "enc2", ref shape, new() { OutChannels = 16, Kernel = 3, Padding = 1, Bias = false });
            bn2 = Layers.BatchNorm2d(ctx, "bn2", ref shape, new());
            Layers.MaxPool2d(ctx, "pool2", ref shape, new() { Kernel = 2 });
            enc3 = Layers.Conv2d(ctx, "enc3", ref shape, new() { OutChannels = 32, Kernel = 3, Padding = 1, Bias = false });
            bn3 = Layers.BatchNorm2d(ctx, "bn3", ref shape, new());
            Layers.MaxPool2d(ctx, "pool3", ref shape, new() { Kernel = 2 });
            enc4 = Layers.Conv2d(ctx, "enc4", ref shape, new() { OutChannels = 32, Kernel = 3, Padding = 1, Bias = false });
            bn4 = Layers.BatchNorm2d(ctx, "bn4", ref shape, new());
            shape = new TensorShape(32 + 32, h / 4, w / 4);   // upsampled enc4 ++ enc3
            dec3 = Layers.Conv2d(ctx, "dec3", ref shape, new() { OutChannels = 32, Kernel = 3, Padding = 1, Bias = false });
            bnd3 = Layers.BatchNorm2d(ctx, "bnd3", ref shape, new());
            shape = new TensorShape(32 + 16, h / 2, w / 2);   // upsampled dec3 ++ enc2
            dec2 = Layers.Conv2d(ctx, "dec2", ref shape, new() { OutChannels = 16, Kernel = 3, Padding = 1, Bias = false });
            bnd2 = Layers.BatchNorm2d(ctx, "bnd2", ref shape, new());
            shape = new TensorShape(16 + 8, h, w);            // upsampled dec2 ++ enc1
            dec1 = Layers.Conv2d(ctx, "dec1", ref shape, new() { OutChannels = 8, Kernel = 3, Padding = 1, Bias = false });
            bnd1 = Layers.BatchNorm2d(ctx, "bnd1", ref shape, new());
            head = Layers.Conv2d(ctx, "head", ref shape, new() { OutChannels = classes, Kernel = 1 });
            foreach (var (name, module) in new (string, nn.Module)[] { ("enc1", enc1), ("bn1", bn1), ("enc2", enc2), ("bn2", bn2), ("enc3", enc3), ("bn3", bn3),
                         ("enc4", enc4), ("bn4", bn4), ("dec3", dec3), ("bnd3", bnd3), ("dec2", dec2), ("bnd2", bnd2), ("dec1", dec1), ("bnd1", bnd1), ("head", head) })
                register_module(name, module);
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            Tensor e1 = Block(enc1, bn1, x);
            Tensor e2 = Block(enc2, bn2, nn.functional.max_pool2d(e1, 2));
            Tensor e3 = Block(enc3, bn3, nn.functional.max_pool2d(e2, 2));
            Tensor e4 = Block(enc4, bn4, nn.functional.max_pool2d(e3, 2));
            Tensor d3 = Block(dec3, bnd3, cat(new[] { Up(e4, e3), e3 }, 1));
            Tensor d2 = Block(dec2, bnd2, cat(new[] { Up(d3, e2), e2 }, 1));
            Tensor d1 = Block(dec1, bnd1, cat(new[] { Up(d2, e1), e1 }, 1));
            return Compute.Conv2d(head, d1).MoveToOuterDisposeScope();
        }

        static Tensor Block(Conv2d conv, BatchNorm2d norm, Tensor x) => nn.functional.relu(NetDsl.Compute.BatchNorm(norm, Compute.Conv2d(conv, x)));

        static Tensor Up(Tensor x, Tensor like) =>
            nn.functional.interpolate(x, new long[] { like.shape[2], like.shape[3] }, mode: InterpolationMode.Nearest);
    }

    /// <summary>A tiny convolutional autoencoder: 32x32 → 8x8 bottleneck → 32x32, the input's channels out.</summary>
    public sealed class TinyAutoencoder(int channels = 1, int size = 32) : Network
    {
        Conv2d enc1 = null!, enc2 = null!, dec1 = null!, dec2 = null!;

        public override TensorShape DeclaredInput => new TensorShape(channels, size, size);

        protected override void Build(BuildContext ctx, ref TensorShape shape)
        {
            int c = shape.C, h = shape.H, w = shape.W;
            enc1 = Layers.Conv2d(ctx, "enc1", ref shape, new() { OutChannels = 16, Kernel = 3, Stride = 2, Padding = 1 });
            enc2 = Layers.Conv2d(ctx, "enc2", ref shape, new() { OutChannels = 8, Kernel = 3, Stride = 2, Padding = 1 });
            shape = new TensorShape(8, h / 2, w / 2);
            dec1 = Layers.Conv2d(ctx, "dec1", ref shape, new() { OutChannels = 16, Kernel = 3, Padding = 1 });
            shape = new TensorShape(16, h, w);
            dec2 = Layers.Conv2d(ctx, "dec2", ref shape, new() { OutChannels = c, Kernel = 3, Padding = 1 });
            register_module("enc1", enc1);
            register_module("enc2", enc2);
            register_module("dec1", dec1);
            register_module("dec2", dec2);
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            Tensor z = nn.functional.relu(Compute.Conv2d(enc2, nn.functional.relu(Compute.Conv2d(enc1, x))));
            Tensor y = nn.functional.relu(Compute.Conv2d(dec1, nn.functional.interpolate(z, scale_factor: new double[] { 2, 2 })));
            return Compute.Conv2d(dec2, nn.functional.interpolate(y, scale_factor: new double[] { 2, 2 })).MoveToOuterDisposeScope();
        }
    }

    /// <summary>
    /// A tiny YOLOv1-style detector: 32x32 → a 4x4 grid of 2 boxes and 6 class scores per cell (16 channels); with
    /// <paramref name="outputs"/> = 54, a tiny region proposal network (9 anchors: 18 objectness logits + 36 deltas per cell).
    /// </summary>
    public sealed class TinyDetector(int channels = 3, int size = 32, int outputs = 2 * 5 + 6) : Network
    {
        Conv2d conv1 = null!, conv2 = null!, conv3 = null!, conv4 = null!, head = null!;
        BatchNorm2d bn1 = null!, bn2 = null!, bn3 = null!, bn4 = null!;

        public override TensorShape DeclaredInput => new TensorShape(channels, size, size);

        protected override void Build(BuildContext ctx, ref TensorShape shape)
        {
            conv1 = Layers.Conv2d(ctx, "conv1", ref shape, new() { OutChannels = 16, Kernel = 3, Padding = 1, Bias = false });
            bn1 = Layers.BatchNorm2d(ctx, "bn1", ref shape, new());
            Layers.MaxPool2d(ctx, "pool1", ref shape, new() { Kernel = 2 });
            conv2 = Layers.Conv2d(ctx, "conv2", ref shape, new() { OutChannels = 32, Kernel = 3, Padding = 1, Bias = false });
            bn2 = Layers.BatchNorm2d(ctx, "bn2", ref shape, new());
            Layers.MaxPool2d(ctx, "pool2", ref shape, new() { Kernel = 2 });
            conv3 = Layers.Conv2d(ctx, "conv3", ref shape, new() { OutChannels = 64, Kernel = 3, Padding = 1, Bias = false });
            bn3 = Layers.BatchNorm2d(ctx, "bn3", ref shape, new());
            Layers.MaxPool2d(ctx, "pool3", ref shape, new() { Kernel = 2 });
            conv4 = Layers.Conv2d(ctx, "conv4", ref shape, new() { OutChannels = 64, Kernel = 3, Padding = 1, Bias = false });
            bn4 = Layers.BatchNorm2d(ctx, "bn4", ref shape, new());
            head = Layers.Conv2d(ctx, "head", ref shape, new() { OutChannels = outputs, Kernel = 1 });
            foreach (var (name, module) in new (string, nn.Module)[] { ("conv1", conv1), ("bn1", bn1), ("conv2", conv2), ("bn2", bn2),
                         ("conv3", conv3), ("bn3", bn3), ("conv4", conv4), ("bn4", bn4), ("head", head) })
                register_module(name, module);
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            x = nn.functional.max_pool2d(nn.functional.relu(NetDsl.Compute.BatchNorm(bn1, Compute.Conv2d(conv1, x))), 2);
            x = nn.functional.max_pool2d(nn.functional.relu(NetDsl.Compute.BatchNorm(bn2, Compute.Conv2d(conv2, x))), 2);
            x = nn.functional.max_pool2d(nn.functional.relu(NetDsl.Compute.BatchNorm(bn3, Compute.Conv2d(conv3, x))), 2);
            x = nn.functional.relu(NetDsl.Compute.BatchNorm(bn4, Compute.Conv2d(conv4, x)));
            return Compute.Conv2d(head, x).MoveToOuterDisposeScope();
        }
    }

    /// <summary>Two unpadded 3x3 convolutions: the output is the input less 2 pixels a side, as the original U-Net's is less 92.</summary>
    public sealed class ValidSegNet(int size = 24, int classes = 7) : Network
    {
        Conv2d conv1 = null!, conv2 = null!;

        public override TensorShape DeclaredInput => new TensorShape(3, size, size);

        protected override void Build(BuildContext ctx, ref TensorShape shape)
        {
            conv1 = Layers.Conv2d(ctx, "conv1", ref shape, new() { OutChannels = 8, Kernel = 3 });
            conv2 = Layers.Conv2d(ctx, "conv2", ref shape, new() { OutChannels = classes, Kernel = 3 });
            register_module("conv1", conv1);
            register_module("conv2", conv2);
        }

        public override Tensor forward(Tensor x)
        {
            using var hidden = nn.functional.relu(Compute.Conv2d(conv1, x));
            return Compute.Conv2d(conv2, hidden);
        }
    }
}
