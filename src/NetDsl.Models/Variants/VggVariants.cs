using NetDsl;

namespace NetDsl.Zoo.Models;

// VGG (Simonyan and Zisserman, 2014): each [Variant] of the declaration as a type of its own, with the same constructor arguments
// (ModelTypeTests checks every one builds the state dict Models.Create(name) builds).

/// <summary>VGG-11 (torchvision <c>vgg11</c>) as a type: <c>new Vgg11(classes: 10)</c>.</summary>
[ModelName("vgg11")]
public sealed class Vgg11 : Vgg
{
    /// <summary>VGG-11 with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public Vgg11(int classes = 1000) : base(Vgg.A, false, classes: classes) { CatalogName = "vgg11"; }
}

/// <summary>VGG-11 with batch norm (torchvision <c>vgg11_bn</c>) as a type: <c>new Vgg11Bn(classes: 10)</c>.</summary>
[ModelName("vgg11_bn")]
public sealed class Vgg11Bn : Vgg
{
    /// <summary>VGG-11 with batch norm with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public Vgg11Bn(int classes = 1000) : base(Vgg.A, true, classes: classes) { CatalogName = "vgg11_bn"; }
}

/// <summary>VGG-13 (torchvision <c>vgg13</c>) as a type: <c>new Vgg13(classes: 10)</c>.</summary>
[ModelName("vgg13")]
public sealed class Vgg13 : Vgg
{
    /// <summary>VGG-13 with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public Vgg13(int classes = 1000) : base(Vgg.B, false, classes: classes) { CatalogName = "vgg13"; }
}

/// <summary>VGG-13 with batch norm (torchvision <c>vgg13_bn</c>) as a type: <c>new Vgg13Bn(classes: 10)</c>.</summary>
[ModelName("vgg13_bn")]
public sealed class Vgg13Bn : Vgg
{
    /// <summary>VGG-13 with batch norm with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public Vgg13Bn(int classes = 1000) : base(Vgg.B, true, classes: classes) { CatalogName = "vgg13_bn"; }
}

/// <summary>VGG-16 (torchvision <c>vgg16</c>) as a type: <c>new Vgg16(classes: 10)</c>.</summary>
[ModelName("vgg16")]
public sealed class Vgg16 : Vgg
{
    /// <summary>VGG-16 with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public Vgg16(int classes = 1000) : base(Vgg.D, false, classes: classes) { CatalogName = "vgg16"; }
}

/// <summary>VGG-16 with batch norm (torchvision <c>vgg16_bn</c>) as a type: <c>new Vgg16Bn(classes: 10)</c>.</summary>
[ModelName("vgg16_bn")]
public sealed class Vgg16Bn : Vgg
{
    /// <summary>VGG-16 with batch norm with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public Vgg16Bn(int classes = 1000) : base(Vgg.D, true, classes: classes) { CatalogName = "vgg16_bn"; }
}

/// <summary>VGG-19 (torchvision <c>vgg19</c>) as a type: <c>new Vgg19(classes: 10)</c>.</summary>
[ModelName("vgg19")]
public sealed class Vgg19 : Vgg
{
    /// <summary>VGG-19 with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public Vgg19(int classes = 1000) : base(Vgg.E, false, classes: classes) { CatalogName = "vgg19"; }
}

/// <summary>VGG-19 with batch norm (torchvision <c>vgg19_bn</c>) as a type: <c>new Vgg19Bn(classes: 10)</c>.</summary>
[ModelName("vgg19_bn")]
public sealed class Vgg19Bn : Vgg
{
    /// <summary>VGG-19 with batch norm with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public Vgg19Bn(int classes = 1000) : base(Vgg.E, true, classes: classes) { CatalogName = "vgg19_bn"; }
}
