using System;
using System.Collections.Generic;
using TorchSharp;

namespace NetDsl
{
    /// <summary>
    /// Holds the TorchSharp Scalars made for a block of code until the block ends, then frees them.
    /// <code>
    /// using var held = new ScalarScope();
    /// var grid = x.mul(held[2.0 / (w - 1)]).sub(held[1L]);
    /// </code>
    /// A Scalar passed as a temporary (<c>x.mul(0.5)</c>) is unreachable once TorchSharp has read its handle, so a
    /// collection started by another thread can run its finalizer, freeing the native value while LibTorch is
    /// still reading it. A scope's Scalars stay reachable through the scope until it is disposed.
    /// Not thread-safe: one scope per block of code.
    /// </summary>
    public sealed class ScalarScope : IDisposable
    {
        readonly List<Scalar> held = new();

        /// <summary>A floating-point Scalar (Float64) held until the scope ends.</summary>
        public Scalar this[double value] => Hold(value.ToScalar());

        /// <summary>An integer Scalar (Int64, as an implicit int or long conversion gives) held until the scope ends.</summary>
        public Scalar this[long value] => Hold(value.ToScalar());

        Scalar Hold(Scalar scalar)
        {
            held.Add(scalar);
            return scalar;
        }

        /// <summary>Frees every Scalar the scope made.</summary>
        public void Dispose()
        {
            foreach (var scalar in held) scalar.Dispose();
            held.Clear();
        }
    }
}
