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

namespace NetDsl
{
    /// <summary>
    /// A batch call's answer for one input (<see cref="Predictor.SegmentMany(IEnumerable{ImageSource}, bool, System.Threading.CancellationToken)"/>,
    /// <see cref="Predictor.DetectMany(IEnumerable{ImageSource}, double?, System.Threading.CancellationToken)"/>): its <see cref="Value"/>, or the error
    /// that input met (an unreadable, truncated or oversized image, or an output holding NaN), which fails that input only.
    /// </summary>
    public sealed record PredictorResult<T>(string Input, T? Value, Exception? Error) where T : class
    {
        /// <summary>Whether the input was answered (<see cref="Error"/> is null).</summary>
        public bool Succeeded => Error is null;

        /// <summary>The answer; an <see cref="InvalidOperationException"/> carrying <see cref="Error"/> for an input that failed.</summary>
        public T Answer => Error is null ? Value! : throw new InvalidOperationException($"no answer for {Input}: {Error.Message}", Error);

        internal static PredictorResult<T> Failed(string input, Exception error) => new(input, null, error);
    }
}
