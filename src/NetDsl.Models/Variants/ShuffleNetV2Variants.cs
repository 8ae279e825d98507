using NetDsl;

namespace NetDsl.Zoo.Models;

// Each [Variant] of the declaration as a type of its own, with the same constructor arguments
// (ModelTypeTests checks every one builds the state dict Models.Create(name) builds).

/// <summary>ShuffleNet V2 <c>shufflenet_v2_x0_5</c> (torchvision's name) as a type: <c>new ShuffleNetV2X0_5(classes: 10)</c>.</summary>
[ModelName("shufflenet_v2_x0_5")]
public sealed class ShuffleNetV2X0_5 : ShuffleNetV2
{
    /// <summary><c>shufflenet_v2_x0_5</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public ShuffleNetV2X0_5(int classes = 1000) : base(48, 96, 192, 1024, classes: classes) { CatalogName = "shufflenet_v2_x0_5"; }
}

/// <summary>ShuffleNet V2 <c>shufflenet_v2_x1_0</c> (torchvision's name) as a type: <c>new ShuffleNetV2X1_0(classes: 10)</c>.</summary>
[ModelName("shufflenet_v2_x1_0")]
public sealed class ShuffleNetV2X1_0 : ShuffleNetV2
{
    /// <summary><c>shufflenet_v2_x1_0</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public ShuffleNetV2X1_0(int classes = 1000) : base(116, 232, 464, 1024, classes: classes) { CatalogName = "shufflenet_v2_x1_0"; }
}

/// <summary>ShuffleNet V2 <c>shufflenet_v2_x1_5</c> (torchvision's name) as a type: <c>new ShuffleNetV2X1_5(classes: 10)</c>.</summary>
[ModelName("shufflenet_v2_x1_5")]
public sealed class ShuffleNetV2X1_5 : ShuffleNetV2
{
    /// <summary><c>shufflenet_v2_x1_5</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public ShuffleNetV2X1_5(int classes = 1000) : base(176, 352, 704, 1024, classes: classes) { CatalogName = "shufflenet_v2_x1_5"; }
}

/// <summary>ShuffleNet V2 <c>shufflenet_v2_x2_0</c> (torchvision's name) as a type: <c>new ShuffleNetV2X2_0(classes: 10)</c>.</summary>
[ModelName("shufflenet_v2_x2_0")]
public sealed class ShuffleNetV2X2_0 : ShuffleNetV2
{
    /// <summary><c>shufflenet_v2_x2_0</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public ShuffleNetV2X2_0(int classes = 1000) : base(244, 488, 976, 2048, classes: classes) { CatalogName = "shufflenet_v2_x2_0"; }
}
