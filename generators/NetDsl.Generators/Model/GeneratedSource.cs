namespace NetDsl.Generators.Model
{
    /// <summary>One generated file as text (null when emission failed, then <see cref="Error"/> says why).</summary>
    /// <remarks>Plain strings, so the source output's input compares by value and does not change when only locations do.</remarks>
    public sealed record GeneratedSource(string HintName, string? Text, DiagnosticInfo? Error)
    {
        /// <summary>What the file is of, unique in the project ("Network:global::Demo.Net"): the key its unique hint name is assigned under.</summary>
        public string Key { get; init; } = "";
    }
}
