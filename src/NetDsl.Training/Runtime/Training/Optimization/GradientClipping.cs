using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    internal static class GradientClipping
    {
        /// <summary>
        /// Scales all gradients together so their global L2 norm is at most <paramref name="maxNorm"/> (PyTorch's
        /// clip_grad_norm_) and returns the norm before clipping.
        /// </summary>
        public static double ClipGlobalNorm(IEnumerable<Tensor> parameters, double maxNorm)
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var grads = new List<Tensor>();
            foreach (var p in parameters)
            {
                Tensor? g = p.grad;
                if (g is not null) grads.Add(g);
            }
            if (grads.Count == 0) return 0;
            var squares = new List<Tensor>();
            foreach (var g in grads) squares.Add(g.square().sum());
            double norm = System.Math.Sqrt(stack(squares).sum().item<float>());
            if (norm > maxNorm)
            {
                using Scalar factor = (maxNorm / (norm + 1e-6)).ToScalar();
                foreach (var g in grads) g.mul_(factor);
            }
            return norm;
        }
    }
}
