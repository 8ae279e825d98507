using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// Squeeze-and-excitation: x · sigmoid(fc2(relu(fc1(avgpool(x))))), with fc1/fc2 as 1x1 convolutions
    /// with bias (the SENet reference implementation's layout and parameter count).
    /// </summary>
    public sealed class SqueezeExcite : nn.Module<Tensor, Tensor>
    {
        readonly Conv2d fc1;
        readonly Conv2d fc2;

        public SqueezeExcite(int channels, int squeezed) : base(nameof(SqueezeExcite))
        {
            fc1 = nn.Conv2d(channels, squeezed, 1);
            fc2 = nn.Conv2d(squeezed, channels, 1);
            register_module("fc1", fc1);
            register_module("fc2", fc2);
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var s = nn.functional.adaptive_avg_pool2d(x, 1);
            s = nn.functional.relu(fc1.forward(s), true);
            s = fc2.forward(s).sigmoid_();
            return x.mul(s).MoveToOuterDisposeScope();
        }
    }
}
