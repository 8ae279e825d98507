namespace NetDsl.Cli
{
    /// <summary>The <c>summary --json</c> object, rendered from <see cref="Network.Summary"/> (see <see cref="ModelSummary.ToJson"/>).</summary>
    internal static class SummaryJson
    {
        /// <summary>The JSON object for <paramref name="network"/> under the catalogue name <paramref name="name"/>.</summary>
        public static string Write(string name, Network network) => network.Summary().ToJson(name);
    }
}
