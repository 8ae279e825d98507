using TorchSharp;

namespace NetDsl
{
    /// <summary>
    /// Scalars reused by generated code. TorchSharp turns a number (or an omitted alpha) into a native
    /// Scalar on every call, released only by the finalizer; on a hot path that keeps tensors' memory
    /// alive long enough to grow the resident size by gigabytes over a training run (measured).
    /// </summary>
    public static class Scalars
    {
        /// <summary>The scalar 1, allocated once.</summary>
        public static readonly Scalar One = 1.0.ToScalar();
    }
}
