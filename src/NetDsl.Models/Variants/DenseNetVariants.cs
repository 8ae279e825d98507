using NetDsl;

namespace NetDsl.Zoo.Models;

// DenseNet (Huang et al., 2016): each [Variant] of the declaration as a type of its own, with the same constructor arguments
// (ModelTypeTests checks every one builds the state dict Models.Create(name) builds).

/// <summary>DenseNet-121 (torchvision <c>densenet121</c>) as a type: <c>new DenseNet121(classes: 10)</c>.</summary>
[ModelName("densenet121")]
public sealed class DenseNet121 : DenseNet
{
    /// <summary>DenseNet-121 with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public DenseNet121(int classes = 1000) : base(32, 64, 6, 12, 24, 16, classes: classes) { CatalogName = "densenet121"; }
}

/// <summary>DenseNet-161 (torchvision <c>densenet161</c>) as a type: <c>new DenseNet161(classes: 10)</c>.</summary>
[ModelName("densenet161")]
public sealed class DenseNet161 : DenseNet
{
    /// <summary>DenseNet-161 with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public DenseNet161(int classes = 1000) : base(48, 96, 6, 12, 36, 24, classes: classes) { CatalogName = "densenet161"; }
}

/// <summary>DenseNet-169 (torchvision <c>densenet169</c>) as a type: <c>new DenseNet169(classes: 10)</c>.</summary>
[ModelName("densenet169")]
public sealed class DenseNet169 : DenseNet
{
    /// <summary>DenseNet-169 with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public DenseNet169(int classes = 1000) : base(32, 64, 6, 12, 32, 32, classes: classes) { CatalogName = "densenet169"; }
}

/// <summary>DenseNet-201 (torchvision <c>densenet201</c>) as a type: <c>new DenseNet201(classes: 10)</c>.</summary>
[ModelName("densenet201")]
public sealed class DenseNet201 : DenseNet
{
    /// <summary>DenseNet-201 with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public DenseNet201(int classes = 1000) : base(32, 64, 6, 12, 48, 32, classes: classes) { CatalogName = "densenet201"; }
}
