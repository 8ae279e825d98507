namespace NetDsl.Generators.Model
{
    /// <summary>One generated file as text (null when emission failed, then <see cref="Error"/> says why).</summary>
    /// <remarks>Plain strings, so the source output's input compares by value and does not change when only locations do.</remarks>
    public sealed record GeneratedSource(string HintName, string? Text, DiagnosticInfo? Error);
}
