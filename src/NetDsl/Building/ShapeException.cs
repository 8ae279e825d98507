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
        public ShapeException(ShapeIssue issue) : base(issue.Id + ": " + issue.Message) { Issue = issue; }
        public ShapeIssue Issue { get; }
    }
}
