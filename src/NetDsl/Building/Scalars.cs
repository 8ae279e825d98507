using TorchSharp;

namespace NetDsl
{
    /// <summary>
    /// Scalars reused by generated code, held for the life of the process. TorchSharp turns a number (or an
    /// omitted alpha) into a native Scalar on every call and leaves it to the finalizer, which (1) keeps
    /// tensors' memory alive long enough to grow the resident size by gigabytes over a training run
    /// (measured) and (2) can free it while LibTorch still reads it, when another thread starts a collection
    /// during the call (a use-after-free seen in CI). See <see cref="ScalarScope"/> for values known at run time.
    /// </summary>
    public static class Scalars
    {
        /// <summary>
        /// The scalar 1, allocated once: an integer (Int64), as the alpha TorchSharp makes when none is passed, so it
        /// suits integer tensors too (LibTorch refuses a floating-point alpha for them).
        /// </summary>
        public static readonly Scalar One = 1L.ToScalar();
    }
}
