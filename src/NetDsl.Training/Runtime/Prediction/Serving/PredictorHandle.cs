using System;
using System.Collections.Generic;
using System.Threading;

namespace NetDsl
{
    /// <summary>
    /// The current <see cref="Predictor"/> of a service, swappable while requests are in flight: <see cref="Swap"/> puts a new one
    /// in place and disposes the old, which finishes the calls already running on it and is freed after its last one. Calls made
    /// through the handle (<see cref="Use{T}"/>, <see cref="Classify(string)"/>, <see cref="ClassifyMany(IEnumerable{ImageSource}, CancellationToken)"/>)
    /// always run on a live predictor: never an <see cref="ObjectDisposedException"/> because of a swap.
    /// </summary>
    public sealed class PredictorHandle : IDisposable
    {
        Predictor current;
        int disposed;

        /// <summary>A handle serving <paramref name="predictor"/> (which it now owns: it is disposed when swapped out or with the handle).</summary>
        public PredictorHandle(Predictor predictor)
        {
            ArgumentNullException.ThrowIfNull(predictor);
            current = predictor;
        }

        /// <summary>The predictor serving now (a call on it directly may meet it disposed by a swap; call through the handle instead).</summary>
        public Predictor Current => Volatile.Read(ref current);

        /// <summary>
        /// <paramref name="call"/> on the current predictor, which stays alive until it returns even if a swap happens meanwhile.
        /// After the handle is disposed, an <see cref="ObjectDisposedException"/>.
        /// </summary>
        public T Use<T>(Func<Predictor, T> call)
        {
            ArgumentNullException.ThrowIfNull(call);
            while (true)
            {
                var predictor = Volatile.Read(ref current);
                if (predictor.TryEnter())
                {
                    try { return call(predictor); }
                    finally { predictor.Exit(); }
                }
                // Disposed between the read and the entry: a swap has put the next one in place already, unless the handle is gone.
                if (Volatile.Read(ref disposed) == 1 && ReferenceEquals(predictor, Volatile.Read(ref current)))
                    throw new ObjectDisposedException(nameof(PredictorHandle), $"the PredictorHandle serving {predictor.Name} was disposed before this call");
                if (ReferenceEquals(predictor, Volatile.Read(ref current)))
                    throw new ObjectDisposedException(nameof(Predictor), $"Predictor {predictor.Name} was disposed while its PredictorHandle still serves it; dispose the handle (or Swap) instead");
            }
        }

        /// <summary>The current predictor's answer for one image file (<see cref="Predictor.Classify(string)"/>).</summary>
        public ImageClassification Classify(string imageFile) => Use(p => p.Classify(imageFile));

        /// <summary>The current predictor's answer for one encoded image (<see cref="Predictor.Classify(ImageSource)"/>).</summary>
        public ImageClassification Classify(ImageSource image) => Use(p => p.Classify(image));

        /// <summary>The current predictor's results, one per input (<see cref="Predictor.ClassifyMany(IEnumerable{ImageSource}, CancellationToken)"/>).</summary>
        public IReadOnlyList<PredictorResult> ClassifyMany(IEnumerable<ImageSource> images, CancellationToken cancellation = default) =>
            Use(p => p.ClassifyMany(images, cancellation));

        /// <summary>
        /// Serves <paramref name="next"/> from now on and disposes the predictor it replaces: calls already running on that one
        /// finish there, and it is freed after the last of them.
        /// </summary>
        public void Swap(Predictor next)
        {
            ArgumentNullException.ThrowIfNull(next);
            if (Volatile.Read(ref disposed) == 1) throw new ObjectDisposedException(nameof(PredictorHandle), "Swap on a disposed PredictorHandle");
            if (next.IsDisposed) throw new ArgumentException($"Predictor {next.Name} is disposed; swap in a live one", nameof(next));
            var old = Interlocked.Exchange(ref current, next);
            if (!ReferenceEquals(old, next)) old.Dispose();
        }

        /// <summary>Disposes the current predictor (after its calls in flight) and refuses further calls.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) Volatile.Read(ref current).Dispose();
        }
    }
}
