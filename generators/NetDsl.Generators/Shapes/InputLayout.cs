using static NetDsl.Shapes.Messages;

namespace NetDsl.Shapes
{
    /// <summary>
    /// A declared input written HxWxC (Keras's order, or an image's NHWC shape) where NetDsl reads CxHxW: the compile-time
    /// lint and error fix and the forward guard's message share this reading.
    /// </summary>
    public static class InputLayout
    {
        /// <summary>
        /// The CxHxW input <paramref name="declared"/> was probably meant as, or null when it reads as CxHxW: its last side
        /// is an image's channel count (1, 3 or 4) and its first two are image sides (8 or more), as in 32x32x3 or 28x28x1.
        /// A small CxHxW map such as 6x5x4 is not taken for one.
        /// </summary>
        public static TensorShape? MeantAsHxWxC(TensorShape declared) =>
            declared.Is2d && declared.W is 1 or 3 or 4 && declared.C >= 8 && declared.H >= 8
                ? new TensorShape(declared.W, declared.C, declared.H)
                : null;

        /// <summary>Why <paramref name="declared"/> looks HxWxC, ending in the input to write.</summary>
        public static string Reading(TensorShape declared, TensorShape meant) =>
            $"the Input {declared} reads as {I(declared.C)} channels of {I(declared.H)}x{I(declared.W)} pixels, which looks like HxWxC (Keras's order); "
            + $"NetDsl reads CxHxW: write Input = \"{meant}\"";
    }
}
