using System;
using System.Collections.Generic;

namespace NetDsl
{
    /// <summary>
    /// A batch call's answer for one input (<see cref="Predictor.ClassifyMany(IEnumerable{ImageSource}, System.Threading.CancellationToken)"/>):
    /// its most probable classes, best first, or the error that input met (an unreadable, truncated or oversized image), which fails that input only.
    /// </summary>
    public sealed record PredictorResult(string Input, IReadOnlyList<ClassScore> Top, Exception? Error)
    {
        /// <summary>Whether the input was answered (<see cref="Error"/> is null).</summary>
        public bool Succeeded => Error is null;

        /// <summary>The most probable class; an <see cref="InvalidOperationException"/> carrying <see cref="Error"/> for an input that failed.</summary>
        public ClassScore Best => Error is null ? Top[0] : throw new InvalidOperationException($"no answer for {Input}: {Error.Message}", Error);

        internal static PredictorResult Failed(string input, Exception error) => new(input, Array.Empty<ClassScore>(), error);
    }
}
