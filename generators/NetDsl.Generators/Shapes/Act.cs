namespace NetDsl
{
    /// <summary>An activation, for block parameters, [Activation], [Residual(After = …)] and squeeze-excite gates.</summary>
    public enum Act
    {
        /// <summary>No activation (identity).</summary>
        None,
        /// <summary>max(0, x).</summary>
        ReLU,
        /// <summary>min(max(0, x), 6), as MobileNet uses.</summary>
        ReLU6,
        /// <summary>1 / (1 + e^-x).</summary>
        Sigmoid,
        /// <summary>Hyperbolic tangent.</summary>
        Tanh,
        /// <summary>Gaussian error linear unit (exact, PyTorch's default).</summary>
        GELU,
        /// <summary>x · sigmoid(x) (swish), as EfficientNet uses.</summary>
        SiLU,
        /// <summary>x · ReLU6(x + 3) / 6, as MobileNetV3 uses.</summary>
        Hardswish,
        /// <summary>ReLU6(x + 3) / 6, MobileNetV3's squeeze-excite gate.</summary>
        Hardsigmoid,
        /// <summary>x · tanh(softplus(x)) (Misra, 2019), as YOLOv4 and CSP backbones use.</summary>
        Mish,
    }

    /// <summary>How [Upsample] interpolates.</summary>
    public enum Interpolation
    {
        /// <summary>Nearest neighbour.</summary>
        Nearest,
        /// <summary>Bilinear (see <c>AlignCorners</c>).</summary>
        Bilinear,
    }

    /// <summary>What a convolution's padding holds (PyTorch's <c>padding_mode</c>): zeros, or the input mirrored, repeated or wrapped.</summary>
    public enum PaddingMode
    {
        /// <summary>Zeros (PyTorch's default).</summary>
        Zeros,
        /// <summary>The input mirrored about its edge, edge excluded (<c>dcba|abcd</c>); the padding must be under the input's size.</summary>
        Reflect,
        /// <summary>The edge value repeated (<c>aaaa|abcd</c>).</summary>
        Replicate,
        /// <summary>The input wrapped around (<c>abcd|abcd</c>); the padding must not exceed the input's size.</summary>
        Circular,
    }
}
