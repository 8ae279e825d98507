using System;
using System.Collections.Generic;
using System.Linq;

namespace NetDsl.Runtime.Data.Augmentations
{
    /// <summary>
    /// One step of a sample pipeline. Every random choice comes from the <c>random</c> argument, which the
    /// loader seeds from (seed, epoch, sample index), so the result never depends on thread timing.
    /// </summary>
    public interface ISampleTransform
    {
        Sample Apply(Sample sample, Random random);
    }

    /// <summary>Transforms applied in order, sharing the sample's random source.</summary>
    public sealed class SamplePipeline : ISampleTransform
    {
        public SamplePipeline(IEnumerable<ISampleTransform> steps) => Steps = steps.ToArray();
        public SamplePipeline(params ISampleTransform[] steps) => Steps = steps;

        public IReadOnlyList<ISampleTransform> Steps { get; }

        public Sample Apply(Sample sample, Random random)
        {
            foreach (var step in Steps) sample = step.Apply(sample, random);
            return sample;
        }

        public override string ToString() => string.Join(" → ", Steps);
    }
}
