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
        public LabeledImages(Tensor images, Tensor targets, TensorShape sampleShape, IReadOnlyList<string> classNames)
        {
            if (images.shape[0] != targets.shape[0])
                throw new ArgumentException($"{images.shape[0]} images but {targets.shape[0]} targets");
            Images = images;
            Targets = targets;
            SampleShape = sampleShape;
            ClassNames = classNames;
        }

        public Tensor Images { get; }

        /// <summary>Per-sample targets, first dimension N (labels, masks or box grids).</summary>
        public Tensor Targets { get; }

        /// <summary>The targets under their classification name.</summary>
        public Tensor Labels => Targets;

        public TensorShape SampleShape { get; }
        public IReadOnlyList<string> ClassNames { get; }
        public int Count => (int)Targets.shape[0];
        public int ClassCount => ClassNames.Count;

        public void Dispose()
        {
            Images.Dispose();
            Targets.Dispose();
        }
    }

    /// <summary>The two splits a run needs; test samples are never used for training.</summary>
    public sealed class DataSplits : IDisposable
    {
        public DataSplits(string name, LabeledImages train, LabeledImages test)
        {
            Name = name;
            Train = train;
            Test = test;
        }

        public string Name { get; }
        public LabeledImages Train { get; }
        public LabeledImages Test { get; }

        public void Dispose()
        {
            Train.Dispose();
            Test.Dispose();
        }
    }
}
