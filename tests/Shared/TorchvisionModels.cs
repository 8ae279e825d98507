namespace NetDsl.Tests.Shared
{
    /// <summary>
    /// The zoo models torchvision 0.14 also has: each has a committed reference under tests/reference/torchvision
    /// (parameter count, state dict) and is compared with torchvision's outputs by the conformance tests.
    /// Linked into the test projects that need it, so a new zoo model is added in one place.
    /// </summary>
    internal static class TorchvisionModels
    {
        public static readonly string[] Names =
        {
            "alexnet",
            "vgg11", "vgg11_bn", "vgg13", "vgg13_bn", "vgg16", "vgg16_bn", "vgg19", "vgg19_bn",
            "resnet18", "resnet34", "resnet50", "resnet101", "resnet152",
            "resnext50_32x4d", "wide_resnet50_2", "resnext101_32x8d", "resnext101_64x4d", "wide_resnet101_2",
            "densenet121", "densenet161", "densenet169", "densenet201",
            "mobilenet_v2", "mobilenet_v3_large", "mobilenet_v3_small",
            "googlenet", "inception_v3",
            "squeezenet1_0", "squeezenet1_1",
            "shufflenet_v2_x0_5", "shufflenet_v2_x1_0", "shufflenet_v2_x1_5", "shufflenet_v2_x2_0",
            "mnasnet0_5", "mnasnet0_75", "mnasnet1_0", "mnasnet1_3",
            "convnext_tiny", "convnext_small", "convnext_base", "convnext_large",
            "regnet_x_400mf", "regnet_x_800mf", "regnet_x_1_6gf", "regnet_x_3_2gf", "regnet_x_8gf", "regnet_x_16gf", "regnet_x_32gf",
            "regnet_y_400mf", "regnet_y_800mf", "regnet_y_1_6gf", "regnet_y_3_2gf", "regnet_y_8gf", "regnet_y_16gf", "regnet_y_32gf", "regnet_y_128gf",
            "efficientnet_b0", "efficientnet_b1", "efficientnet_b2", "efficientnet_b3",
            "efficientnet_b4", "efficientnet_b5", "efficientnet_b6", "efficientnet_b7",
            "efficientnet_v2_s", "efficientnet_v2_m", "efficientnet_v2_l",
            // torchvision.models.segmentation, built with weights=None, weights_backbone=None (no auxiliary head).
            "fcn_resnet50", "deeplabv3_resnet50", "fcn_resnet101", "deeplabv3_resnet101",
            "deeplabv3_mobilenet_v3_large", "lraspp_mobilenet_v3_large",
        };
    }
}
