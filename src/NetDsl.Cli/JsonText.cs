using System;
using System.IO;
using System.Text;
using System.Text.Json;

namespace NetDsl.Cli
{
    /// <summary>
    /// One JSON document written with <see cref="Utf8JsonWriter"/>: the CLI's <c>--json</c> outputs are written field by field,
    /// not by JsonSerializer's reflection, which a trimmed or Native AOT app hosting <see cref="CliHost"/> does not have.
    /// </summary>
    internal static class JsonText
    {
        /// <summary>The text <paramref name="write"/> writes (compact, JsonSerializer's default escaping).</summary>
        public static string Of(Action<Utf8JsonWriter> write)
        {
            var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer)) write(json);
            return Encoding.UTF8.GetString(buffer.ToArray());
        }
    }
}
