using System;
using System.IO;
using System.Text.Json;

namespace NetDsl.Cli
{
    /// <summary>
    /// One JSON array written to a console element by element as results come (the same text <see cref="JsonText.Of"/> writes for
    /// the whole array), so a long <c>--json</c> run holds no element once it is printed.
    /// </summary>
    internal sealed class JsonArrayLines
    {
        readonly TextWriter output;
        bool any;

        public JsonArrayLines(TextWriter output) { this.output = output; }

        /// <summary>Writes the element <paramref name="write"/> writes.</summary>
        public void Add(Action<Utf8JsonWriter> write)
        {
            output.Write(any ? "," : "[");
            any = true;
            output.Write(JsonText.Of(write));
        }

        /// <summary>Closes the array (an empty one when nothing was added) and ends the line.</summary>
        public void End() => output.WriteLine(any ? "]" : "[]");
    }
}
