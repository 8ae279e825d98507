namespace NetDsl
{
    /// <summary>An activation, for block parameters, [Activation], [Residual(After = …)] and squeeze-excite gates.</summary>
    public enum Act { None, ReLU, ReLU6, Sigmoid, Tanh, GELU, SiLU, Hardswish, Hardsigmoid }

    /// <summary>How [Upsample] interpolates.</summary>
    public enum Interpolation { Nearest, Bilinear }
}
