using System;
using System.Collections.Generic;
using NetDsl.Shapes;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// An image set held in memory on the CPU: normalized images <c>[N, C, H, W]</c> (or <c>[N, C]</c> for
    /// vector inputs) and targets whose first dimension is N: int64 labels <c>[N]</c>, int64 masks
    /// <c>[N, H, W]</c> or float box grids <c>[N, 5 + K, S, S]</c>. Owns both tensors.
    /// </summary>
    public sealed class LabeledImages : IDisposable
    {
        /// <summary>Images (N x C x H x W) with their labels (or masks) and class names.</summary>
        public LabeledImages(Tensor images, Tensor targets, TensorShape sampleShape, IReadOnlyList<string> classNames)
        {
            if (images.shape[0] != targets.shape[0])
                throw new ArgumentException($"{images.shape[0]} images but {targets.shape[0]} targets");
            Images = images;
            Targets = targets;
            SampleShape = sampleShape;
            ClassNames = classNames;
        }

        /// <summary>The images, N x C x H x W.</summary>
        public Tensor Images { get; }

        /// <summary>Per-sample targets, first dimension N (labels, masks or box grids).</summary>
        public Tensor Targets { get; }

        /// <summary>The targets under their classification name.</summary>
        public Tensor Labels => Targets;

        /// <summary>One image's C x H x W.</summary>
        public TensorShape SampleShape { get; }
        /// <summary>The class names, by label.</summary>
        public IReadOnlyList<string> ClassNames { get; }
        /// <summary>The number of images.</summary>
        public int Count => (int)Targets.shape[0];
        /// <summary>The number of classes.</summary>
        public int ClassCount => ClassNames.Count;

        /// <summary>Disposes the tensors.</summary>
        public void Dispose()
        {
            Images.Dispose();
            Targets.Dispose();
        }
    }

    /// <summary>The two splits a run needs; test samples are never used for training.</summary>
    public sealed class DataSplits : IDisposable
    {
        /// <summary>The <paramref name="train"/> and <paramref name="test"/> splits of the data set <paramref name="name"/>.</summary>
        public DataSplits(string name, LabeledImages train, LabeledImages test)
        {
            Name = name;
            Train = train;
            Test = test;
        }

        /// <summary>The data set's name, for reports.</summary>
        public string Name { get; }
        /// <summary>The training split.</summary>
        public LabeledImages Train { get; }
        /// <summary>The test split.</summary>
        public LabeledImages Test { get; }

        /// <summary>How the images' pixels were normalised (so a trained model's inputs can be prepared alike); null: not known.</summary>
        public Augmentations.Normalize? Normalization { get; init; }

        /// <summary>Disposes both splits.</summary>
        public void Dispose()
        {
            Train.Dispose();
            Test.Dispose();
        }
    }
}
