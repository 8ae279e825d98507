extern alias zoo;

using System;
using System.Collections.Generic;
using System.Linq;
using NetDsl.Shapes;
using Xunit;

namespace NetDsl.Zoo.Tests
{
    /// <summary>
    /// One row of the zoo table: what a catalogue model must look like.
    /// </summary>
    /// <param name="Name">The catalogue name.</param>
    /// <param name="Input">The declared input (<c>[Network(Input = …)]</c> or the variant's).</param>
    /// <param name="Output">The output shape at the declared input.</param>
    /// <param name="Small">A small input the architecture accepts, for real forward/backward passes (built with <c>Create(Small)</c>).</param>
    /// <param name="SmallOutput">The output shape the network built for <paramref name="Small"/> has.</param>
    /// <param name="Parameters">The expected trainable parameter count.</param>
    /// <param name="Source">Where <paramref name="Parameters"/> comes from.</param>
    public sealed record ZooModel(string Name, TensorShape Input, TensorShape Output, TensorShape Small, TensorShape SmallOutput,
        long Parameters, string Source)
    {
        public bool IsTorchvision => Zoo.Torchvision.Contains(Name);
        public override string ToString() => Name;
    }

    /// <summary>The zoo's generated catalogue and the table of every model these tests expect in it.</summary>
    public static class Zoo
    {
        public static IReadOnlyList<ModelEntry> All => zoo::NetDsl.Models.All;

        /// <summary>Models with a committed torchvision 0.14.1 reference (tests/reference/torchvision).</summary>
        public static readonly string[] Torchvision = NetDsl.Tests.Shared.TorchvisionModels.Names;

        /// <summary>
        /// torchvision's own count: sum(p.numel() for p in torchvision.models.&lt;name&gt;(weights=None).parameters())
        /// in torchvision 0.14.1, committed as num_params in tests/reference/torchvision/&lt;name&gt;.json (written by
        /// tests/reference/torchvision_reference.py) and checked against that file. Except where PUBLISHED_DIFFERS
        /// in that script says otherwise, it equals the "num_params" metadata of torchvision 0.14's published weights.
        /// </summary>
        const string TorchvisionCount = "torchvision 0.14.1 default construction (weights=None), tests/reference/torchvision";

        static TensorShape Map(int c, int h, int w) => new TensorShape(c, h, w);
        static TensorShape Classes(int n) => TensorShape.Vector(n);
        static readonly TensorShape Rgb224 = Map(3, 224, 224), Rgb64 = Map(3, 64, 64), Rgb32 = Map(3, 32, 32);

        static ZooModel Classifier(string name, long parameters, string source = TorchvisionCount) =>
            new ZooModel(name, Rgb224, Classes(1000), Rgb64, Classes(1000), parameters, source);

        static ZooModel EfficientNet(int variant, int resolution, long parameters) =>
            new ZooModel("efficientnet_b" + variant, Map(3, resolution, resolution), Classes(1000), Rgb64, Classes(1000), parameters, TorchvisionCount);

        const long ResNet18Trunk = 11_689_512 - (512 * 1000 + 1000);   // torchvision resnet18 without fc: 11,176,512

        /// <summary>
        /// Every model of the zoo, one row each. The classifiers end in adaptive/global pooling, so 3x64x64 reaches
        /// the same classifier (AlexNet needs at least 63x63); the fully convolutional models' outputs follow the
        /// input (U-Net's unpadded convolutions: 188 → 4; the ResNet-18 detection heads: /32).
        /// </summary>
        public static readonly ZooModel[] Table =
        {
            Classifier("alexnet", 61_100_840),
            Classifier("vgg11", 132_863_336),
            Classifier("vgg11_bn", 132_868_840),
            Classifier("vgg13", 133_047_848),
            Classifier("vgg13_bn", 133_053_736),
            Classifier("vgg16", 138_357_544),
            Classifier("vgg16_bn", 138_365_992),
            Classifier("vgg19", 143_667_240),
            Classifier("vgg19_bn", 143_678_248),
            Classifier("resnet18", 11_689_512),
            Classifier("resnet34", 21_797_672),
            Classifier("resnet50", 25_557_032),
            Classifier("resnet101", 44_549_160),
            Classifier("resnet152", 60_192_808),
            Classifier("resnext50_32x4d", 25_028_904),
            Classifier("wide_resnet50_2", 68_883_240),
            Classifier("resnext101_32x8d", 88_791_336),
            Classifier("resnext101_64x4d", 83_455_272),
            Classifier("wide_resnet101_2", 126_886_696),
            Classifier("densenet121", 7_978_856),
            Classifier("densenet161", 28_681_000),
            Classifier("densenet169", 14_149_480),
            Classifier("densenet201", 20_013_928),
            Classifier("squeezenet1_0", 1_248_424),
            Classifier("squeezenet1_1", 1_235_496),
            Classifier("shufflenet_v2_x0_5", 1_366_792),
            Classifier("shufflenet_v2_x1_0", 2_278_604),
            Classifier("shufflenet_v2_x1_5", 3_503_624),
            Classifier("shufflenet_v2_x2_0", 7_393_996),
            Classifier("mnasnet0_5", 2_218_512),
            Classifier("mnasnet0_75", 3_170_208),
            Classifier("mnasnet1_0", 4_383_312),
            Classifier("mnasnet1_3", 6_282_256),
            Classifier("convnext_tiny", 28_589_128),
            Classifier("convnext_small", 50_223_688),
            Classifier("convnext_base", 88_591_464),
            Classifier("convnext_large", 197_767_336),
            Classifier("regnet_x_400mf", 5_495_976),
            Classifier("regnet_x_800mf", 7_259_656),
            Classifier("regnet_x_1_6gf", 9_190_136),
            Classifier("regnet_x_3_2gf", 15_296_552),
            Classifier("regnet_x_8gf", 39_572_648),
            Classifier("regnet_x_16gf", 54_278_536),
            Classifier("regnet_x_32gf", 107_811_560),
            Classifier("regnet_y_400mf", 4_344_144),
            Classifier("regnet_y_800mf", 6_432_512),
            Classifier("regnet_y_1_6gf", 11_202_430),
            Classifier("regnet_y_3_2gf", 19_436_338),
            Classifier("regnet_y_8gf", 39_381_472),
            Classifier("regnet_y_16gf", 83_590_140),
            Classifier("regnet_y_32gf", 145_046_770),
            Classifier("regnet_y_128gf", 644_812_894),
            Classifier("mobilenet_v2", 3_504_872),
            Classifier("mobilenet_v3_large", 5_483_032),
            Classifier("mobilenet_v3_small", 2_542_856),
            // With the two auxiliary heads, as torchvision.models.googlenet(weights=None) builds it; the published
            // GoogLeNet_Weights.IMAGENET1K_V1 (aux_logits=False) has 6,624,904 (GoogLeNetTests).
            Classifier("googlenet", 13_004_888),
            // With the auxiliary head after Mixed_6e (the published Inception_V3_Weights.IMAGENET1K_V1 has it too). The head's
            // 5x5/3 pool and 5x5 convolution need Mixed_6e's 17x17 map, so 299x299 is also the small input.
            new ZooModel("inception_v3", Map(3, 299, 299), Classes(1000), Map(3, 299, 299), Classes(1000), 27_161_264, TorchvisionCount),
            // Each variant at its own resolution (torchvision 0.14's EfficientNet_Bx_Weights transforms' crop size).
            EfficientNet(0, 224, 5_288_548),
            EfficientNet(1, 240, 7_794_184),
            EfficientNet(2, 260, 9_109_994),
            EfficientNet(3, 300, 12_233_232),
            EfficientNet(4, 380, 19_341_616),
            EfficientNet(5, 456, 30_389_784),
            EfficientNet(6, 528, 43_040_704),
            EfficientNet(7, 600, 66_347_960),
            // EfficientNetV2 at torchvision 0.14's evaluation sizes (EfficientNet_V2_x_Weights transforms' crop size).
            new ZooModel("efficientnet_v2_s", Map(3, 384, 384), Classes(1000), Rgb64, Classes(1000), 21_458_488, TorchvisionCount),
            new ZooModel("efficientnet_v2_m", Map(3, 480, 480), Classes(1000), Rgb64, Classes(1000), 54_139_356, TorchvisionCount),
            new ZooModel("efficientnet_v2_l", Map(3, 480, 480), Classes(1000), Rgb64, Classes(1000), 118_515_272, TorchvisionCount),
            // Without the auxiliary FCN head (weights=None, weights_backbone=None); the published COCO checkpoints
            // (aux_loss=True) have 35,322,218 and 42,004,074.
            new ZooModel("fcn_resnet50", Map(3, 520, 520), Map(21, 520, 520), Rgb64, Map(21, 64, 64), 32_957_013, TorchvisionCount),
            new ZooModel("deeplabv3_resnet50", Map(3, 520, 520), Map(21, 520, 520), Rgb64, Map(21, 64, 64), 39_638_869, TorchvisionCount),
            new ZooModel("fcn_resnet101", Map(3, 520, 520), Map(21, 520, 520), Rgb64, Map(21, 64, 64), 51_949_141, TorchvisionCount),
            new ZooModel("deeplabv3_resnet101", Map(3, 520, 520), Map(21, 520, 520), Rgb64, Map(21, 64, 64), 58_630_997, TorchvisionCount),
            new ZooModel("deeplabv3_mobilenet_v3_large", Map(3, 520, 520), Map(21, 520, 520), Rgb64, Map(21, 64, 64), 11_025_477, TorchvisionCount),
            new ZooModel("lraspp_mobilenet_v3_large", Map(3, 520, 520), Map(21, 520, 520), Rgb64, Map(21, 64, 64), 3_221_538, TorchvisionCount),

            // Not in torchvision.
            // SENet authors' se_resnet50 ImageNet weights (Hu et al., 2018): ResNet-50 plus C²/8 + C + C/16 per
            // bottleneck for squeeze-excite at reduction 16.
            Classifier("se_resnet50", 28_088_024, "published se_resnet50 (Hu et al., 2018, reference implementation)"),
            // Hand count: conv1 156, conv2 2,416, fc1 48,120, fc2 10,164, fc3 850.
            new ZooModel("lenet5", Map(1, 28, 28), Classes(10), Map(1, 28, 28), Classes(10),
                (6 * 1 * 25 + 6) + (16 * 6 * 25 + 16) + (400 * 120 + 120) + (120 * 84 + 84) + (84 * 10 + 10), "hand count (LeCun et al., 1998 layout)"),
            // torchvision resnet50 (25,557,032) plus each deformable 3x3 conv's offset/mask conv (3x3, bias,
            // 27 = 2·9 offsets + 9 masks): six in layer3 on 256 channels, three in layer4 on 512.
            Classifier("deform_resnet50", 25_557_032 + 6 * (256 * 9 * 27 + 27) + 3 * (512 * 9 * 27 + 27), "hand count: torchvision resnet50 + DCNv2 offset convs"),
            // VGG-16 features (torchvision vgg16().features: 14,714,688), fc6 7x7 and fc7 1x1 as convolutions,
            // three 1x1 score layers (pool5/fc7, pool4, pool3), bias-free transposed convs 4, 4, 16.
            new ZooModel("fcn8s", Rgb224, Map(21, 224, 224), Rgb64, Map(21, 64, 64),
                14_714_688 + (512 * 49 * 4096 + 4096) + (4096 * 4096 + 4096) + (4096 * 21 + 21) + 21 * 21 * 16
                + (512 * 21 + 21) + 21 * 21 * 16 + (256 * 21 + 21) + 21 * 21 * 256,
                "hand count: FCN-8s (Long et al., 2015) on torchvision's VGG-16 features"),
            // VGG-16 features without pool5 (torchvision vgg16().features: 14,714,688), a bias-free 1x1 reduction to 128 with
            // BatchNorm on each of the conv3/conv4/conv5 taps, a 1x1 classifier on the 3 x 128-channel hypercolumn.
            new ZooModel("hypercolumns", Rgb224, Map(21, 224, 224), Rgb64, Map(21, 64, 64),
                14_714_688 + (256 + 512 + 512) * 128 + 3 * 2 * 128 + (3 * 128 * 21 + 21),
                "hand count: hypercolumns (Hariharan et al., 2015) on torchvision's VGG-16 features"),
            // SPP-net (He et al., 2014) on ZF-5: convolutions 96·3·49, 256·96·25, 384·256·9, 384·384·9, 256·384·9 (with biases),
            // the {1, 2, 4} pyramid's 256·21 = 5,376 features into fc6 4096, fc7 4096, fc8. Any input: 64x64 reaches the same head.
            new ZooModel("sppnet", Rgb224, Classes(1000), Rgb64, Classes(1000),
                (96 * 3 * 49 + 96) + (256 * 96 * 25 + 256) + Conv3(256, 384) + Conv3(384, 384) + Conv3(384, 256)
                + (256 * 21 * 4096 + 4096) + (4096 * 4096 + 4096) + (4096 * 1000 + 1000), "hand count: SPP-net (He et al., 2014) on ZF-5"),
            // The original U-Net (Ronneberger et al., 2015), unpadded, no BatchNorm, 2 classes: the widely quoted
            // 31,030,658 — double convs 1→64 … 512→1024, four 2x2 up-convolutions, double convs on the concats, 1x1 head.
            new ZooModel("unet", Map(1, 572, 572), Map(2, 388, 388), Map(1, 188, 188), Map(2, 4, 4),
                DoubleConv(1, 64) + DoubleConv(64, 128) + DoubleConv(128, 256) + DoubleConv(256, 512) + DoubleConv(512, 1024)
                + Up(1024, 512) + DoubleConv(1024, 512) + Up(512, 256) + DoubleConv(512, 256) + Up(256, 128) + DoubleConv(256, 128)
                + Up(128, 64) + DoubleConv(128, 64) + (64 * 2 + 2), "hand count: U-Net (Ronneberger et al., 2015)"),
            // Width 16, 7 classes, padded bias-free convs with BatchNorm (2 parameters per channel).
            new ZooModel("unet_padded", Rgb64, Map(7, 64, 64), Rgb32, Map(7, 32, 32),
                DoubleConvBN(3, 16) + DoubleConvBN(16, 32) + DoubleConvBN(32, 64) + DoubleConvBN(64, 128) + DoubleConvBN(128, 256)
                + Up(256, 128) + DoubleConvBN(256, 128) + Up(128, 64) + DoubleConvBN(128, 64) + Up(64, 32) + DoubleConvBN(64, 32)
                + Up(32, 16) + DoubleConvBN(32, 16) + (16 * 7 + 7), "hand count: padded U-Net, width 16"),
            // Encoder 3→16→32→64 (3x3, bias, BatchNorm); decoder 64→32→16 (+BatchNorm) → 3, 3x3 kernels with bias
            // (transposed or after upsampling: the same count).
            new ZooModel("conv_autoencoder", Rgb32, Rgb32, Rgb32, Rgb32, AutoencoderCount, "hand count: 3x3 conv autoencoder, width 16"),
            new ZooModel("upsample_autoencoder", Rgb32, Rgb32, Rgb32, Rgb32, AutoencoderCount, "hand count: 3x3 conv autoencoder, width 16"),
            // ResNet-18 trunk + RPN head (Ren et al., 2015): 3x3 conv 512→512, 1x1 to 2·9 objectness and 4·9 deltas.
            new ZooModel("rpn_resnet18", Rgb224, Map(54, 7, 7), Rgb64, Map(54, 2, 2),
                ResNet18Trunk + (512 * 512 * 9 + 512) + (512 * 18 + 18) + (512 * 36 + 36), "hand count: torchvision resnet18 without fc + RPN head"),
            // ResNet-18 trunk + 3x3 conv 512→512 (no bias) with BatchNorm + 1x1 to 2·5 + 20 = 30 (Redmon et al., 2016).
            new ZooModel("yolov1_resnet18", Rgb224, Map(30, 7, 7), Rgb64, Map(30, 2, 2),
                ResNet18Trunk + 512 * 512 * 9 + 2 * 512 + (512 * 30 + 30), "hand count: torchvision resnet18 without fc + YOLOv1 head"),
        };

        static long Conv3(int i, int o, bool bias = true) => (long)i * o * 9 + (bias ? o : 0);
        static long DoubleConv(int i, int o) => Conv3(i, o) + Conv3(o, o);
        static long DoubleConvBN(int i, int o) => Conv3(i, o, false) + 2 * o + Conv3(o, o, false) + 2 * o;
        static long Up(int i, int o) => (long)i * o * 4 + o;
        static long AutoencoderCount =>
            Conv3(3, 16) + 32 + Conv3(16, 32) + 64 + Conv3(32, 64) + 128
            + Conv3(64, 32) + 64 + Conv3(32, 16) + 32 + Conv3(16, 3);

        public static ZooModel Row(string name) =>
            Table.SingleOrDefault(r => r.Name == name) ?? throw new ArgumentException($"no row for '{name}' in Zoo.Table");

        public static ModelEntry Entry(string name)
        {
            var matches = All.Where(e => e.Name == name).ToList();
            Assert.True(matches.Count == 1, $"the catalogue has {matches.Count} entries named '{name}' (names: {string.Join(", ", All.Select(e => e.Name))})");
            return matches[0];
        }

        public static int Classes(string name) => name == "lenet5" ? 10 : 1000;

        public static TensorShape SmallInput(string name) => Row(name).Small;

        public static TheoryData<string> TorchvisionNames => Data(Torchvision);
        public static TheoryData<string> AllNames => Data(Table.Select(r => r.Name));

        public static TheoryData<string> Data(IEnumerable<string> names)
        {
            var data = new TheoryData<string>();
            foreach (string name in names) data.Add(name);
            return data;
        }

        /// <summary>[batch, C, H, W] or [batch, features].</summary>
        public static long[] Batch(int batch, TensorShape shape) =>
            new long[] { batch }.Concat(shape.ToArray().Select(d => (long)d)).ToArray();

        public static string Format(long[] shape) => "[" + string.Join(", ", shape) + "]";
        public static string Format(TensorShape shape) => shape.ToString();
    }
}
