using System.Globalization;

namespace NetDsl.Shapes
{
    /// <summary>
    /// How [Repeat] lays out its instances, for the checker and the runtime: names, and which instance takes the
    /// <see cref="RepeatArgs.First"/> overrides (the first: torchvision's _make_layer strides only there).
    /// </summary>
    internal static class RepeatPlan
    {
        /// <summary>Instance <paramref name="index"/>'s name: Prefix + (Start + index) ("0", "denselayer1").</summary>
        public static string InstanceName(string prefix, int start, int index) =>
            prefix + (start + index).ToString(CultureInfo.InvariantCulture);

        /// <summary>Whether instance <paramref name="index"/> takes the First overrides.</summary>
        public static bool TakesFirst(int index) => index == 0;
    }
}
