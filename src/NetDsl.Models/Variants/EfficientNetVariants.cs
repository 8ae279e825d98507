using NetDsl;
using NetDsl.Shapes;

namespace NetDsl.Zoo.Models;

// EfficientNet (Tan and Le, 2019) and EfficientNetV2-M/L (2021): each [Variant] of the declaration as a type of its own, with the same constructor arguments
// (ModelTypeTests checks every one builds the state dict Models.Create(name) builds).

/// <summary>EfficientNet-B0 (torchvision <c>efficientnet_b0</c>) as a type: <c>new EfficientNetB0(classes: 10)</c>.</summary>
[ModelName("efficientnet_b0")]
public sealed class EfficientNetB0 : EfficientNet
{
    /// <summary>EfficientNet-B0 with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public EfficientNetB0(int classes = 1000) : base(1.0, 1.0, 0.2, classes: classes) { CatalogName = "efficientnet_b0"; }
}

/// <summary>EfficientNet-B1 (torchvision <c>efficientnet_b1</c>) as a type: <c>new EfficientNetB1(classes: 10)</c>.</summary>
[ModelName("efficientnet_b1")]
public sealed class EfficientNetB1 : EfficientNet
{
    /// <summary>EfficientNet-B1 with <paramref name="classes"/> outputs, built for its own input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public EfficientNetB1(int classes = 1000) : base(1.0, 1.1, 0.2, classes: classes) { CatalogName = "efficientnet_b1"; }

    /// <summary>EfficientNet-B1's own resolution.</summary>
    public override TensorShape DeclaredInput => new TensorShape(3, 240, 240);
}

/// <summary>EfficientNet-B2 (torchvision <c>efficientnet_b2</c>) as a type: <c>new EfficientNetB2(classes: 10)</c>.</summary>
[ModelName("efficientnet_b2")]
public sealed class EfficientNetB2 : EfficientNet
{
    /// <summary>EfficientNet-B2 with <paramref name="classes"/> outputs, built for its own input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public EfficientNetB2(int classes = 1000) : base(1.1, 1.2, 0.3, classes: classes) { CatalogName = "efficientnet_b2"; }

    /// <summary>EfficientNet-B2's own resolution.</summary>
    public override TensorShape DeclaredInput => new TensorShape(3, 260, 260);
}

/// <summary>EfficientNet-B3 (torchvision <c>efficientnet_b3</c>) as a type: <c>new EfficientNetB3(classes: 10)</c>.</summary>
[ModelName("efficientnet_b3")]
public sealed class EfficientNetB3 : EfficientNet
{
    /// <summary>EfficientNet-B3 with <paramref name="classes"/> outputs, built for its own input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public EfficientNetB3(int classes = 1000) : base(1.2, 1.4, 0.3, classes: classes) { CatalogName = "efficientnet_b3"; }

    /// <summary>EfficientNet-B3's own resolution.</summary>
    public override TensorShape DeclaredInput => new TensorShape(3, 300, 300);
}

/// <summary>EfficientNet-B4 (torchvision <c>efficientnet_b4</c>) as a type: <c>new EfficientNetB4(classes: 10)</c>.</summary>
[ModelName("efficientnet_b4")]
public sealed class EfficientNetB4 : EfficientNet
{
    /// <summary>EfficientNet-B4 with <paramref name="classes"/> outputs, built for its own input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public EfficientNetB4(int classes = 1000) : base(1.4, 1.8, 0.4, classes: classes) { CatalogName = "efficientnet_b4"; }

    /// <summary>EfficientNet-B4's own resolution.</summary>
    public override TensorShape DeclaredInput => new TensorShape(3, 380, 380);
}

/// <summary>EfficientNet-B5 (torchvision <c>efficientnet_b5</c>) as a type: <c>new EfficientNetB5(classes: 10)</c>.</summary>
[ModelName("efficientnet_b5")]
public sealed class EfficientNetB5 : EfficientNet
{
    /// <summary>EfficientNet-B5 with <paramref name="classes"/> outputs, built for its own input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public EfficientNetB5(int classes = 1000) : base(1.6, 2.2, 0.4, 0.001, 0.01, classes: classes) { CatalogName = "efficientnet_b5"; }

    /// <summary>EfficientNet-B5's own resolution.</summary>
    public override TensorShape DeclaredInput => new TensorShape(3, 456, 456);
}

/// <summary>EfficientNet-B6 (torchvision <c>efficientnet_b6</c>) as a type: <c>new EfficientNetB6(classes: 10)</c>.</summary>
[ModelName("efficientnet_b6")]
public sealed class EfficientNetB6 : EfficientNet
{
    /// <summary>EfficientNet-B6 with <paramref name="classes"/> outputs, built for its own input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public EfficientNetB6(int classes = 1000) : base(1.8, 2.6, 0.5, 0.001, 0.01, classes: classes) { CatalogName = "efficientnet_b6"; }

    /// <summary>EfficientNet-B6's own resolution.</summary>
    public override TensorShape DeclaredInput => new TensorShape(3, 528, 528);
}

/// <summary>EfficientNet-B7 (torchvision <c>efficientnet_b7</c>) as a type: <c>new EfficientNetB7(classes: 10)</c>.</summary>
[ModelName("efficientnet_b7")]
public sealed class EfficientNetB7 : EfficientNet
{
    /// <summary>EfficientNet-B7 with <paramref name="classes"/> outputs, built for its own input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public EfficientNetB7(int classes = 1000) : base(2.0, 3.1, 0.5, 0.001, 0.01, classes: classes) { CatalogName = "efficientnet_b7"; }

    /// <summary>EfficientNet-B7's own resolution.</summary>
    public override TensorShape DeclaredInput => new TensorShape(3, 600, 600);
}

/// <summary>EfficientNetV2-M (torchvision <c>efficientnet_v2_m</c>) as a type: <c>new EfficientNetV2M(classes: 10)</c>.</summary>
[ModelName("efficientnet_v2_m")]
public sealed class EfficientNetV2M : EfficientNetV2
{
    /// <summary>EfficientNetV2-M with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public EfficientNetV2M(int classes = 1000) : base(24, 48, 80, 160, 176, 304, 512, 3, 5, 5, 7, 14, 18, 5, 0.3, classes: classes) { CatalogName = "efficientnet_v2_m"; }
}

/// <summary>EfficientNetV2-L (torchvision <c>efficientnet_v2_l</c>) as a type: <c>new EfficientNetV2L(classes: 10)</c>.</summary>
[ModelName("efficientnet_v2_l")]
public sealed class EfficientNetV2L : EfficientNetV2
{
    /// <summary>EfficientNetV2-L with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public EfficientNetV2L(int classes = 1000) : base(32, 64, 96, 192, 224, 384, 640, 4, 7, 7, 10, 19, 25, 7, 0.4, classes: classes) { CatalogName = "efficientnet_v2_l"; }
}
