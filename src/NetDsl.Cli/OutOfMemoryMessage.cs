using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace NetDsl.Cli
{
    /// <summary>
    /// Recognises running out of memory (.NET's <see cref="OutOfMemoryException"/>, libtorch's allocator failures: "DefaultCPUAllocator:
    /// can't allocate memory", "CUDA out of memory") and words it as the user's problem with the user's fix, one line: libtorch's
    /// message carries a C++ stack trace, and the cause is the batch or input size asked for, not a NetDsl bug.
    /// </summary>
    internal static class OutOfMemoryMessage
    {
        static readonly Regex Allocation = new(@"can't allocate memory|out of memory|Cannot allocate memory|failed to allocate", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        static readonly Regex Bytes = new(@"(?:tried to allocate|allocate) (\d+) bytes", RegexOptions.CultureInvariant);

        /// <summary>
        /// The line for <paramref name="e"/> in <paramref name="command"/>, which takes <c>--batch</c> when <paramref name="batched"/>,
        /// given as <paramref name="batch"/> (null: its default); null when <paramref name="e"/> is not an allocation failure.
        /// </summary>
        public static string? For(Exception e, string command, bool batched, string? batch)
        {
            if (e is not OutOfMemoryException && !Allocation.IsMatch(e.Message)) return null;
            string size = Bytes.Match(e.Message) is { Success: true } m && long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long bytes)
                ? string.Format(CultureInfo.InvariantCulture, " ({0:F0} MB more were asked for)", bytes / 1e6)
                : "";
            return batched
                ? $"out of memory in '{command}' at batch size {batch ?? "the default"}{size}: lower --batch (or the input size, --input)"
                : $"out of memory in '{command}'{size}: lower the input size (--input) or free memory";
        }
    }
}
