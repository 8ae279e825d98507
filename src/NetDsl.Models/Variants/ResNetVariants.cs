using NetDsl;

namespace NetDsl.Zoo.Models;

// ResNet (He et al., 2015): each [Variant] of the declaration as a type of its own, with the same constructor arguments
// (ModelTypeTests checks every one builds the state dict Models.Create(name) builds).

/// <summary>ResNet-18 (torchvision <c>resnet18</c>) as a type: <c>new ResNet18(classes: 10)</c>.</summary>
[ModelName("resnet18")]
public sealed class ResNet18 : ResNetBasic
{
    /// <summary>ResNet-18 with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public ResNet18(int classes = 1000) : base(2, 2, 2, 2, classes: classes) { CatalogName = "resnet18"; }
}

/// <summary>ResNet-34 (torchvision <c>resnet34</c>) as a type: <c>new ResNet34(classes: 10)</c>.</summary>
[ModelName("resnet34")]
public sealed class ResNet34 : ResNetBasic
{
    /// <summary>ResNet-34 with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public ResNet34(int classes = 1000) : base(3, 4, 6, 3, classes: classes) { CatalogName = "resnet34"; }
}

/// <summary>ResNet-50 (torchvision <c>resnet50</c>) as a type: <c>new ResNet50(classes: 10)</c>.</summary>
[ModelName("resnet50")]
public sealed class ResNet50 : ResNetBottleneck
{
    /// <summary>ResNet-50 with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public ResNet50(int classes = 1000) : base(3, 4, 6, 3, classes: classes) { CatalogName = "resnet50"; }
}

/// <summary>ResNet-101 (torchvision <c>resnet101</c>) as a type: <c>new ResNet101(classes: 10)</c>.</summary>
[ModelName("resnet101")]
public sealed class ResNet101 : ResNetBottleneck
{
    /// <summary>ResNet-101 with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public ResNet101(int classes = 1000) : base(3, 4, 23, 3, classes: classes) { CatalogName = "resnet101"; }
}

/// <summary>ResNet-152 (torchvision <c>resnet152</c>) as a type: <c>new ResNet152(classes: 10)</c>.</summary>
[ModelName("resnet152")]
public sealed class ResNet152 : ResNetBottleneck
{
    /// <summary>ResNet-152 with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public ResNet152(int classes = 1000) : base(3, 8, 36, 3, classes: classes) { CatalogName = "resnet152"; }
}

/// <summary>ResNeXt-50 32x4d (torchvision <c>resnext50_32x4d</c>) as a type: <c>new ResNeXt50_32x4d(classes: 10)</c>.</summary>
[ModelName("resnext50_32x4d")]
public sealed class ResNeXt50_32x4d : ResNetBottleneck
{
    /// <summary>ResNeXt-50 32x4d with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public ResNeXt50_32x4d(int classes = 1000) : base(3, 4, 6, 3, groups: 32, baseWidth: 4, classes: classes) { CatalogName = "resnext50_32x4d"; }
}

/// <summary>Wide ResNet-50-2 (torchvision <c>wide_resnet50_2</c>) as a type: <c>new WideResNet50_2(classes: 10)</c>.</summary>
[ModelName("wide_resnet50_2")]
public sealed class WideResNet50_2 : ResNetBottleneck
{
    /// <summary>Wide ResNet-50-2 with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public WideResNet50_2(int classes = 1000) : base(3, 4, 6, 3, groups: 1, baseWidth: 128, classes: classes) { CatalogName = "wide_resnet50_2"; }
}

/// <summary>ResNeXt <c>resnext101_32x8d</c> (torchvision's name) as a type: <c>new ResNeXt101_32x8d(classes: 10)</c>.</summary>
[ModelName("resnext101_32x8d")]
public sealed class ResNeXt101_32x8d : ResNetBottleneck
{
    /// <summary><c>resnext101_32x8d</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public ResNeXt101_32x8d(int classes = 1000) : base(3, 4, 23, 3, 32, 8, classes: classes) { CatalogName = "resnext101_32x8d"; }
}

/// <summary>ResNeXt <c>resnext101_64x4d</c> (torchvision's name) as a type: <c>new ResNeXt101_64x4d(classes: 10)</c>.</summary>
[ModelName("resnext101_64x4d")]
public sealed class ResNeXt101_64x4d : ResNetBottleneck
{
    /// <summary><c>resnext101_64x4d</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public ResNeXt101_64x4d(int classes = 1000) : base(3, 4, 23, 3, 64, 4, classes: classes) { CatalogName = "resnext101_64x4d"; }
}

/// <summary>Wide ResNet <c>wide_resnet101_2</c> (torchvision's name) as a type: <c>new WideResNet101_2(classes: 10)</c>.</summary>
[ModelName("wide_resnet101_2")]
public sealed class WideResNet101_2 : ResNetBottleneck
{
    /// <summary><c>wide_resnet101_2</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public WideResNet101_2(int classes = 1000) : base(3, 4, 23, 3, 1, 128, classes: classes) { CatalogName = "wide_resnet101_2"; }
}
