using NetDsl;

namespace NetDsl.Zoo.Models;

// Each [Variant] of the declaration as a type of its own, with the same constructor arguments
// (ModelTypeTests checks every one builds the state dict Models.Create(name) builds).

/// <summary>FCN ResNet <c>fcn_resnet50</c> (torchvision's name) as a type: <c>new FcnResNet50(classes: 10)</c>.</summary>
[ModelName("fcn_resnet50")]
public sealed class FcnResNet50 : FcnResNet
{
    /// <summary><c>fcn_resnet50</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public FcnResNet50(int classes = 21) : base(6, classes: classes) { CatalogName = "fcn_resnet50"; }
}

/// <summary>FCN ResNet <c>fcn_resnet101</c> (torchvision's name) as a type: <c>new FcnResNet101(classes: 10)</c>.</summary>
[ModelName("fcn_resnet101")]
public sealed class FcnResNet101 : FcnResNet
{
    /// <summary><c>fcn_resnet101</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public FcnResNet101(int classes = 21) : base(23, classes: classes) { CatalogName = "fcn_resnet101"; }
}

/// <summary>DeepLabV3 ResNet <c>deeplabv3_resnet50</c> (torchvision's name) as a type: <c>new DeepLabV3ResNet50(classes: 10)</c>.</summary>
[ModelName("deeplabv3_resnet50")]
public sealed class DeepLabV3ResNet50 : DeepLabV3ResNet
{
    /// <summary><c>deeplabv3_resnet50</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public DeepLabV3ResNet50(int classes = 21) : base(6, classes: classes) { CatalogName = "deeplabv3_resnet50"; }
}

/// <summary>DeepLabV3 ResNet <c>deeplabv3_resnet101</c> (torchvision's name) as a type: <c>new DeepLabV3ResNet101(classes: 10)</c>.</summary>
[ModelName("deeplabv3_resnet101")]
public sealed class DeepLabV3ResNet101 : DeepLabV3ResNet
{
    /// <summary><c>deeplabv3_resnet101</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public DeepLabV3ResNet101(int classes = 21) : base(23, classes: classes) { CatalogName = "deeplabv3_resnet101"; }
}
