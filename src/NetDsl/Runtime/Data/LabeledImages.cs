using System;
using System.Collections.Generic;
using NetDsl.Shapes;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// A labelled image set held in memory on the CPU: normalized images <c>[N, C, H, W]</c> (or
    /// <c>[N, C]</c> for vector inputs) and int64 labels <c>[N]</c>. Owns both tensors.
    /// </summary>
    public sealed class LabeledImages : IDisposable
    {
        public LabeledImages(Tensor images, Tensor labels, TensorShape sampleShape, IReadOnlyList<string> classNames)
        {
            if (images.shape[0] != labels.shape[0])
                throw new ArgumentException($"{images.shape[0]} images but {labels.shape[0]} labels");
            Images = images;
            Labels = labels;
            SampleShape = sampleShape;
            ClassNames = classNames;
        }

        public Tensor Images { get; }
        public Tensor Labels { get; }
        public TensorShape SampleShape { get; }
        public IReadOnlyList<string> ClassNames { get; }
        public int Count => (int)Labels.shape[0];
        public int ClassCount => ClassNames.Count;

        public void Dispose()
        {
            Images.Dispose();
            Labels.Dispose();
        }
    }

    /// <summary>The two splits a classification run needs; test samples are never used for training.</summary>
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
