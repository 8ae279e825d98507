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
    /// </summary>
    public static class Prediction
    {
        /// <summary>
        /// The model's output for <paramref name="images"/> ([N, C, H, W], or one [C, H, W] sample, which gets a batch
        /// axis of 1), on the CPU. The caller disposes the result. Tensors are taken at any height and width the network can
        /// compute, as PyTorch's forward takes them: a fully convolutional or globally pooled network (a <c>[GlobalAvgPool]</c> head)
        /// answers 64x64 images though declared 3x32x32, by design; one whose <c>[Flatten]</c> → <c>[Linear]</c> fixes its size
        /// refuses another size with an error naming both. Image files (the overloads below) are resized to the declared input.
        /// </summary>
        public static Tensor Predict(this nn.Module<Tensor, Tensor> model, Tensor images)
        {
            Nnpack.Disable();   // any module, not only a generated network: no NNPACK line per single-image convolution
            DisposedModule.ThrowIf(model, "Predict");
            bool wasTraining = model.training;
            var device = model.parameters().FirstOrDefault()?.device ?? CPU;
            model.eval();
            try
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                Tensor batch = images.dim() == 3 ? images.unsqueeze(0) : images;
                Tensor output = NetDsl.Runtime.Training.FixedSizeInput.Call(model, batch.to(device)).cpu();
                return output.MoveToOuterDisposeScope();
            }
            finally
            {
                if (wasTraining) model.train();
            }
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
        /// <paramref name="batchSize"/> at a time, in the order given.
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
                var decoded = TopClasses(logits, settings, top);
                for (int i = 0; i < chunk.Count; i++) results.Add(new ImageClassification(chunk[i], decoded[i]));
            }
            return results;
        }

        /// <summary>
        /// A classifier's output <paramref name="logits"/> ([N, K]) as each row's <paramref name="top"/> most probable classes with
        /// their softmax probabilities, named by <paramref name="settings"/> (Keras's <c>decode_predictions</c>).
        /// </summary>
        public static IReadOnlyList<IReadOnlyList<ClassScore>> TopClasses(Tensor logits, InferenceSettings? settings = null, int top = 5)
        {
            if (logits.dim() != 2) throw new ArgumentException($"TopClasses needs [N, classes] logits, not [{string.Join(", ", logits.shape)}]", nameof(logits));
            if (top < 1) throw new ArgumentOutOfRangeException(nameof(top), top, "top needs at least one class");
            using var scope = NewDisposeScope();
            int k = (int)Math.Min(top, logits.shape[1]);
            var (values, indices) = logits.to_type(ScalarType.Float32).softmax(1).topk(k, dim: 1);
            float[] probabilities = values.cpu().data<float>().ToArray();
            long[] classes = indices.cpu().data<long>().ToArray();
            var rows = new List<IReadOnlyList<ClassScore>>();
            for (int n = 0; n < logits.shape[0]; n++)
                rows.Add(Enumerable.Range(0, k).Select(j =>
                {
                    int index = (int)classes[n * k + j];
                    return new ClassScore(index, (settings ?? InferenceSettings.ImageNet).Label(index), probabilities[n * k + j]);
                }).ToList());
            return rows;
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
            if (!network.OutputShape.Is2d)
                throw new ArgumentException($"Segment needs a segmenter (classes per pixel, C x H x W); {network.GetType().Name} gives {network.OutputShape} per image: use Classify for a classifier, or Predict for the raw output");
            if (network.OutputShape.C > byte.MaxValue)
                throw new ArgumentException($"Segment returns a byte per pixel; {network.GetType().Name} has {network.OutputShape.C} classes (at most {byte.MaxValue})");
            settings ??= InferenceSettings.ImageNet;
            var results = new List<ImageSegmentation>();
            foreach (var chunk in Chunks(imageFiles, batchSize))
            {
                using var scope = NewDisposeScope();
                var images = ImagePreprocessing.Load(chunk, network.InputShape, settings.Normalization, out var sizes);
                var output = network.Predict(images);
                for (int i = 0; i < chunk.Count; i++)
                {
                    var scores = output.narrow(0, i, 1).to_type(ScalarType.Float32);   // bf16 logits resize in fp32
                    results.Add(atImageSize
                        ? AtImageSize(chunk[i], scores, network.InputShape, sizes[i].Height, sizes[i].Width)
                        : Mask(chunk[i], scores));
                }
            }
            return results;
        }

        /// <summary>
        /// The objects a YOLO-grid detector (output <c>[B·5 + C, S, S]</c>, as NetDsl's detection task trains) finds in each image file:
        /// every cell's <paramref name="boxesPerCell"/> boxes scored by confidence × the cell's best class probability, those scoring at
        /// least <paramref name="minScore"/> kept after per-class non-maximum suppression at IoU 0.5 (at most 20, as the mAP metric).
        /// </summary>
        public static IReadOnlyList<ImageDetection> Detect(this Network network, IEnumerable<string> imageFiles, InferenceSettings? settings = null,
            double minScore = 0.25, int boxesPerCell = 2, int batchSize = 16)
        {
            var output = network.OutputShape;
            if (!output.Is2d || boxesPerCell < 1 || output.C <= boxesPerCell * 5)
                throw new ArgumentException($"Detect needs a YOLO grid of {boxesPerCell} boxes per cell and classes ([{boxesPerCell}·5 + C, S, S]); {network.GetType().Name} gives {output} per image");
            if (!(minScore >= 0 && minScore < 1)) throw new ArgumentOutOfRangeException(nameof(minScore), minScore, "minScore is a score from 0 up to (not including) 1");
            settings ??= InferenceSettings.ImageNet;
            var task = new NetDsl.Runtime.Training.DetectionTask(boxesPerCell);
            var results = new List<ImageDetection>();
            foreach (var chunk in Chunks(imageFiles, batchSize))
            {
                using var scope = NewDisposeScope();
                var images = ImagePreprocessing.Load(chunk, network.InputShape, settings.Normalization, out var sizes);
                var (boxes, probabilities) = task.Split(network.Predict(images));
                float[] box = boxes.contiguous().data<float>().ToArray(), prob = probabilities.contiguous().data<float>().ToArray();
                int classes = (int)probabilities.shape[1], rows = output.H, columns = output.W;
                for (int i = 0; i < chunk.Count; i++)
                {
                    var found = NetDsl.Runtime.Training.YoloBoxes.Suppress(
                        NetDsl.Runtime.Training.YoloBoxes.Decode(box, prob, i, i, boxesPerCell, classes, rows, columns, minScore), 0.5, 20);
                    results.Add(new ImageDetection(chunk[i], found.Select(d => new DetectedObject(d.Class, settings.Label(d.Class), (float)d.Score,
                        Fraction(d.X0), Fraction(d.Y0), Fraction(d.X1), Fraction(d.Y1))).ToList(), sizes[i].Width, sizes[i].Height));
                }
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
            var output = network.OutputShape;
            if (!output.Is2d || !NetDsl.Runtime.Training.RegionProposals.IsHead(output.C))
                throw new ArgumentException($"Propose needs a region proposal head's [2k + 4k, S, S] (k anchors, a multiple of 3); {network.GetType().Name} gives {output} per image");
            if (!(minScore >= 0 && minScore < 1)) throw new ArgumentOutOfRangeException(nameof(minScore), minScore, "minScore is a score from 0 up to (not including) 1");
            if (max < 1) throw new ArgumentOutOfRangeException(nameof(max), max, "keep at least one proposal");
            settings ??= InferenceSettings.ImageNet;
            int height = network.InputShape.H, width = network.InputShape.W;
            var anchors = NetDsl.Runtime.Training.RegionProposals.Anchors(NetDsl.Runtime.Training.RegionProposals.AnchorsPerCell(output.C), output.H, output.W, height, width);
            var results = new List<ImageDetection>();
            foreach (var chunk in Chunks(imageFiles, batchSize))
            {
                using var scope = NewDisposeScope();
                var images = ImagePreprocessing.Load(chunk, network.InputShape, settings.Normalization, out var sizes);
                var (objectness, deltas) = NetDsl.Runtime.Training.RegionProposalTask.Read(network.Predict(images));
                for (int i = 0; i < chunk.Count; i++)
                {
                    var found = NetDsl.Runtime.Training.RegionProposals.Propose(anchors, objectness, deltas, i, height, width, minScore, max);
                    results.Add(new ImageDetection(chunk[i], found.Select(p => new DetectedObject(0, "object", (float)p.Score,
                        (float)(p.Box.X0 / width), (float)(p.Box.Y0 / height), (float)(p.Box.X1 / width), (float)(p.Box.Y1 / height))).ToList(), sizes[i].Width, sizes[i].Height));
                }
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
