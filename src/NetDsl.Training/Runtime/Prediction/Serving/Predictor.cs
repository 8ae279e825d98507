using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Augmentations;
using NetDsl.Runtime.Training;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// A classifier, segmenter or detector ready to serve (ONNX Runtime's <c>InferenceSession</c>, Keras' loaded model): its inference module
    /// (<see cref="Network.ForInference"/>: eval mode for good, no autograd, BatchNorm folded) and the normalisation and class
    /// names it was trained with. Safe to call from any number of threads at once: no call changes a mode or any other shared
    /// state. Inputs are image files, encoded bytes or streams (<see cref="ImageSource"/>, all decoded, resized and
    /// normalised by the code files go through) or tensors. <see cref="ClassifyMany(IEnumerable{ImageSource}, CancellationToken)"/>
    /// answers each input on its own (a bad image fails only itself) and can be cancelled between mini-batches. Disposing
    /// it lets the calls in flight finish first (<see cref="PredictorHandle"/> swaps models under load that way).
    /// </summary>
    public sealed partial class Predictor : IDisposable
    {
        readonly InferenceNetwork inference;
        readonly InFlightCalls calls;
        readonly Device device;

        /// <summary>
        /// A predictor over <paramref name="network"/> (left where it is and switched to eval mode; not disposed with the predictor,
        /// and not to be trained while it serves: layers that are not folded read the network's own weights) with the
        /// normalisation and class names of <paramref name="settings"/> (<see cref="InferenceSettings.FromCheckpoint"/> for a model NetDsl trained).
        /// </summary>
        public Predictor(Network network, InferenceSettings settings, PredictorOptions? options = null)
            : this(network, settings, options ?? new PredictorOptions(), ownsNetwork: false, TrainerOptions.NameOf(network)) { }

        Predictor(Network network, InferenceSettings settings, PredictorOptions options, bool ownsNetwork, string name)
        {
            ArgumentNullException.ThrowIfNull(network);
            ArgumentNullException.ThrowIfNull(settings);
            options.Check();
            DisposedModule.ThrowIf(network, "a Predictor was made of it");
            ImagePreprocessing.Pipeline(network.InputShape, settings.Normalization);   // an input images cannot feed is refused now
            Nnpack.Disable();
            Settings = settings;
            Options = options;
            Name = name;
            Task = network.Card?.Task;
            device = network.parameters().FirstOrDefault()?.device ?? CPU;
            inference = network.ForInference(options.Precision);
            calls = new InFlightCalls(() =>
            {
                inference.Dispose();
                if (ownsNetwork) network.Dispose();
            });
        }

        /// <summary>The model's name and where it came from (the checkpoint's path for <see cref="Load(string, IEnumerable{ModelEntry}, PredictorOptions?)"/>), for messages.</summary>
        public string Name { get; }

        /// <summary>The normalisation images are prepared with and the class names answers carry.</summary>
        public InferenceSettings Settings { get; }

        /// <summary>The options it runs with.</summary>
        public PredictorOptions Options { get; }

        /// <summary>The network it runs (through its inference module).</summary>
        public Network Network => inference.Network;

        /// <summary>
        /// The model's output (fp32, on the CPU; the caller disposes it) for <paramref name="images"/>, already prepared:
        /// [N, C, H, W] or one [C, H, W] image.
        /// </summary>
        public Tensor Predict(Tensor images)
        {
            Enter();
            try { return Forward(images); }
            finally { calls.Exit(); }
        }

        /// <summary>Each image's <see cref="PredictorOptions.Top"/> most probable classes for prepared <paramref name="images"/> (see <see cref="Predict"/>).</summary>
        public IReadOnlyList<IReadOnlyList<ClassScore>> Classify(Tensor images)
        {
            RequireTask(ModelTask.Classification, nameof(Classify));
            using var logits = Predict(images);
            return Prediction.TopClasses(logits, Settings, Options.Top);
        }

        /// <summary>The answer for one image file; an unreadable, damaged or oversized image is an error naming it.</summary>
        public ImageClassification Classify(string imageFile) => Classify(ImageSource.FromFile(imageFile));

        /// <summary>The answer for one encoded image in memory (PNG, JPEG or BMP bytes), named <paramref name="name"/> in errors.</summary>
        public ImageClassification Classify(ReadOnlyMemory<byte> image, string name = "image bytes") => Classify(ImageSource.FromBytes(image, name));

        /// <summary>The answer for one encoded image read from <paramref name="image"/> (left open), named <paramref name="name"/> in errors.</summary>
        public ImageClassification Classify(System.IO.Stream image, string name = "image stream") => Classify(ImageSource.FromStream(image, name));

        /// <summary>The answer for one image; its error (unreadable, damaged, oversized) is thrown.</summary>
        public ImageClassification Classify(ImageSource image)
        {
            var result = ClassifyMany(new[] { image })[0];
            if (result.Error != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(result.Error).Throw();
            return new ImageClassification(result.Input, result.Top);
        }

        /// <summary>
        /// One result per image file, in order (a folder stands for the images under it, <see cref="ImageInputs.Files"/>); see
        /// <see cref="ClassifyMany(IEnumerable{ImageSource}, CancellationToken)"/>.
        /// </summary>
        public IReadOnlyList<PredictorResult> ClassifyMany(IEnumerable<string> imageFiles, CancellationToken cancellation = default) =>
            ClassifyMany(ImageInputs.Files(imageFiles).Select(ImageSource.FromFile), cancellation);

        /// <summary>
        /// One result per input, in order: its most probable classes, or the error it met (unreadable, damaged, longer than
        /// <see cref="PredictorOptions.MaxBytes"/> or more pixels than <see cref="PredictorOptions.MaxPixels"/>), which fails that input only. Images go through the model
        /// <see cref="PredictorOptions.BatchSize"/> at a time; <paramref name="cancellation"/> is checked before each image is read and
        /// each mini-batch runs, and throws <see cref="OperationCanceledException"/>. A model that is not a classifier is refused
        /// (<see cref="InvalidOperationException"/> naming its task and the method to call).
        /// </summary>
        public IReadOnlyList<PredictorResult> ClassifyMany(IEnumerable<ImageSource> images, CancellationToken cancellation = default)
        {
            RequireTask(ModelTask.Classification, nameof(Classify));
            return Answer(images, cancellation, (logits, _) => Prediction.TopClasses(logits, Settings, Options.Top))
                .Select(r => new PredictorResult(r.Input, r.Value ?? Array.Empty<ClassScore>(), r.Error)).ToList();
        }

        /// <summary>
        /// Each input's answer, in order: <paramref name="decode"/> of its mini-batch's output (the rows of the inputs that were read and
        /// hold no NaN, with those inputs' names and sizes), or the error it met, which fails that input only (see <see cref="ClassifyMany(IEnumerable{ImageSource}, CancellationToken)"/>).
        /// </summary>
        PredictorResult<T>[] Answer<T>(IEnumerable<ImageSource> images, CancellationToken cancellation, Func<Tensor, IReadOnlyList<PreparedImage>, IReadOnlyList<T>> decode)
            where T : class
        {
            ArgumentNullException.ThrowIfNull(images);
            Enter();
            try
            {
                var results = new List<PredictorResult<T>>();
                foreach (var chunk in images.Chunk(Options.BatchSize))
                    results.AddRange(AnswerChunk(chunk, cancellation, decode));
                return results.ToArray();
            }
            finally { calls.Exit(); }
        }

        PredictorResult<T>[] AnswerChunk<T>(ImageSource[] chunk, CancellationToken cancellation, Func<Tensor, IReadOnlyList<PreparedImage>, IReadOnlyList<T>> decode)
            where T : class
        {
            var results = new PredictorResult<T>[chunk.Length];
            var samples = new List<Sample>();
            var answered = new List<int>();
            var prepared = new List<PreparedImage>();
            var pipeline = ImagePreprocessing.Pipeline(Network.InputShape, Settings.Normalization);
            for (int i = 0; i < chunk.Length; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                try
                {
                    var (sample, height, width) = Prepare(chunk[i], pipeline);
                    samples.Add(sample);
                    prepared.Add(new PreparedImage(chunk[i].Name, height, width));
                    answered.Add(i);
                }
                catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
                {
                    results[i] = PredictorResult<T>.Failed(chunk[i]?.Name ?? "(null)", e);
                }
            }
            cancellation.ThrowIfCancellationRequested();
            if (samples.Count == 0) return results;
            using var scope = NewDisposeScope();
            var batch = ImagePreprocessing.Batch(samples);
            var output = Forward(batch);
            // A row with NaN (from the image, or a model that makes NaN of some inputs) fails its input only; eval-mode rows are independent.
            bool[] nan = Prediction.NaNRows(output);
            int[] finite = Enumerable.Range(0, nan.Length).Where(j => !nan[j]).ToArray();
            var rows = finite.Length == 0 ? Array.Empty<T>()
                : decode(output.index_select(0, tensor(finite.Select(j => (long)j).ToArray())), finite.Select(j => prepared[j]).ToList());
            for (int j = 0, next = 0; j < answered.Count; j++)
            {
                string name = prepared[j].Name;
                results[answered[j]] = nan[j]
                    ? PredictorResult<T>.Failed(name, new InvalidOperationException($"{name}: {Prediction.NaNOutput}"))
                    : new PredictorResult<T>(name, rows[next++], null);
            }
            return results;
        }

        /// <summary>An input read into a mini-batch: its name and its own height and width before resizing.</summary>
        readonly record struct PreparedImage(string Name, int Height, int Width);

        /// <summary>The single answer of <paramref name="many"/> for <paramref name="image"/>; its error is thrown.</summary>
        static T One<T>(ImageSource image, Func<ImageSource[], IReadOnlyList<PredictorResult<T>>> many) where T : class
        {
            var result = many(new[] { image })[0];
            if (result.Error != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(result.Error).Throw();
            return result.Value!;
        }

        (Sample Sample, int Height, int Width) Prepare(ImageSource image, SamplePipeline pipeline)
        {
            ArgumentNullException.ThrowIfNull(image);
            byte[] bytes = image.Read(Options.MaxBytes);
            ImageSizeLimit.Check(image.Name, bytes, Options.MaxPixels);
            return ImagePreprocessing.Prepare(image.Name, bytes, Network.InputShape, pipeline);
        }

        // Prediction's forward on the inference module, its answer in fp32 (a bf16 inference path's logits widened).
        Tensor Forward(Tensor images)
        {
            using var output = Prediction.Forward(inference, images, device, Name);
            return output.to_type(ScalarType.Float32);
        }

        /// <summary>Starts a call, or throws for a disposed predictor.</summary>
        void Enter()
        {
            if (!calls.TryEnter())
                throw new ObjectDisposedException(nameof(Predictor),
                    $"Predictor {Name} was disposed (or swapped out of its PredictorHandle) before this call; call through a PredictorHandle, or keep the predictor until its last call");
        }

        /// <summary>Starts a call for <see cref="PredictorHandle"/>; false once disposed.</summary>
        internal bool TryEnter() => calls.TryEnter();

        /// <summary>Ends a call <see cref="TryEnter"/> started.</summary>
        internal void Exit() => calls.Exit();

        /// <summary>Whether it was disposed (calls in flight may still be finishing).</summary>
        public bool IsDisposed => calls.IsDisposed;

        /// <summary>
        /// Refuses new calls (<see cref="ObjectDisposedException"/> naming it) and frees the inference module (and a loaded
        /// network) once the calls in flight have finished: now when there are none.
        /// </summary>
        public void Dispose() => calls.Dispose();

        /// <inheritdoc/>
        public override string ToString() => $"Predictor {Name}";
    }
}
