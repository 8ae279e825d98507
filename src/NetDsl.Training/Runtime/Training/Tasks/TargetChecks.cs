using System.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    static class TargetChecks
    {
        /// <summary>
        /// Targets of another task's kind, judged by rank (labels [B], masks [B, H, W], box grids [B, 5 + C, S, S]): data loaded
        /// for one task given to a network declared for another (a segmentation network left at the default
        /// Task = Classification, the built-in shapes' labels given to a segmentation network). Names what the targets hold,
        /// what the network's task learns from, the loader that gives it, and the declaration that would fit the data.
        /// </summary>
        public static void OfTask(Tensor targets, ModelTask task, string where)
        {
            ModelTask? held = targets.dim() switch { 1 => ModelTask.Classification, 3 => ModelTask.Segmentation, 4 => ModelTask.Detection, _ => null };
            if (held is not ModelTask kind || kind == task) return;
            string shape = "[" + string.Join(", ", targets.shape) + "]";
            // Masks read as one-channel images keep their channel axis: they are masks, not box grids.
            if (task == ModelTask.Segmentation && targets.dim() == 4 && targets.shape[1] == 1)
                throw new InvalidDataException(
                    $"{where}: the masks are {shape}, with a channel axis; segmentation learns from masks [B, H, W] (a class per pixel): " +
                    "drop the axis (masks.squeeze(1))");
            throw new InvalidDataException(
                $"{where}: the targets are {Holds(kind)} {shape}, but the network is declared for {Name(task)} (Task = ModelTask.{task}), " +
                $"which learns from {Holds(task)}; load {Loader(task)}, or declare [Network(Task = ModelTask.{kind})] for {Name(kind)}");
        }

        static string Name(ModelTask task) => task.ToString().ToLowerInvariant();

        static string Holds(ModelTask task) => task switch
        {
            ModelTask.Classification => "one class label per image",
            ModelTask.Segmentation => "masks (a class per pixel)",
            _ => "box grids (5 + C values per cell)",
        };

        static string Loader(ModelTask task) => task switch
        {
            ModelTask.Classification => "labelled images (ShapesDataset.Load(network.InputShape, seed), DataSource.ImageFolder(dir))",
            ModelTask.Segmentation => "masks (ShapesDataset.LoadSegmentation(network.InputShape, seed), DataSource.MaskFolder(dir))",
            _ => "box grids (ShapesDataset.LoadDetection(network.InputShape, grid, seed))",
        };

        /// <summary>
        /// Class indices (labels or mask pixels) must lie in [0, classes): otherwise names the sample and value,
        /// since cross-entropy would read out of bounds or fail with a bare native error. A value equal to
        /// <paramref name="ignored"/> (a segmentation mask's void pixels) is allowed: the loss leaves it out.
        /// </summary>
        public static void ClassIndices(Tensor targets, long classes, string where, string what, long? ignored = null)
        {
            if (targets.dtype != ScalarType.Int64)
                throw new InvalidDataException($"{where}: {what} values are {targets.dtype}; expected int64 class indices (targets.to(int64))");
            using var scope = NewDisposeScope();
            Tensor perSample = targets.reshape(targets.shape[0], -1);
            using var held = new ScalarScope();
            Tensor outside = perSample.lt(held[0L]).logical_or(perSample.ge(held[classes]));
            if (ignored is long skip) outside = outside.logical_and(perSample.ne(held[skip]));
            Tensor bad = outside.any(1);
            if (!bad.any().item<bool>()) return;
            long sample = bad.nonzero()[0, 0].item<long>();
            Tensor row = perSample[sample];
            long value = row.masked_select(outside[sample])[0].item<long>();
            throw new InvalidDataException($"{where}, sample {sample}: {what} {value} is outside 0..{classes - 1} (the model has {classes} outputs)");
        }
    }
}
