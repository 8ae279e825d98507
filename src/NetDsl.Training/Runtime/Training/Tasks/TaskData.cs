using System;
using System.Collections.Generic;
using NetDsl.Runtime.Data;
using NetDsl.Shapes;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>The data, or the model's output, does not fit the model's task; the message says what would.</summary>
    public sealed class TaskDataException : ArgumentException
    {
        /// <summary>The exception with <paramref name="message"/>.</summary>
        public TaskDataException(string message) : base(message) { }
    }

    /// <summary>
    /// The data a model's task needs and the check that its output fits it: labels (classification), masks
    /// (segmentation, from the shapes set), the images themselves (reconstruction) or box grids sized to the
    /// model's output (detection, from the shapes set).
    /// </summary>
    public static class TaskData
    {
        /// <summary>Segmentation and detection need the shapes set's masks or boxes; checked before any file is touched.</summary>
        public static void CheckSource(ModelEntry entry, DataSource data)
        {
            if (entry.Task == ModelTask.Segmentation && !data.IsSegmentation) RequireShapes(entry, data, "masks");
            if (entry.Task is ModelTask.Detection or ModelTask.RegionProposal) RequireShapes(entry, data, "boxes");
        }

        /// <summary>The splits of <paramref name="data"/> in the form the model's task trains on (masks, boxes or labels).</summary>
        public static DataSplits Load(ModelEntry entry, Network network, DataSource data, TensorShape input, int seed,
            int trainImages = ShapesDataset.DefaultTrainCount, int testImages = ShapesDataset.DefaultTestCount)
        {
            switch (entry.Task)
            {
                case ModelTask.Segmentation:
                    RequireShapes(entry, data, "masks");
                    // A network with valid convolutions (the original U-Net) predicts a centred part of its input: its scenes
                    // are drawn at the output's size and mirrored out to the input (overlap-tile), so every pixel is trained on.
                    var map = network.OutputShape;
                    bool centred = map.Is2d && OverlapTile.IsCentredPart(input.H, map.H) && OverlapTile.IsCentredPart(input.W, map.W);
                    return ShapesDataset.LoadSegmentation(input, seed, trainImages, testImages, centred ? (map.H, map.W) : null);
                case ModelTask.Detection:
                    RequireShapes(entry, data, "boxes");
                    var output = network.OutputShape;
                    if (!output.IsMap || output.H != output.W)
                        throw new TaskDataException($"{entry.Name} outputs {output}; a detector outputs a square grid [B·5 + C, S, S]");
                    // A YOLOv1 head (B = 2) for more classes than the shapes have (VOC's 20) gets grids that wide; mAP
                    // averages over the classes that have boxes.
                    return ShapesDataset.LoadDetection(input, output.H, seed, trainImages, testImages, classes: output.C - 5 * 2);
                case ModelTask.RegionProposal:
                    RequireShapes(entry, data, "boxes");
                    var proposals = network.OutputShape;
                    if (!proposals.IsMap || !RegionProposals.IsHead(proposals.C))
                        throw new TaskDataException($"{entry.Name} outputs {proposals}; a region proposal head outputs [2k + 4k, S, S] (k anchors per position, a multiple of 3)");
                    return Proposals(ShapesDataset.LoadDetection(input, proposals.H, seed, trainImages, testImages));
                default:
                    return data.Load(input, seed, trainImages, testImages);
            }
        }

        /// <summary>The box name a region proposal network's data holds: one class-agnostic "object".</summary>
        public static IReadOnlyList<string> ProposalClassNames { get; } = new[] { "object" };

        /// <summary>
        /// The shapes' box grids as a region proposal network learns from them: the boxes alone (<c>[N, 5, S, S]</c>, objectness and
        /// box per cell), one class "object"; the shapes' kinds are not its to predict.
        /// </summary>
        static DataSplits Proposals(DataSplits boxes)
        {
            static LabeledImages Boxes(LabeledImages grid)
            {
                var targets = grid.Targets[.., ..5].contiguous();
                grid.Targets.Dispose();
                return new LabeledImages(grid.Images, targets, grid.SampleShape, ProposalClassNames);
            }
            return new DataSplits(boxes.Name, Boxes(boxes.Train), Boxes(boxes.Test)) { Normalization = boxes.Normalization };
        }

        /// <summary>Boxes per grid cell of a detector on data with <paramref name="classes"/> classes: (channels − C) / 5.</summary>
        public static int BoxesPerCell(ModelEntry entry, Network network, int classes)
        {
            int channels = network.OutputShape.C, boxes = (channels - classes) / 5;
            if (boxes < 1 || channels != boxes * 5 + classes)
                throw new TaskDataException($"{entry.Name} outputs {channels} channels per cell; a YOLO detector for {classes} classes needs B·5 + {classes} (e.g. {10 + classes} for B = 2)");
            return boxes;
        }

        /// <summary>File-backed data holds masks exactly when the model segments.</summary>
        public static void CheckFiles(ModelEntry entry, DataSource data, FileBatches files)
        {
            if (entry.Task == ModelTask.Segmentation != files.IsSegmentation)
                throw new TaskDataException(files.IsSegmentation
                    ? $"data {data} holds masks; {entry.Name} is a {entry.Task.ToString().ToLowerInvariant()} model"
                    : $"{entry.Name} is a segmentation model; data {data} has no masks: use a mask folder or the shapes set");
        }

        /// <summary>
        /// The output must fit the task and the data (<paramref name="classNames"/>, sizes); <paramref name="dataName"/> names the
        /// data in messages, <paramref name="classOrigin"/> the file that decided the class count (a mask folder's).
        /// </summary>
        public static void CheckOutput(ModelEntry entry, Network network, string dataName, IReadOnlyList<string> classNames, TensorShape input, string? classOrigin = null)
        {
            var output = network.OutputShape;
            int classes = classNames.Count;
            switch (entry.Task)
            {
                case ModelTask.Classification:
                    if (output.IsMap || output.C < classes)
                        throw new TaskDataException(
                            $"{entry.Name} outputs {output} but {dataName} has {classes} classes; train a classifier with at least {classes} outputs");
                    break;
                case ModelTask.Segmentation:
                    // A smaller output centred on the input (U-Net's valid convolutions) is trained on the masks' centre.
                    if (!output.IsMap || output.C < classes || !OverlapTile.IsCentredPart(input.H, output.H) || !OverlapTile.IsCentredPart(input.W, output.W))
                        throw new TaskDataException(
                            $"{entry.Name} outputs {output} but segmentation of {dataName} at {input} needs at least {classes} classes at {input.H}x{input.W} (background included), or a centred part of it" +
                            (classOrigin == null ? "" : $": {classOrigin}"));
                    break;
                case ModelTask.Reconstruction:
                    if (output != input)
                        throw new TaskDataException($"{entry.Name} outputs {output}; an autoencoder must reproduce its input {input}");
                    break;
                case ModelTask.Detection:
                    BoxesPerCell(entry, network, classes);
                    break;
                case ModelTask.RegionProposal:
                    if (!output.IsMap || !RegionProposals.IsHead(output.C))
                        throw new TaskDataException($"{entry.Name} outputs {output}; a region proposal head outputs [2k + 4k, S, S] (k anchors per position, a multiple of 3)");
                    break;
            }
        }

        static void RequireShapes(ModelEntry entry, DataSource data, string what)
        {
            if (!data.IsShapes)
                throw new TaskDataException($"{entry.Name} is a {entry.Task.ToString().ToLowerInvariant()} model; data {data} has no {what}; train it on the shapes set");
        }
    }
}
