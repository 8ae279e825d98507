using NetDsl.Graph;
using NetDsl.Shapes;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    internal static partial class OnnxKinds
    {
        /// <summary>[SqueezeExcitation] (and a block's [SqueezeExcite]) → x · gate(fc2(act(fc1(GlobalAveragePool(x))))), fc1/fc2 1x1 Convs.</summary>
        static void Map(OnnxBuilder b, GraphNode n, SqueezeExcitationArgs a)
        {
            string x = b.In(n);
            var pooled = b.Node("GlobalAveragePool", new[] { x }, Temp(n, "pooled"));
            var fc1 = b.Node("Conv", new[] { pooled, b.Param(n, "fc1.weight"), b.Param(n, "fc1.bias") }, Temp(n, "fc1"), Ints("kernel_shape", 1, 1));
            var act = Activation(b, n, a.Act, fc1, Temp(n, "act"));
            var fc2 = b.Node("Conv", new[] { act, b.Param(n, "fc2.weight"), b.Param(n, "fc2.bias") }, Temp(n, "fc2"), Ints("kernel_shape", 1, 1));
            var gate = Activation(b, n, a.Gate, fc2, Temp(n, "gate"));
            b.Node("Mul", new[] { x, gate }, b.Out(n));
        }
    }
}
