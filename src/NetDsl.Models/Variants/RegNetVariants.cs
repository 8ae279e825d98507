using NetDsl;

namespace NetDsl.Zoo.Models;

// Each [Variant] of the declaration as a type of its own, with the same constructor arguments
// (ModelTypeTests checks every one builds the state dict Models.Create(name) builds).

/// <summary>RegNet <c>regnet_x_400mf</c> (torchvision's name) as a type: <c>new RegNetX400mf(classes: 10)</c>.</summary>
[ModelName("regnet_x_400mf")]
public sealed class RegNetX400mf : RegNetX
{
    /// <summary><c>regnet_x_400mf</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public RegNetX400mf(int classes = 1000) : base(1, 2, 7, 12, 32, 64, 160, 400, 16, 16, 16, 16, classes: classes) { CatalogName = "regnet_x_400mf"; }
}

/// <summary>RegNet <c>regnet_x_800mf</c> (torchvision's name) as a type: <c>new RegNetX800mf(classes: 10)</c>.</summary>
[ModelName("regnet_x_800mf")]
public sealed class RegNetX800mf : RegNetX
{
    /// <summary><c>regnet_x_800mf</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public RegNetX800mf(int classes = 1000) : base(1, 3, 7, 5, 64, 128, 288, 672, 16, 16, 16, 16, classes: classes) { CatalogName = "regnet_x_800mf"; }
}

/// <summary>RegNet <c>regnet_x_1_6gf</c> (torchvision's name) as a type: <c>new RegNetX1_6gf(classes: 10)</c>.</summary>
[ModelName("regnet_x_1_6gf")]
public sealed class RegNetX1_6gf : RegNetX
{
    /// <summary><c>regnet_x_1_6gf</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public RegNetX1_6gf(int classes = 1000) : base(2, 4, 10, 2, 72, 168, 408, 912, 24, 24, 24, 24, classes: classes) { CatalogName = "regnet_x_1_6gf"; }
}

/// <summary>RegNet <c>regnet_x_3_2gf</c> (torchvision's name) as a type: <c>new RegNetX3_2gf(classes: 10)</c>.</summary>
[ModelName("regnet_x_3_2gf")]
public sealed class RegNetX3_2gf : RegNetX
{
    /// <summary><c>regnet_x_3_2gf</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public RegNetX3_2gf(int classes = 1000) : base(2, 6, 15, 2, 96, 192, 432, 1008, 48, 48, 48, 48, classes: classes) { CatalogName = "regnet_x_3_2gf"; }
}

/// <summary>RegNet <c>regnet_x_8gf</c> (torchvision's name) as a type: <c>new RegNetX8gf(classes: 10)</c>.</summary>
[ModelName("regnet_x_8gf")]
public sealed class RegNetX8gf : RegNetX
{
    /// <summary><c>regnet_x_8gf</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public RegNetX8gf(int classes = 1000) : base(2, 5, 15, 1, 80, 240, 720, 1920, 80, 120, 120, 120, classes: classes) { CatalogName = "regnet_x_8gf"; }
}

/// <summary>RegNet <c>regnet_x_16gf</c> (torchvision's name) as a type: <c>new RegNetX16gf(classes: 10)</c>.</summary>
[ModelName("regnet_x_16gf")]
public sealed class RegNetX16gf : RegNetX
{
    /// <summary><c>regnet_x_16gf</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public RegNetX16gf(int classes = 1000) : base(2, 6, 13, 1, 256, 512, 896, 2048, 128, 128, 128, 128, classes: classes) { CatalogName = "regnet_x_16gf"; }
}

/// <summary>RegNet <c>regnet_x_32gf</c> (torchvision's name) as a type: <c>new RegNetX32gf(classes: 10)</c>.</summary>
[ModelName("regnet_x_32gf")]
public sealed class RegNetX32gf : RegNetX
{
    /// <summary><c>regnet_x_32gf</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public RegNetX32gf(int classes = 1000) : base(2, 7, 13, 1, 336, 672, 1344, 2520, 168, 168, 168, 168, classes: classes) { CatalogName = "regnet_x_32gf"; }
}

/// <summary>RegNet <c>regnet_y_400mf</c> (torchvision's name) as a type: <c>new RegNetY400mf(classes: 10)</c>.</summary>
[ModelName("regnet_y_400mf")]
public sealed class RegNetY400mf : RegNetY
{
    /// <summary><c>regnet_y_400mf</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public RegNetY400mf(int classes = 1000) : base(1, 3, 6, 6, 48, 104, 208, 440, 8, 8, 8, 8, classes: classes) { CatalogName = "regnet_y_400mf"; }
}

/// <summary>RegNet <c>regnet_y_800mf</c> (torchvision's name) as a type: <c>new RegNetY800mf(classes: 10)</c>.</summary>
[ModelName("regnet_y_800mf")]
public sealed class RegNetY800mf : RegNetY
{
    /// <summary><c>regnet_y_800mf</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public RegNetY800mf(int classes = 1000) : base(1, 3, 8, 2, 64, 144, 320, 784, 16, 16, 16, 16, classes: classes) { CatalogName = "regnet_y_800mf"; }
}

/// <summary>RegNet <c>regnet_y_1_6gf</c> (torchvision's name) as a type: <c>new RegNetY1_6gf(classes: 10)</c>.</summary>
[ModelName("regnet_y_1_6gf")]
public sealed class RegNetY1_6gf : RegNetY
{
    /// <summary><c>regnet_y_1_6gf</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public RegNetY1_6gf(int classes = 1000) : base(2, 6, 17, 2, 48, 120, 336, 888, 24, 24, 24, 24, classes: classes) { CatalogName = "regnet_y_1_6gf"; }
}

/// <summary>RegNet <c>regnet_y_3_2gf</c> (torchvision's name) as a type: <c>new RegNetY3_2gf(classes: 10)</c>.</summary>
[ModelName("regnet_y_3_2gf")]
public sealed class RegNetY3_2gf : RegNetY
{
    /// <summary><c>regnet_y_3_2gf</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public RegNetY3_2gf(int classes = 1000) : base(2, 5, 13, 1, 72, 216, 576, 1512, 24, 24, 24, 24, classes: classes) { CatalogName = "regnet_y_3_2gf"; }
}

/// <summary>RegNet <c>regnet_y_8gf</c> (torchvision's name) as a type: <c>new RegNetY8gf(classes: 10)</c>.</summary>
[ModelName("regnet_y_8gf")]
public sealed class RegNetY8gf : RegNetY
{
    /// <summary><c>regnet_y_8gf</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public RegNetY8gf(int classes = 1000) : base(2, 4, 10, 1, 224, 448, 896, 2016, 56, 56, 56, 56, classes: classes) { CatalogName = "regnet_y_8gf"; }
}

/// <summary>RegNet <c>regnet_y_16gf</c> (torchvision's name) as a type: <c>new RegNetY16gf(classes: 10)</c>.</summary>
[ModelName("regnet_y_16gf")]
public sealed class RegNetY16gf : RegNetY
{
    /// <summary><c>regnet_y_16gf</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public RegNetY16gf(int classes = 1000) : base(2, 4, 11, 1, 224, 448, 1232, 3024, 112, 112, 112, 112, classes: classes) { CatalogName = "regnet_y_16gf"; }
}

/// <summary>RegNet <c>regnet_y_32gf</c> (torchvision's name) as a type: <c>new RegNetY32gf(classes: 10)</c>.</summary>
[ModelName("regnet_y_32gf")]
public sealed class RegNetY32gf : RegNetY
{
    /// <summary><c>regnet_y_32gf</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public RegNetY32gf(int classes = 1000) : base(2, 5, 12, 1, 232, 696, 1392, 3712, 232, 232, 232, 232, classes: classes) { CatalogName = "regnet_y_32gf"; }
}

/// <summary>RegNet <c>regnet_y_128gf</c> (torchvision's name) as a type: <c>new RegNetY128gf(classes: 10)</c>.</summary>
[ModelName("regnet_y_128gf")]
public sealed class RegNetY128gf : RegNetY
{
    /// <summary><c>regnet_y_128gf</c> with <paramref name="classes"/> outputs, built for the declared input (or an enclosing <see cref="Network.BuildAt"/>'s).</summary>
    public RegNetY128gf(int classes = 1000) : base(2, 7, 17, 1, 528, 1056, 2904, 7392, 264, 264, 264, 264, classes: classes) { CatalogName = "regnet_y_128gf"; }
}
