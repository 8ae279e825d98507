using NetDsl;

namespace NetDsl.Zoo.Models;

// Each [Variant] of the declaration as a type of its own, with the same constructor arguments
// (ModelTypeTests checks every one builds the state dict Models.Create(name) builds).

/// <summary>MNASNet <c>mnasnet0_5</c> (torchvision's name) as a type: <c>new MnasNet0_5(classes: 10)</c>.</summary>
[ModelName("mnasnet0_5")]
public sealed class MnasNet0_5 : MnasNet
{
    /// <summary><c>mnasnet0_5</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public MnasNet0_5(int classes = 1000) : base(16, 8, 16, 24, 40, 48, 96, 160, classes: classes) { CatalogName = "mnasnet0_5"; }
}

/// <summary>MNASNet <c>mnasnet0_75</c> (torchvision's name) as a type: <c>new MnasNet0_75(classes: 10)</c>.</summary>
[ModelName("mnasnet0_75")]
public sealed class MnasNet0_75 : MnasNet
{
    /// <summary><c>mnasnet0_75</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public MnasNet0_75(int classes = 1000) : base(24, 16, 24, 32, 64, 72, 144, 240, classes: classes) { CatalogName = "mnasnet0_75"; }
}

/// <summary>MNASNet <c>mnasnet1_0</c> (torchvision's name) as a type: <c>new MnasNet1_0(classes: 10)</c>.</summary>
[ModelName("mnasnet1_0")]
public sealed class MnasNet1_0 : MnasNet
{
    /// <summary><c>mnasnet1_0</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public MnasNet1_0(int classes = 1000) : base(32, 16, 24, 40, 80, 96, 192, 320, classes: classes) { CatalogName = "mnasnet1_0"; }
}

/// <summary>MNASNet <c>mnasnet1_3</c> (torchvision's name) as a type: <c>new MnasNet1_3(classes: 10)</c>.</summary>
[ModelName("mnasnet1_3")]
public sealed class MnasNet1_3 : MnasNet
{
    /// <summary><c>mnasnet1_3</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public MnasNet1_3(int classes = 1000) : base(40, 24, 32, 56, 104, 128, 248, 416, classes: classes) { CatalogName = "mnasnet1_3"; }
}
