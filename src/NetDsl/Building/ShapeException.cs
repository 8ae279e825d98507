using System;
using NetDsl.Shapes;

namespace NetDsl
{
    /// <summary>
    /// Thrown by a generated constructor when a shape rule fails for the values it was built with
    /// (the same ID and message the generator reports at compile time).
    /// </summary>
    public sealed class ShapeException : InvalidOperationException
    {
        /// <summary>The exception for <paramref name="issue"/>.</summary>
        public ShapeException(ShapeIssue issue) : base(issue.Id + ": " + issue.Message) { Issue = issue; }
        /// <summary>What was wrong: the diagnostic id, the layer path and the message.</summary>
        public ShapeIssue Issue { get; }
    }
}
