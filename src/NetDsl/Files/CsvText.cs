namespace NetDsl.Files
{
    /// <summary>CSV as the files NetDsl writes hold it (RFC 4180): one quoting rule for every table (predictions, confusion, comparisons).</summary>
    public static class CsvText
    {
        static readonly char[] Special = { ',', '"', '\n', '\r' };

        /// <summary><paramref name="value"/> as one CSV field: as is, or quoted (its quotes doubled) when it holds a comma, quote or line break.</summary>
        public static string Field(string value) =>
            value.IndexOfAny(Special) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
    }
}
