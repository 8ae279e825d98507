using System;
using System.Collections.Generic;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Augmentations;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// Inference from code (Keras' <c>model.predict</c>): eval mode (dropout off, BatchNorm on its running statistics)
    /// and no gradients, on the model's device; the mode the model was in is restored afterwards.
    /// <para>
    /// Thread safety: <c>Predict</c>, <c>Classify</c>, <c>Segment</c>, <c>Detect</c> and <c>Propose</c> may be called from
    /// several threads at once on one model; every call answers as the model in eval mode does and leaves its parameters,
    /// buffers and train/eval flags as they were. A model already in eval mode (<c>model.eval()</c>, <see cref="Network.ForInference"/>)
    /// runs its calls side by side, its flags untouched; one in training mode (a fresh model, or one just loaded with
    /// <c>Checkpoint.Load</c>) is switched to eval mode for each call and back, and those calls run one at a time on that model
    /// (call <c>eval()</c> once to serve in parallel). Not safe: training, <c>train()</c>/<c>eval()</c>, loading weights into or
    /// disposing the model while a call runs on it.
    /// </para>
    /// </summary>
    public static class Prediction
    {
        /// <summary>
        /// Per model: readers are calls running on a model already in eval mode; the writer is a call that switches a
        /// training-mode model to eval mode and back, which must neither run beside another call (that one would see the
        /// flag flip under it mid-forward) nor let a reader start on the eval mode it set for a moment.
        /// </summary>
        static readonly System.Runtime.CompilerServices.ConditionalWeakTable<nn.Module, System.Threading.ReaderWriterLockSlim> ModeLocks = new();

        /// <summary>
        /// The model's output for <paramref name="images"/> ([N, C, H, W], or one [C, H, W] sample, which gets a batch
        /// axis of 1), on the CPU. The caller disposes the result. Tensors are taken at any height and width the network can
        /// compute, as PyTorch's forward takes them: a fully convolutional or globally pooled network (a <c>[GlobalAvgPool]</c> head)
        /// answers 64x64 images though declared 3x32x32, by design; one whose <c>[Flatten]</c> → <c>[Linear]</c> fixes its size
        /// refuses another size with an error naming both. Image files (the overloads below) are resized to the declared input.
        /// Safe to call from several threads on one model (see <see cref="Prediction"/>).
        /// </summary>
        public static Tensor Predict(this nn.Module<Tensor, Tensor> model, Tensor images)
        {
            Nnpack.Disable();   // any module, not only a generated network: no NNPACK line per single-image convolution
            DisposedModule.ThrowIf(model, "Predict");
            var device = model.parameters().FirstOrDefault()?.device ?? CPU;
            var gate = ModeLocks.GetValue(model, _ => new System.Threading.ReaderWriterLockSlim());
            gate.EnterReadLock();
            try
            {
                // Eval mode already (and no writer can flip it while a reader holds the gate): the flags are left alone.
                if (!AnyTraining(model)) return Forward(model, images, device);
            }
            finally { gate.ExitReadLock(); }
            gate.EnterWriteLock();
            try
            {
                var modes = Modes(model);
                model.eval();
                try { return Forward(model, images, device); }
                finally { Restore(modes); }
            }
            finally { gate.ExitWriteLock(); }
        }

        /// <summary>
        /// <paramref name="model"/>'s output on the CPU for <paramref name="images"/> ([N, C, H, W], or one [C, H, W] image) moved to
        /// <paramref name="device"/>, without gradients, in the mode the model is in; a size a [Flatten] → [Linear] network cannot
        /// take named with <paramref name="where"/> (<see cref="NetDsl.Runtime.Training.FixedSizeInput"/>). The caller disposes it.
        /// </summary>
        internal static Tensor Forward(nn.Module<Tensor, Tensor> model, Tensor images, Device device, string? where = null)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            Tensor batch = images.dim() == 3 ? images.unsqueeze(0) : images;
            Tensor output = NetDsl.Runtime.Training.FixedSizeInput.Call(model, batch.to(device), where).cpu();
            return output.MoveToOuterDisposeScope();
        }

        // The model and its submodules, parents before children (TorchSharp's named_modules() leaves out the model itself).
        static List<nn.Module> AllModules(nn.Module model)
        {
            var all = new List<nn.Module> { model };
            foreach (var (_, module) in model.named_modules()) all.Add(module);
            return all;
        }

        static bool AnyTraining(nn.Module model) => AllModules(model).Any(m => m.training);

        static List<(nn.Module Module, bool Training)> Modes(nn.Module model) => AllModules(model).Select(m => (m, m.training)).ToList();

        // Each module's own flag back (train() sets a module's children too, so parents go first and a child set apart is set after).
        static void Restore(List<(nn.Module Module, bool Training)> modes)
        {
            foreach (var (module, training) in modes)
                if (module.training != training) module.train(training);
        }

        /// <summary>
        /// The network's output for image files (a folder stands for the images under it, <see cref="ImageInputs.Files"/>), prepared with the model's own preprocessing
        /// (<see cref="ImagePreprocessing.Load(IEnumerable{string}, NetDsl.Shapes.TensorShape, Normalize?)"/>: its channels, its H×W, ImageNet normalisation unless
        /// <paramref name="normalize"/> says otherwise — use the statistics the model was trained with).
        /// </summary>
        public static Tensor Predict(this Network network, IEnumerable<string> imageFiles, Normalize? normalize = null)
        {
            using var images = ImagePreprocessing.Load(ImageInputs.Files(imageFiles), network.InputShape, normalize);
            return network.Predict(images);
        }

        /// <summary>The network's output for one image file, a batch of one; see <see cref="Predict(Network, IEnumerable{string}, Normalize?)"/>.</summary>
        public static Tensor Predict(this Network network, string imageFile, Normalize? normalize = null) =>
            network.Predict(new[] { imageFile }, normalize);

        /// <summary>
        /// The <paramref name="top"/> most probable classes of each image file (a folder stands for the images under it, as <c>predict</c>
        /// walks it: <see cref="ImageInputs.Files"/>; <see cref="ImageClassification.Image"/> names each file) (softmax over a classifier's outputs), prepared with
        /// <paramref name="settings"/>' normalisation and named by its class names (default <see cref="InferenceSettings.ImageNet"/>:
        /// pass <see cref="InferenceSettings.FromCheckpoint"/> for a model NetDsl trained). Images go through the model
        /// <paramref name="batchSize"/> at a time, in the order given. An image the model answers with NaN throws
        /// <see cref="InvalidOperationException"/> naming the file (NaN is never presented as a class's probability).
        /// </summary>
        public static IReadOnlyList<ImageClassification> Classify(this Network network, IEnumerable<string> imageFiles, InferenceSettings? settings = null, int top = 5, int batchSize = 32)
        {
            if (network.OutputShape.IsMap)
                throw new ArgumentException($"Classify needs a classifier (an output of classes per image); {network.GetType().Name} gives {network.OutputShape} per image: use Segment for per-pixel classes, or Predict for the raw output");
            if (top < 1) throw new ArgumentOutOfRangeException(nameof(top), top, "top needs at least one class");
            settings ??= InferenceSettings.ImageNet;
            var results = new List<ImageClassification>();
            foreach (var chunk in Chunks(imageFiles, batchSize))
            {
                using var logits = network.Predict(chunk, settings.Normalization);
                if (logits.dim() == 2 && FirstNaNRow(logits) is long row)
                    throw new InvalidOperationException($"{chunk[(int)row]}: {NaNOutput}");
                var decoded = TopClasses(logits, settings, top);
                for (int i = 0; i < chunk.Count; i++) results.Add(new ImageClassification(chunk[i], decoded[i]));
            }
            return results;
        }

        /// <summary>
        /// A classifier's output <paramref name="logits"/> ([N, K]) as each row's <paramref name="top"/> most probable classes with
        /// their softmax probabilities, named by <paramref name="settings"/> (Keras's <c>decode_predictions</c>). No rows
        /// ([0, K], an empty batch) give an empty list. A row whose probabilities are not numbers (NaN logits, or +∞) is no
        /// answer: it throws <see cref="ArgumentException"/> naming the row and the cause, the input or the model having produced NaN.
        /// </summary>
        public static IReadOnlyList<IReadOnlyList<ClassScore>> TopClasses(Tensor logits, InferenceSettings? settings = null, int top = 5)
        {
            if (logits.dim() != 2) throw new ArgumentException($"TopClasses needs [N, classes] logits, not [{string.Join(", ", logits.shape)}]", nameof(logits));
            if (top < 1) throw new ArgumentOutOfRangeException(nameof(top), top, "top needs at least one class");
            int n = (int)logits.shape[0], k = (int)Math.Min(top, logits.shape[1]);
            if (n == 0 || k == 0) return Enumerable.Range(0, n).Select(_ => (IReadOnlyList<ClassScore>)Array.Empty<ClassScore>()).ToList();
            using var scope = NewDisposeScope();
            if (FirstNaNRow(logits) is long row)
                throw new ArgumentException($"TopClasses: logits row {row} gives NaN probabilities (its logits hold NaN or +infinity): " +
                                            "the input or the model produced NaN (check the input's values, and the weights for NaN or infinity)", nameof(logits));
            var (values, indices) = logits.to_type(ScalarType.Float32).softmax(1).topk(k, dim: 1);
            float[] probabilities = values.cpu().data<float>().ToArray();
            long[] classes = indices.cpu().data<long>().ToArray();
            var rows = new List<IReadOnlyList<ClassScore>>();
            for (int i = 0; i < n; i++)
                rows.Add(Enumerable.Range(0, k).Select(j =>
                {
                    int index = (int)classes[i * k + j];
                    return new ClassScore(index, (settings ?? InferenceSettings.ImageNet).Label(index), probabilities[i * k + j]);
                }).ToList());
            return rows;
        }

        /// <summary>Why an image whose output holds NaN has no answer (after its name).</summary>
        internal const string NaNOutput = "the model's output for this image holds NaN (or +infinity), so it has no class: " +
                                          "the model produced NaN from the image's finite pixels (check its weights for NaN or infinity)";

        /// <summary>The first row of <paramref name="logits"/> ([N, K]) whose softmax holds a NaN (a NaN or +∞ logit), or null.</summary>
        static long? FirstNaNRow(Tensor logits)
        {
            int row = Array.IndexOf(NaNRows(logits), true);
            return row < 0 ? null : row;
        }

        /// <summary>
        /// For each row of <paramref name="logits"/> ([N, K], or a map's [N, C, H, W]), whether its softmax over axis 1 holds a NaN (a NaN
        /// or +∞ output anywhere in it): a row with no answer.
        /// </summary>
        internal static bool[] NaNRows(Tensor logits)
        {
            using var scope = NewDisposeScope();
            return logits.to_type(ScalarType.Float32).softmax(1).isnan().flatten(1).any(1).cpu().data<bool>().ToArray();
        }

        /// <summary>
        /// The most probable class of every pixel of each image file for a segmenter, the images prepared with
        /// <paramref name="settings"/>' normalisation (see <see cref="Classify"/>). The model sees each image resized to its input;
        /// with <paramref name="atImageSize"/> (the default) its class scores are resized back to the image's own height and width
        /// (bilinear, as torchvision's segmentation reference does) before the most probable class is taken, so a mask lies over
        /// its image pixel for pixel; otherwise the mask has the model's output size. A model whose output is a centred crop of its
        /// input (a valid-convolution U-Net) covers only the image's centre: the border it says nothing about is
        /// <see cref="ImageSegmentation.Void"/> (255), as void pixels are in training masks.
        /// </summary>
        public static IReadOnlyList<ImageSegmentation> Segment(this Network network, IEnumerable<string> imageFiles, InferenceSettings? settings = null,
            int batchSize = 8, bool atImageSize = true)
        {
            CheckSegmenter(network);
            settings ??= InferenceSettings.ImageNet;
            var results = new List<ImageSegmentation>();
            foreach (var chunk in Chunks(imageFiles, batchSize))
            {
                using var scope = NewDisposeScope();
                var images = ImagePreprocessing.Load(chunk, network.InputShape, settings.Normalization, out var sizes);
                var output = network.Predict(images);
                for (int i = 0; i < chunk.Count; i++)
                    results.Add(Segmentation(chunk[i], output, i, network.InputShape, sizes[i], atImageSize));
            }
            return results;
        }

        /// <summary>Refuses a network <see cref="Segment"/> cannot read: not classes per pixel, or more classes than a byte holds.</summary>
        internal static void CheckSegmenter(Network network)
        {
            if (!network.OutputShape.Is2d)
                throw new ArgumentException($"Segment needs a segmenter (classes per pixel, C x H x W); {network.GetType().Name} gives {network.OutputShape} per image: use Classify for a classifier, or Predict for the raw output");
            if (network.OutputShape.C > byte.MaxValue)
                throw new ArgumentException($"Segment returns a byte per pixel; {network.GetType().Name} has {network.OutputShape.C} classes (at most {byte.MaxValue})");
        }

        /// <summary>
        /// Image <paramref name="i"/> of a segmenter's <paramref name="output"/> ([N, C, H, W]) as its mask (see <see cref="Segment"/>): at the
        /// image's own <paramref name="size"/> with <paramref name="atImageSize"/>, else at the output's; one image's answer, as <c>Predictor</c> reads it too.
        /// </summary>
        internal static ImageSegmentation Segmentation(string image, Tensor output, int i, NetDsl.Shapes.TensorShape input, (int Height, int Width) size, bool atImageSize)
        {
            using var scope = NewDisposeScope();
            var scores = output.narrow(0, i, 1).to_type(ScalarType.Float32);   // bf16 logits resize in fp32
            return atImageSize ? AtImageSize(image, scores, input, size.Height, size.Width) : Mask(image, scores);
        }

        /// <summary>
        /// The objects a YOLO-grid detector (output <c>[B·5 + C, S, S]</c>, as NetDsl's detection task trains) finds in each image file:
        /// every cell's <paramref name="boxesPerCell"/> boxes scored by confidence × the cell's best class probability, those scoring at
        /// least <paramref name="minScore"/> kept after per-class non-maximum suppression at IoU 0.5 (at most 20, as the mAP metric).
        /// </summary>
        public static IReadOnlyList<ImageDetection> Detect(this Network network, IEnumerable<string> imageFiles, InferenceSettings? settings = null,
            double minScore = 0.25, int boxesPerCell = 2, int batchSize = 16)
        {
            CheckDetector(network, boxesPerCell);
            CheckMinScore(minScore);
            settings ??= InferenceSettings.ImageNet;
            var results = new List<ImageDetection>();
            foreach (var chunk in Chunks(imageFiles, batchSize))
            {
                using var scope = NewDisposeScope();
                var images = ImagePreprocessing.Load(chunk, network.InputShape, settings.Normalization, out var sizes);
                results.AddRange(Detections(network.Predict(images), chunk, sizes, settings, minScore, boxesPerCell));
            }
            return results;
        }

        /// <summary>Refuses a network <see cref="Detect"/> cannot read as a YOLO grid of <paramref name="boxesPerCell"/> boxes per cell.</summary>
        internal static void CheckDetector(Network network, int boxesPerCell)
        {
            var output = network.OutputShape;
            if (!output.Is2d || boxesPerCell < 1 || output.C <= boxesPerCell * 5)
                throw new ArgumentException($"Detect needs a YOLO grid of {boxesPerCell} boxes per cell and classes ([{boxesPerCell}·5 + C, S, S]); {network.GetType().Name} gives {output} per image");
        }

        internal static void CheckMinScore(double minScore)
        {
            if (!(minScore >= 0 && minScore < 1)) throw new ArgumentOutOfRangeException(nameof(minScore), minScore, "minScore is a score from 0 up to (not including) 1");
        }

        /// <summary>
        /// Boxes per cell of a detector whose <paramref name="settings"/> name its classes: (channels − classes) / 5; 2 (YOLO v1's) where
        /// the names do not say (YOLO v1's head, as training on the shapes set builds it). What <c>predict</c> and <c>Predictor.Detect</c> decode with.
        /// </summary>
        public static int BoxesPerCell(Network network, InferenceSettings settings)
        {
            int channels = network.OutputShape.C;
            if (settings.ClassNames is { Count: var classes } && classes < channels && (channels - classes) % 5 == 0) return (channels - classes) / 5;
            return 2;
        }

        /// <summary>
        /// A YOLO grid's <paramref name="output"/> ([N, B·5 + C, S, S]) as each image's objects (see <see cref="Detect"/>): image i is
        /// <paramref name="images"/>[i], <paramref name="sizes"/>[i] pixels; one mini-batch's answers, as <c>Predictor</c> reads them too.
        /// </summary>
        internal static IReadOnlyList<ImageDetection> Detections(Tensor output, IReadOnlyList<string> images, IReadOnlyList<(int Height, int Width)> sizes,
            InferenceSettings settings, double minScore, int boxesPerCell)
        {
            using var scope = NewDisposeScope();
            var (boxes, probabilities) = new NetDsl.Runtime.Training.DetectionTask(boxesPerCell).Split(output);
            float[] box = boxes.contiguous().data<float>().ToArray(), prob = probabilities.contiguous().data<float>().ToArray();
            int classes = (int)probabilities.shape[1], rows = (int)output.shape[2], columns = (int)output.shape[3];
            var results = new List<ImageDetection>();
            for (int i = 0; i < images.Count; i++)
            {
                var found = NetDsl.Runtime.Training.YoloBoxes.Suppress(
                    NetDsl.Runtime.Training.YoloBoxes.Decode(box, prob, i, i, boxesPerCell, classes, rows, columns, minScore), 0.5, 20);
                results.Add(new ImageDetection(images[i], found.Select(d => new DetectedObject(d.Class, settings.Label(d.Class), (float)d.Score,
                    Fraction(d.X0), Fraction(d.Y0), Fraction(d.X1), Fraction(d.Y1))).ToList(), sizes[i].Width, sizes[i].Height));
            }
            return results;
        }

        /// <summary>
        /// The region proposals a Faster R-CNN RPN head (output <c>[2k + 4k, S, S]</c>, as NetDsl's region proposal task trains it) makes
        /// in each image file: its anchors moved by their deltas, clipped to the image, scored by the softmax object probability, those
        /// scoring at least <paramref name="minScore"/> kept after class-agnostic non-maximum suppression at IoU 0.7, the best
        /// <paramref name="max"/>. Every proposal is class 0, labelled "object"; boxes in image fractions.
        /// </summary>
        public static IReadOnlyList<ImageDetection> Propose(this Network network, IEnumerable<string> imageFiles, InferenceSettings? settings = null,
            double minScore = 0.5, int max = NetDsl.Runtime.Training.RegionProposals.TopN, int batchSize = 16)
        {
            CheckProposer(network);
            CheckMinScore(minScore);
            if (max < 1) throw new ArgumentOutOfRangeException(nameof(max), max, "keep at least one proposal");
            settings ??= InferenceSettings.ImageNet;
            var results = new List<ImageDetection>();
            foreach (var chunk in Chunks(imageFiles, batchSize))
            {
                using var scope = NewDisposeScope();
                var images = ImagePreprocessing.Load(chunk, network.InputShape, settings.Normalization, out var sizes);
                results.AddRange(Proposals(network.Predict(images), chunk, sizes, network.InputShape, minScore, max));
            }
            return results;
        }

        /// <summary>Refuses a network <see cref="Propose"/> cannot read as a region proposal head.</summary>
        internal static void CheckProposer(Network network)
        {
            var output = network.OutputShape;
            if (!output.Is2d || !NetDsl.Runtime.Training.RegionProposals.IsHead(output.C))
                throw new ArgumentException($"Propose needs a region proposal head's [2k + 4k, S, S] (k anchors, a multiple of 3); {network.GetType().Name} gives {output} per image");
        }

        /// <summary>
        /// A region proposal head's <paramref name="output"/> ([N, 2k + 4k, S, S], for <paramref name="input"/>-sized images) as each image's
        /// proposals (see <see cref="Propose"/>); one mini-batch's answers, as <c>Predictor</c> reads them too.
        /// </summary>
        internal static IReadOnlyList<ImageDetection> Proposals(Tensor output, IReadOnlyList<string> images, IReadOnlyList<(int Height, int Width)> sizes,
            NetDsl.Shapes.TensorShape input, double minScore, int max)
        {
            using var scope = NewDisposeScope();
            int height = input.H, width = input.W;
            var anchors = NetDsl.Runtime.Training.RegionProposals.Anchors(NetDsl.Runtime.Training.RegionProposals.AnchorsPerCell((int)output.shape[1]),
                (int)output.shape[2], (int)output.shape[3], height, width);
            var (objectness, deltas) = NetDsl.Runtime.Training.RegionProposalTask.Read(output);
            var results = new List<ImageDetection>();
            for (int i = 0; i < images.Count; i++)
            {
                var found = NetDsl.Runtime.Training.RegionProposals.Propose(anchors, objectness, deltas, i, height, width, minScore, max);
                results.Add(new ImageDetection(images[i], found.Select(p => new DetectedObject(0, "object", (float)p.Score,
                    (float)(p.Box.X0 / width), (float)(p.Box.Y0 / height), (float)(p.Box.X1 / width), (float)(p.Box.Y1 / height))).ToList(), sizes[i].Width, sizes[i].Height));
            }
            return results;
        }

        /// <summary>A decoded box corner clipped to the image, [0, 1], as the pixel corners are clipped to the image (a box the grid predicts past an edge ends at it).</summary>
        static float Fraction(double corner) => (float)Math.Clamp(corner, 0, 1);

        /// <summary>The most probable class of each pixel of one image's class scores ([1, C, H, W]).</summary>
        static ImageSegmentation Mask(string image, Tensor scores)
        {
            using var classes = scores.argmax(1).to_type(ScalarType.Byte);
            return new ImageSegmentation(image, (int)classes.shape[1], (int)classes.shape[2], classes.contiguous().data<byte>().ToArray());
        }

        /// <summary>
        /// One image's class scores resized to the part of the <paramref name="height"/>×<paramref name="width"/> image they cover:
        /// the whole image, or for an output that is a centred crop of the <paramref name="input"/>, that crop's share of it.
        /// </summary>
        static ImageSegmentation AtImageSize(string image, Tensor scores, NetDsl.Shapes.TensorShape input, int height, int width)
        {
            long outH = scores.shape[2], outW = scores.shape[3];
            double scaleY = height / (double)input.H, scaleX = width / (double)input.W;
            int top = (int)Math.Round((input.H - outH) / 2 * scaleY), left = (int)Math.Round((input.W - outW) / 2 * scaleX);
            int bottom = outH == input.H ? height : Math.Min(height, (int)Math.Round(((input.H - outH) / 2 + outH) * scaleY));
            int right = outW == input.W ? width : Math.Min(width, (int)Math.Round(((input.W - outW) / 2 + outW) * scaleX));
            int coverH = Math.Max(1, bottom - top), coverW = Math.Max(1, right - left);
            using var resized = (coverH, coverW) == (outH, outW) ? scores.alias()
                : nn.functional.interpolate(scores, new long[] { coverH, coverW }, mode: InterpolationMode.Bilinear, align_corners: false);
            var covered = Mask(image, resized);
            if ((coverH, coverW) == (height, width)) return covered;
            var classes = new byte[height * width];
            Array.Fill(classes, ImageSegmentation.Void);
            for (int y = 0; y < coverH && top + y < height; y++)
                Array.Copy(covered.Classes, y * coverW, classes, (top + y) * width + left, Math.Min(coverW, width - left));
            return new ImageSegmentation(image, height, width, classes);
        }

        static IEnumerable<List<string>> Chunks(IEnumerable<string> files, int size)
        {
            if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "batchSize needs at least one image");
            var chunk = new List<string>(size);
            foreach (string file in ImageInputs.Files(files))
            {
                chunk.Add(file);
                if (chunk.Count == size) { yield return chunk; chunk = new List<string>(size); }
            }
            if (chunk.Count > 0) yield return chunk;
        }
    }
}
