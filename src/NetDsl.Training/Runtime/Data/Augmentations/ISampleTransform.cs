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
        /// <summary>The transformed sample, drawing any randomness from <paramref name="random"/>.</summary>
        Sample Apply(Sample sample, Random random);
    }

    /// <summary>Transforms applied in order, sharing the sample's random source.</summary>
    public sealed class SamplePipeline : ISampleTransform
    {
        /// <summary>A pipeline of <paramref name="steps"/>.</summary>
        public SamplePipeline(IEnumerable<ISampleTransform> steps) => Steps = steps.ToArray();
        /// <summary>A pipeline of <paramref name="steps"/>.</summary>
        public SamplePipeline(params ISampleTransform[] steps) => Steps = steps;

        /// <summary>The steps, in order.</summary>
        public IReadOnlyList<ISampleTransform> Steps { get; }

        /// <summary>The sample through every step in order.</summary>
        public Sample Apply(Sample sample, Random random)
        {
            foreach (var step in Steps) sample = step.Apply(sample, random);
            return sample;
        }

        /// <inheritdoc/>
        public override string ToString() => string.Join(" → ", Steps);
    }
}
