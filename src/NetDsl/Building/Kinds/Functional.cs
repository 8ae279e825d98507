namespace NetDsl
{
    /// <summary>
    /// The functional form of each parameter-free kind, one <c>Apply</c> overload per argument record (in the kind's file
    /// beside its factory): what a generated forward calls for layers after a member's first (torchvision's <c>bn1 → relu</c>).
    /// </summary>
    public static partial class Functional { }
}
