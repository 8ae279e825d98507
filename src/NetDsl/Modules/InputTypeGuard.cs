using System.Linq;
using NetDsl.Shapes;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// The element type a network's forward is given: an integer tensor (image bytes, uint8) or a float tensor other than
    /// the one its parameters hold (float64 from a double[], float16) fails in libtorch as "expected scalar type Byte but
    /// found Float", naming neither the network nor the fix. A float32 tensor, the usual case, costs one compare.
    /// </summary>
    static class InputTypeGuard
    {
        /// <summary>Null when <paramref name="x"/>'s type fits <paramref name="network"/>; else an ND0001 issue naming both types and the conversion.</summary>
        public static ShapeIssue? Check(Network network, Tensor x)
        {
            if (x.dtype == ScalarType.Float32) return null;
            string model = network.GetType().Name, shape = "[" + string.Join(", ", x.shape) + "]";
            if (!x.is_floating_point())
                return new ShapeIssue(ShapeIssueIds.InvalidInput,
                    $"{model}: forward got a tensor {shape} of {x.dtype}, but it computes on floating-point values (its parameters are " +
                    $"{ParameterType(network) ?? ScalarType.Float32}); convert the batch first (x.to(float32); image bytes 0..255 also need " +
                    "the scaling and normalisation the network was trained with, as network.Predict(\"image.png\") applies to image files).");
            // Under a low-precision compute mode (mixed precision, ForInference(bf16)) the layers cast their input themselves.
            if ((Compute.Current ?? network.Mode)?.LowPrecision != null) return null;
            if (ParameterType(network) is not ScalarType type || type == x.dtype) return null;
            return new ShapeIssue(ShapeIssueIds.InvalidInput,
                $"{model}: forward got a tensor {shape} of {x.dtype}, but its parameters are {type}; convert the batch (x.to({type.ToString().ToLowerInvariant()})) " +
                $"or the network (network.to({x.dtype.ToString().ToLowerInvariant()})).");
        }

        static ScalarType? ParameterType(Network network) => network.parameters().FirstOrDefault()?.dtype;
    }
}
