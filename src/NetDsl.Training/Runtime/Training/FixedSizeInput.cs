using System;
using System.IO;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// A network whose [Flatten] → [Linear] fixes its input size, given images of another size (MNIST's 28x28 into a
    /// 32x32 LeNet): the forward guard lets other sizes through, as PyTorch does (a [GlobalAvgPool] network takes any),
    /// so libtorch fails in the Linear as "mat1 and mat2 shapes cannot be multiplied (2x1536 and 1176x10)", naming neither
    /// the network nor the images. Read only after that failure, so no size a network can take is ever refused.
    /// </summary>
    static class FixedSizeInput
    {
        /// <summary><paramref name="model"/> on <paramref name="images"/>, that failure named (<see cref="Explain"/>).</summary>
        public static Tensor Call(nn.Module<Tensor, Tensor> model, Tensor images, string? where = null) => Guard(model, images, where, () => model.call(images));

        /// <summary><paramref name="forward"/>'s result, a wrong-size failure of <paramref name="model"/> on <paramref name="images"/> named.</summary>
        public static T Guard<T>(nn.Module model, Tensor images, string? where, Func<T> forward)
        {
            try
            {
                return forward();
            }
            catch (ExternalException e) when (Explain(model, images, e, where) is Exception named)
            {
                throw named;
            }
        }

        /// <summary>The failure named (network, both sizes, the fixes), or null when <paramref name="e"/> is not that failure.</summary>
        public static Exception? Explain(nn.Module model, Tensor images, ExternalException e, string? where = null)
        {
            if (model is not Network network || !e.Message.StartsWith("mat1 and mat2 shapes cannot be multiplied", StringComparison.Ordinal)) return null;
            var input = network.InputShape;
            if (!input.Is2d || images.dim() != 4 || (images.shape[2] == input.H && images.shape[3] == input.W)) return null;
            string name = network.GetType().Name;
            return new InvalidDataException(
                $"{(where == null ? "" : where + ": ")}{name} got {images.shape[2]}x{images.shape[3]} images, but it is built for {input} and its " +
                $"Linear after [Flatten] takes the features of {input.H}x{input.W} only (libtorch: {e.Message.Split('\n')[0]}); resize the images to " +
                $"{input.H}x{input.W} (ShapesDataset.Load(network.InputShape, …), OpenBatches(network.InputShape, …)), build the network at their size " +
                "(Network.BuildAt), or pool to a fixed size before [Flatten] ([GlobalAvgPool], [AdaptiveAvgPool])", e);
        }
    }
}
