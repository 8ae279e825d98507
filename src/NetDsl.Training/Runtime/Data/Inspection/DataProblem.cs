namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// A file training cannot use: its <paramref name="Path"/> and the <paramref name="Message"/> training raises for it
    /// (which starts with the path).
    /// </summary>
    public sealed record DataProblem(string Path, string Message);
}
