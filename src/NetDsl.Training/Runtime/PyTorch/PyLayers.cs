using System;
using System.Collections.Generic;
using NetDsl.Shapes;
using static NetDsl.Runtime.PyTorch.PyCode;

namespace NetDsl.Runtime.PyTorch
{
    /// <summary>
    /// Each layer kind as PyTorch: the <c>torch.nn</c> module a registered layer becomes (same state-dict keys as
    /// NetDsl's TorchSharp module) and the functional call a parameter-free layer applied in <c>forward</c> becomes.
    /// A kind with neither is refused naming the layer.
    /// </summary>
    internal static class PyLayers
    {
        /// <summary>The module constructor for the layer at <paramref name="n"/>; <paramref name="helpers"/> collects the helper classes it needs.</summary>
        public static string Module(PyNode n, ClassesBinding classes, ISet<string> helpers)
        {
            string I(string fact, long value) => classes.Int(n.Index, fact, value);
            string inC = I(ClassesBinding.InChannels, n.InputShapes[0].C);
            string rank = Dims(n);
            switch (n.Args)
            {
                case DeformConvArgs d:
                    helpers.Add(PyHelpers.DeformConv);
                    return $"DeformConv2d({inC}, {I("OutChannels", d.OutChannels)}, {I("Kernel", d.Kernel)}{ConvOptions(d.Stride, d.Padding, d.Dilation, d.Groups, d.Bias, I)}"
                        + (d.Modulated ? ", modulated=True)" : ")");
                case ConvArgs c when c.IsRectangular:
                    // Height and width each written: a 1x7 window must not become a square one.
                    return $"nn.Conv2d({inC}, {I("OutChannels", c.OutChannels)}, kernel_size=({c.Kernel}, {c.KernelWidth}), stride=({c.Stride}, {c.StrideWidth}), "
                        + $"padding=({c.Padding}, {c.PaddingWidth}), dilation=({c.Dilation}, {c.DilationWidth})"
                        + (c.Groups != 1 ? ", groups=" + I("Groups", c.Groups) : "") + (c.Bias ? "" : ", bias=False") + PadMode(c) + ")";
                case ConvArgs c:
                    return $"nn.Conv{rank}({inC}, {I("OutChannels", c.OutChannels)}, kernel_size={I("Kernel", c.Kernel)}{ConvOptions(c.Stride, c.Padding, c.Dilation, c.Groups, c.Bias, I)}{PadMode(c)})";
                case ConvTransposeArgs t:
                    return $"nn.ConvTranspose{rank}({inC}, {I("OutChannels", t.OutChannels)}, kernel_size={I("Kernel", t.Kernel)}"
                        + (t.OutputPadding != 0 ? $", output_padding={I("OutputPadding", t.OutputPadding)}" : "")
                        + ConvOptions(t.Stride, t.Padding, t.Dilation, t.Groups, t.Bias, I) + ")";
                case BatchNormArgs b:
                    return $"nn.BatchNorm{rank}({inC}{(b.Eps != 1e-5 ? ", eps=" + Float(b.Eps) : "")}{(b.Momentum != 0.1 ? ", momentum=" + Float(b.Momentum) : "")})";
                case LinearArgs l when l.LastDim:
                    return $"nn.Linear({LastAxis(n.InputShapes[0])}, {I("OutFeatures", l.OutFeatures)}{(l.Bias ? "" : ", bias=False")})";
                case LinearArgs l:
                    return $"nn.Linear({I(ClassesBinding.InFeatures, n.InputShapes[0].Elements)}, {I("OutFeatures", l.OutFeatures)}{(l.Bias ? "" : ", bias=False")})";
                case SqueezeExcitationArgs s:
                    helpers.Add(PyHelpers.SqueezeExcite);
                    return $"SqueezeExcite({inC}, {I("Squeeze", s.Squeeze)}, {Str(ActName(s.Act))}, {Str(ActName(s.Gate))})";
                case ActivationArgs a:
                    return a.Kind switch
                    {
                        Act.ReLU => "nn.ReLU()", Act.ReLU6 => "nn.ReLU6()", Act.Sigmoid => "nn.Sigmoid()", Act.Tanh => "nn.Tanh()",
                        Act.GELU => "nn.GELU()", Act.SiLU => "nn.SiLU()", Act.Hardswish => "nn.Hardswish()", Act.Hardsigmoid => "nn.Hardsigmoid()", Act.Mish => "nn.Mish()",
                        _ => "nn.Identity()",
                    };
                case LeakyReLUArgs r: return $"nn.LeakyReLU({Float(r.Slope)})";
                case HardtanhArgs h: return $"nn.Hardtanh({Float(h.Min)}, {Float(h.Max)})";
                case MaxPoolArgs p: return $"nn.MaxPool{rank}({Pool(p, I)})";
                case AvgPoolArgs p: return $"nn.AvgPool{rank}({Pool(p, I)})";
                case GlobalAvgPoolArgs: return $"nn.AdaptiveAvgPool{rank}(1)";
                case AdaptiveAvgPoolArgs p: return $"nn.AdaptiveAvgPool{rank}({OutputSize(n, p.Height, p.Width)})";
                case AdaptiveMaxPoolArgs p: return $"nn.AdaptiveMaxPool{rank}({OutputSize(n, p.Height, p.Width)})";
                case FlattenArgs: return "nn.Flatten()";
                case DropoutArgs d: return $"nn.Dropout({Float(d.P)})";
                case Dropout2dArgs d: return $"nn.Dropout2d({Float(d.P)})";
                case LocalResponseNormArgs r: return $"nn.LocalResponseNorm({r.Size}, alpha={Float(r.Alpha)}, beta={Float(r.Beta)}, k={Float(r.K)})";
                case UpsampleArgs u: return $"nn.Upsample({Resample(u)})";
                case LayerNormArgs l: return $"nn.LayerNorm({LastAxis(n.InputShapes[0])}, eps={Float(l.Eps)})";
                case LayerNorm2dArgs l:
                    helpers.Add(PyHelpers.LayerNorm2d);
                    return $"LayerNorm2d({inC}, eps={Float(l.Eps)})";
                case ChannelShuffleArgs c: return $"nn.ChannelShuffle({c.Groups})";
                case SplitArgs:
                case PermuteArgs:
                case ReshapeArgs:
                    helpers.Add(PyHelpers.Lambda);
                    return $"Lambda(lambda x: {Functional(n, "x")})";
                case StochasticDepthArgs d:
                    helpers.Add(PyHelpers.StochasticDepth);
                    return $"StochasticDepth({Float(d.P)}{Mode(d)})";
                case ChannelAffineArgs a when !a.Enabled: return "nn.Identity()";
                case ChannelAffineArgs a:
                    helpers.Add(PyHelpers.ChannelAffine);
                    return $"ChannelAffine({Affine(a, n.InputShapes[0].C)})";
                default: throw Unsupported(n);
            }
        }

        /// <summary>The functional call for a parameter-free layer applied to <paramref name="x"/> in <c>forward</c>.</summary>
        public static string Functional(PyNode n, string x)
        {
            string rank = Dims(n);
            switch (n.Args)
            {
                case ActivationArgs a:
                    return a.Kind switch
                    {
                        Act.ReLU => $"F.relu({x})", Act.ReLU6 => $"F.relu6({x})", Act.Sigmoid => $"torch.sigmoid({x})", Act.Tanh => $"torch.tanh({x})",
                        Act.GELU => $"F.gelu({x})", Act.SiLU => $"F.silu({x})", Act.Hardswish => $"F.hardswish({x})", Act.Hardsigmoid => $"F.hardsigmoid({x})", Act.Mish => $"F.mish({x})",
                        _ => x,
                    };
                case LeakyReLUArgs r: return $"F.leaky_relu({x}, {Float(r.Slope)})";
                case HardtanhArgs h: return $"F.hardtanh({x}, {Float(h.Min)}, {Float(h.Max)})";
                case MaxPoolArgs p: return $"F.max_pool{rank}({x}, {Pool(p, (_, v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture))})";
                case AvgPoolArgs p: return $"F.avg_pool{rank}({x}, {Pool(p, (_, v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture))})";
                case GlobalAvgPoolArgs: return $"F.adaptive_avg_pool{rank}({x}, 1)";
                case AdaptiveAvgPoolArgs p: return $"F.adaptive_avg_pool{rank}({x}, {OutputSize(n, p.Height, p.Width)})";
                case AdaptiveMaxPoolArgs p: return $"F.adaptive_max_pool{rank}({x}, {OutputSize(n, p.Height, p.Width)})";
                case FlattenArgs: return $"torch.flatten({x}, 1)";
                case DropoutArgs d: return $"F.dropout({x}, {Float(d.P)}, self.training)";
                case Dropout2dArgs d: return $"F.dropout2d({x}, {Float(d.P)}, self.training)";
                case LocalResponseNormArgs r: return $"F.local_response_norm({x}, {r.Size}, alpha={Float(r.Alpha)}, beta={Float(r.Beta)}, k={Float(r.K)})";
                case UpsampleArgs u: return $"F.interpolate({x}, {Resample(u)})";
                case ChannelShuffleArgs c: return $"torch.channel_shuffle({x}, {c.Groups})";
                case SplitArgs s: return $"torch.chunk({x}, {s.Parts}, 1)[{s.Index}]";
                case PermuteArgs p: return $"{x}.permute({p.D0}, {p.D1}, {p.D2}, {p.D3})";
                // The checked output's sizes (a written -1 resolved), the batch axis kept.
                case ReshapeArgs: return $"{x}.reshape({x}.size(0), {string.Join(", ", n.Output.ToArray())})";
                // Row (default) or batch mode, training only (torchvision's stochastic_depth): identity in eval.
                case StochasticDepthArgs d: return $"stochastic_depth({x}, {Float(d.P)}, self.training{Mode(d)})";
                case ChannelAffineArgs a: return a.Enabled ? $"channel_affine({x}, {Affine(a, n.InputShapes[0].C)})" : x;
                default: throw Unsupported(n);
            }
        }

        /// <summary>"1d" for a layer on a CxL map (PyTorch's Conv1d, BatchNorm1d, MaxPool1d, …), "2d" otherwise.</summary>
        static string Dims(PyNode n) => n.InputShapes.Count > 0 && n.InputShapes[0].Is1d ? "1d" : "2d";

        /// <summary>An adaptive pool's output size: "(h, w)" on a CxHxW map, the length on a CxL map.</summary>
        static string OutputSize(PyNode n, int height, int width) => n.InputShapes[0].Is1d ? width.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"({height}, {width})";

        static string ConvOptions(int stride, int padding, int dilation, int groups, bool bias, Func<string, long, string> i) =>
            (stride != 1 ? ", stride=" + i("Stride", stride) : "") + (padding != 0 ? ", padding=" + i("Padding", padding) : "")
            + (dilation != 1 ? ", dilation=" + i("Dilation", dilation) : "") + (groups != 1 ? ", groups=" + i("Groups", groups) : "")
            + (bias ? "" : ", bias=False");

        /// <summary>Conv2d's padding_mode when not zeros (<c>, padding_mode="reflect"</c>).</summary>
        static string PadMode(ConvArgs c) => c.PaddingMode switch
        {
            NetDsl.PaddingMode.Reflect => ", padding_mode=\"reflect\"",
            NetDsl.PaddingMode.Replicate => ", padding_mode=\"replicate\"",
            NetDsl.PaddingMode.Circular => ", padding_mode=\"circular\"",
            _ => "",
        };

        static string Pool(PoolArgs p, Func<string, long, string> i) => p.IsRectangular
            // Height and width each written: a 1x3 window must not become a square one.
            ? $"kernel_size=({p.Kernel}, {p.KernelWidth}), stride=({p.StrideOrKernel}, {p.StrideWidth}), padding=({p.Padding}, {p.PaddingWidth})" + (p.CeilMode ? ", ceil_mode=True" : "")
            : $"{i("Kernel", p.Kernel)}, stride={p.StrideOrKernel}" + (p.Padding != 0 ? $", padding={p.Padding}" : "") + (p.CeilMode ? ", ceil_mode=True" : "");

        static string Resample(UpsampleArgs u)
        {
            string mode = u.Mode == Interpolation.Bilinear ? "\"bilinear\"" : "\"nearest\"";
            string size = u.Scale is int s ? $"scale_factor={Float(s)}" : $"size=({u.Height}, {u.Width})";
            return $"{size}, mode={mode}" + (u.Mode == Interpolation.Bilinear ? ", align_corners=" + Bool(u.AlignCorners) : "");
        }

        /// <summary>", mode=\"batch\"" for batch-mode stochastic depth; nothing for row mode, the helper's default.</summary>
        static string Mode(StochasticDepthArgs d) => d.Mode == StochasticDepthArgs.RowMode ? "" : ", mode=" + Str(d.Mode);

        /// <summary>[ChannelAffine]'s scales and shifts as two Python tuples, one number per channel.</summary>
        static string Affine(ChannelAffineArgs a, int channels) => $"{Tuple(a.Scales(channels))}, {Tuple(a.Shifts(channels))}";

        static string Tuple(double[] values) => "(" + string.Join(", ", Array.ConvertAll(values, Float)) + (values.Length == 1 ? ",)" : ")");

        /// <summary>The axis LayerNorm and Linear(LastDim) work on: a map's last (channels after a channels-last permute), a vector's features.</summary>
        static long LastAxis(TensorShape shape) => shape.IsMap ? shape.W : shape.C;

        /// <summary>The activation's name as model.py's helper classes take it.</summary>
        public static string ActName(Act act) => act.ToString().ToLowerInvariant();

        static NotSupportedException Unsupported(PyNode n) =>
            new NotSupportedException($"{n.Path}: layer kind {n.Op} has no PyTorch mapping yet; model.py cannot be written for this network");
    }
}
