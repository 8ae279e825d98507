using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace NetDsl
{
    public sealed partial class Predictor
    {
        /// <summary>
        /// What the model's output means: its <c>[Network(Task = …)]</c> (<see cref="Network.Card"/>); null for a network built without
        /// that declaration, whose output shape alone decides which methods fit. Each task has its method: <see cref="Classify(ImageSource)"/>,
        /// <see cref="Segment(ImageSource, bool)"/>, <see cref="Detect(ImageSource, double?)"/> (detectors and region proposal networks), and
        /// <see cref="Predict"/> for any model's raw output.
        /// </summary>
        public ModelTask? Task { get; }

        /// <summary>The mask of one image file (see <see cref="SegmentMany(IEnumerable{ImageSource}, bool, CancellationToken)"/>); its error is thrown.</summary>
        public ImageSegmentation Segment(string imageFile, bool atImageSize = true) => Segment(ImageSource.FromFile(imageFile), atImageSize);

        /// <summary>The mask of one encoded image in memory (PNG, JPEG or BMP bytes), named <paramref name="name"/> in errors.</summary>
        public ImageSegmentation Segment(ReadOnlyMemory<byte> image, string name = "image bytes", bool atImageSize = true) => Segment(ImageSource.FromBytes(image, name), atImageSize);

        /// <summary>The mask of one encoded image read from <paramref name="image"/> (left open), named <paramref name="name"/> in errors.</summary>
        public ImageSegmentation Segment(System.IO.Stream image, string name = "image stream", bool atImageSize = true) => Segment(ImageSource.FromStream(image, name), atImageSize);

        /// <summary>The mask of one image; its error (unreadable, damaged, oversized, NaN output) is thrown.</summary>
        public ImageSegmentation Segment(ImageSource image, bool atImageSize = true) => One(image, one => SegmentMany(one, atImageSize));

        /// <summary>One result per image file, in order (a folder stands for the images under it); see <see cref="SegmentMany(IEnumerable{ImageSource}, bool, CancellationToken)"/>.</summary>
        public IReadOnlyList<PredictorResult<ImageSegmentation>> SegmentMany(IEnumerable<string> imageFiles, bool atImageSize = true, CancellationToken cancellation = default) =>
            SegmentMany(ImageInputs.Files(imageFiles).Select(ImageSource.FromFile), atImageSize, cancellation);

        /// <summary>
        /// A segmenter's answer per input, in order: the most probable class of every pixel, as <see cref="Prediction.Segment"/> (and
        /// <c>predict</c>) gives it: with <paramref name="atImageSize"/> (the default) at the image's own height and width, else at the
        /// model's output size; or the error the input met, which fails it only (see <see cref="ClassifyMany(IEnumerable{ImageSource}, CancellationToken)"/>
        /// for the limits, mini-batches and cancellation). A model that is not a segmenter is refused, naming its task and its method.
        /// </summary>
        public IReadOnlyList<PredictorResult<ImageSegmentation>> SegmentMany(IEnumerable<ImageSource> images, bool atImageSize = true, CancellationToken cancellation = default)
        {
            RequireTask(ModelTask.Segmentation, nameof(Segment));
            Prediction.CheckSegmenter(Network);
            var input = Network.InputShape;
            return Answer(images, cancellation, (output, read) =>
                read.Select((image, i) => Prediction.Segmentation(image.Name, output, i, input, (image.Height, image.Width), atImageSize)).ToList());
        }

        /// <summary>The objects in one image file (see <see cref="DetectMany(IEnumerable{ImageSource}, double?, CancellationToken)"/>); its error is thrown.</summary>
        public ImageDetection Detect(string imageFile, double? minScore = null) => Detect(ImageSource.FromFile(imageFile), minScore);

        /// <summary>The objects in one encoded image in memory (PNG, JPEG or BMP bytes), named <paramref name="name"/> in errors.</summary>
        public ImageDetection Detect(ReadOnlyMemory<byte> image, string name = "image bytes", double? minScore = null) => Detect(ImageSource.FromBytes(image, name), minScore);

        /// <summary>The objects in one encoded image read from <paramref name="image"/> (left open), named <paramref name="name"/> in errors.</summary>
        public ImageDetection Detect(System.IO.Stream image, string name = "image stream", double? minScore = null) => Detect(ImageSource.FromStream(image, name), minScore);

        /// <summary>The objects in one image; its error (unreadable, damaged, oversized, NaN output) is thrown.</summary>
        public ImageDetection Detect(ImageSource image, double? minScore = null) => One(image, one => DetectMany(one, minScore));

        /// <summary>One result per image file, in order (a folder stands for the images under it); see <see cref="DetectMany(IEnumerable{ImageSource}, double?, CancellationToken)"/>.</summary>
        public IReadOnlyList<PredictorResult<ImageDetection>> DetectMany(IEnumerable<string> imageFiles, double? minScore = null, CancellationToken cancellation = default) =>
            DetectMany(ImageInputs.Files(imageFiles).Select(ImageSource.FromFile), minScore, cancellation);

        /// <summary>
        /// A detector's answer per input, in order, as <see cref="Prediction.Detect"/> (and <c>predict</c>) gives it: a YOLO grid's
        /// objects scoring at least <paramref name="minScore"/> (default 0.25) after per-class NMS, its boxes per cell read from the class
        /// names (<see cref="Prediction.BoxesPerCell"/>); for a region proposal network, <see cref="Prediction.Propose"/>'s proposals
        /// (default <paramref name="minScore"/> 0.5, the best <see cref="NetDsl.Runtime.Training.RegionProposals.TopN"/>); or the error the
        /// input met, which fails it only (see <see cref="ClassifyMany(IEnumerable{ImageSource}, CancellationToken)"/>). Boxes are fractions
        /// of the image (<see cref="ImageDetection.PixelBox"/> for its pixels). A model that detects nothing is refused, naming its task and its method.
        /// </summary>
        public IReadOnlyList<PredictorResult<ImageDetection>> DetectMany(IEnumerable<ImageSource> images, double? minScore = null, CancellationToken cancellation = default)
        {
            bool proposals = Task == ModelTask.RegionProposal;
            if (!proposals) RequireTask(ModelTask.Detection, nameof(Detect));
            double score = minScore ?? (proposals ? 0.5 : 0.25);
            Prediction.CheckMinScore(score);
            static IReadOnlyList<string> Names(IReadOnlyList<PreparedImage> read) => read.Select(r => r.Name).ToList();
            static IReadOnlyList<(int Height, int Width)> Sizes(IReadOnlyList<PreparedImage> read) => read.Select(r => (r.Height, r.Width)).ToList();
            if (proposals)
            {
                Prediction.CheckProposer(Network);
                var input = Network.InputShape;
                return Answer(images, cancellation, (output, read) =>
                    Prediction.Proposals(output, Names(read), Sizes(read), input, score, NetDsl.Runtime.Training.RegionProposals.TopN));
            }
            int boxesPerCell = Prediction.BoxesPerCell(Network, Settings);
            Prediction.CheckDetector(Network, boxesPerCell);
            return Answer(images, cancellation, (output, read) => Prediction.Detections(output, Names(read), Sizes(read), Settings, score, boxesPerCell));
        }

        /// <summary>
        /// Refuses <paramref name="method"/> on a model of another task than <paramref name="task"/> before any image is read, naming the
        /// model, its task and the method that answers it (a segmenter's maps would otherwise fail deep inside the classifier's decoding).
        /// </summary>
        void RequireTask(ModelTask task, string method)
        {
            if (Task == task) return;
            if (Task is null)
            {
                // Declared with no task: only a classifier's maps are caught here; Segment's and Detect's own checks read the shape.
                if (task == ModelTask.Classification && Network.OutputShape.IsMap)
                    throw new InvalidOperationException($"Predictor.{method} answers classification models; {Name} gives {Network.OutputShape} per image, " +
                                                        "a map, not classes: call Segment or Detect for a segmenter or detector, or Predict for its raw output");
                return;
            }
            throw new InvalidOperationException($"Predictor.{method} answers {Describe(task)} models; {Name} is a {Describe(Task.Value)} model " +
                                                $"(output {Network.OutputShape} per image): call {MethodFor(Task.Value)}");
        }

        static string Describe(ModelTask task) => task switch
        {
            ModelTask.RegionProposal => "region proposal",
            _ => task.ToString().ToLowerInvariant(),
        };

        static string MethodFor(ModelTask task) => task switch
        {
            ModelTask.Classification => "Classify or ClassifyMany",
            ModelTask.Segmentation => "Segment or SegmentMany",
            ModelTask.Detection or ModelTask.RegionProposal => "Detect or DetectMany",
            _ => "Predict for its raw output",
        };
    }
}
