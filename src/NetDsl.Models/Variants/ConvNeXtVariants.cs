using NetDsl;

namespace NetDsl.Zoo.Models;

// Each [Variant] of the declaration as a type of its own, with the same constructor arguments
// (ModelTypeTests checks every one builds the state dict Models.Create(name) builds).

/// <summary>ConvNeXt <c>convnext_tiny</c> (torchvision's name) as a type: <c>new ConvNeXtTiny(classes: 10)</c>.</summary>
[ModelName("convnext_tiny")]
public sealed class ConvNeXtTiny : ConvNeXt
{
    /// <summary><c>convnext_tiny</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public ConvNeXtTiny(int classes = 1000) : base(96, 192, 384, 768, 3, 3, 9, 3, 0.1, classes: classes) { CatalogName = "convnext_tiny"; }
}

/// <summary>ConvNeXt <c>convnext_small</c> (torchvision's name) as a type: <c>new ConvNeXtSmall(classes: 10)</c>.</summary>
[ModelName("convnext_small")]
public sealed class ConvNeXtSmall : ConvNeXt
{
    /// <summary><c>convnext_small</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public ConvNeXtSmall(int classes = 1000) : base(96, 192, 384, 768, 3, 3, 27, 3, 0.4, classes: classes) { CatalogName = "convnext_small"; }
}

/// <summary>ConvNeXt <c>convnext_base</c> (torchvision's name) as a type: <c>new ConvNeXtBase(classes: 10)</c>.</summary>
[ModelName("convnext_base")]
public sealed class ConvNeXtBase : ConvNeXt
{
    /// <summary><c>convnext_base</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public ConvNeXtBase(int classes = 1000) : base(128, 256, 512, 1024, 3, 3, 27, 3, 0.5, classes: classes) { CatalogName = "convnext_base"; }
}

/// <summary>ConvNeXt <c>convnext_large</c> (torchvision's name) as a type: <c>new ConvNeXtLarge(classes: 10)</c>.</summary>
[ModelName("convnext_large")]
public sealed class ConvNeXtLarge : ConvNeXt
{
    /// <summary><c>convnext_large</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public ConvNeXtLarge(int classes = 1000) : base(192, 384, 768, 1536, 3, 3, 27, 3, 0.5, classes: classes) { CatalogName = "convnext_large"; }
}
