using System;
using NetDsl.Runtime.Data;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>How a <see cref="Predictor"/> runs: its image size limits, mini-batch, answer length, precision, and (for <see cref="Predictor.Load(string, System.Collections.Generic.IEnumerable{ModelEntry}, PredictorOptions?)"/>) device and settings.</summary>
    public sealed record PredictorOptions
    {
        /// <summary>
        /// The default <see cref="MaxPixels"/>: 25 million pixels (a 24-megapixel 6000x4000 photo passes; decoded RGB that
        /// is 75 MB before resizing), a limit for a service that takes images from callers it does not control.
        /// </summary>
        public const long DefaultMaxPixels = 25_000_000;

        /// <summary>
        /// Images whose header declares more pixels (width × height) are refused before decoding, with an error naming the
        /// input, its size and this limit. At most <see cref="PngCheck.MaxPixels"/> (16384², the ceiling every image read has).
        /// </summary>
        public long MaxPixels { get; init; } = DefaultMaxPixels;

        /// <summary>
        /// The default <see cref="MaxBytes"/>: 100 MB, above any encoded image of <see cref="DefaultMaxPixels"/> (a 25-megapixel
        /// RGB PNG stored without compression is 75 MB).
        /// </summary>
        public const long DefaultMaxBytes = 100_000_000;

        /// <summary>
        /// An encoded image (file, bytes or stream) longer than this is refused with an error naming the input, before it is
        /// decoded; a stream is read no further than one byte past it. At most <see cref="Array.MaxLength"/>.
        /// </summary>
        public long MaxBytes { get; init; } = DefaultMaxBytes;

        /// <summary>Images decoded and run through the model together by the batch calls (<see cref="Predictor.ClassifyMany(System.Collections.Generic.IEnumerable{ImageSource}, System.Threading.CancellationToken)"/>); cancellation is checked between them.</summary>
        public int BatchSize { get; init; } = 32;

        /// <summary>The most probable classes each answer lists.</summary>
        public int Top { get; init; } = 5;

        /// <summary>The precision of the inference module (<see cref="Network.ForInference"/>).</summary>
        public Precision Precision { get; init; } = Precision.Fp32;

        /// <summary><see cref="Predictor.Load(string, System.Collections.Generic.IEnumerable{ModelEntry}, PredictorOptions?)"/> only: the device the model is loaded onto (null: the CPU).</summary>
        public Device? Device { get; init; }

        /// <summary>
        /// <see cref="Predictor.Load(string, System.Collections.Generic.IEnumerable{ModelEntry}, PredictorOptions?)"/> only: normalisation and class
        /// names to use instead of the checkpoint's own (null: the checkpoint's, <see cref="InferenceSettings.From(NetDsl.Runtime.Training.CheckpointInfo)"/>).
        /// </summary>
        public InferenceSettings? Settings { get; init; }

        internal void Check()
        {
            if (MaxPixels < 1 || MaxPixels > PngCheck.MaxPixels)
                throw new ArgumentOutOfRangeException(nameof(MaxPixels), MaxPixels, $"PredictorOptions.MaxPixels is from 1 to {PngCheck.MaxPixels:N0} (16384x16384, the ceiling of every image read)");
            if (MaxBytes < 1 || MaxBytes > Array.MaxLength)
                throw new ArgumentOutOfRangeException(nameof(MaxBytes), MaxBytes, $"PredictorOptions.MaxBytes is from 1 to {Array.MaxLength:N0} (the longest array .NET holds)");
            if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "PredictorOptions.BatchSize needs at least one image");
            if (Top < 1) throw new ArgumentOutOfRangeException(nameof(Top), Top, "PredictorOptions.Top needs at least one class");
        }
    }
}
