using System.Collections.Generic;

namespace NetDsl.Runtime.PyTorch
{
    /// <summary>The few pieces model.py defines itself because torch.nn has no module with NetDsl's state-dict keys.</summary>
    internal static class PyHelpers
    {
        public const string CenterCrop = "center_crop", SqueezeExcite = "SqueezeExcite", DeformConv = "DeformConv2d",
            Lambda = "Lambda", StochasticDepth = "StochasticDepth", LayerNorm2d = "LayerNorm2d",
            ChannelAffine = "ChannelAffine";

        /// <summary>The helpers' code in a fixed order, for those in <paramref name="used"/>.</summary>
        public static IEnumerable<string> Code(ISet<string> used)
        {
            if (used.Contains(CenterCrop)) yield return CenterCropCode;
            if (used.Contains(SqueezeExcite) || used.Contains(DeformConv)) yield return ActivationCode;
            if (used.Contains(SqueezeExcite)) yield return SqueezeExciteCode;
            if (used.Contains(DeformConv)) yield return DeformConvCode;
            if (used.Contains(Lambda)) yield return LambdaCode;
            if (used.Contains(StochasticDepth)) yield return StochasticDepthCode;
            if (used.Contains(LayerNorm2d)) yield return LayerNorm2dCode;
            if (used.Contains(ChannelAffine)) yield return ChannelAffineCode;
        }

        const string LambdaCode = """
class Lambda(nn.Module):
    "A stateless step (channel split, permute) as a module, where NetDsl registers one."

    def __init__(self, f):
        super().__init__()
        self.f = f

    def forward(self, x):
        return self.f(x)
""";

        const string StochasticDepthCode = """
def stochastic_depth(x, p, training, mode="row"):
    "torchvision's stochastic_depth: each sample (mode row) or the whole batch (mode batch) kept with probability 1 - p and rescaled, in training only."
    if not training or p == 0.0:
        return x
    keep = x.new_empty([x.shape[0] if mode == "row" else 1] + [1] * (x.dim() - 1)).bernoulli_(1.0 - p)
    return x * keep.div_(1.0 - p) if p < 1.0 else x * keep


class StochasticDepth(nn.Module):
    def __init__(self, p, mode="row"):
        super().__init__()
        self.p, self.mode = p, mode

    def forward(self, x):
        return stochastic_depth(x, self.p, self.training, self.mode)
""";

        const string ChannelAffineCode = """
def channel_affine(x, scale, shift):
    "x[:, c] * scale[c] + shift[c] on every channel c (NetDsl's [ChannelAffine]; torchvision's Inception v3 transform_input)."
    shape = [1, len(scale)] + [1] * (x.dim() - 2)
    return x * x.new_tensor(scale).view(shape) + x.new_tensor(shift).view(shape)


class ChannelAffine(nn.Module):
    def __init__(self, scale, shift):
        super().__init__()
        self.scale, self.shift = scale, shift

    def forward(self, x):
        return channel_affine(x, self.scale, self.shift)
""";

        const string LayerNorm2dCode = """
class LayerNorm2d(nn.LayerNorm):
    "LayerNorm over the channels at each position of an N x C x H x W map (torchvision's ConvNeXt LayerNorm2d)."

    def forward(self, x):
        x = x.permute(0, 2, 3, 1)
        x = F.layer_norm(x, self.normalized_shape, self.weight, self.bias, self.eps)
        return x.permute(0, 3, 1, 2)
""";

        const string CenterCropCode = """
def center_crop(x, like):
    "The centre window of x at like's height and width (U-Net's crop before a skip concat)."
    top, left = (x.shape[2] - like.shape[2]) // 2, (x.shape[3] - like.shape[3]) // 2
    return x[:, :, top:top + like.shape[2], left:left + like.shape[3]]
""";

        const string ActivationCode = """
ACTIVATIONS = {"relu": F.relu, "relu6": F.relu6, "sigmoid": torch.sigmoid, "tanh": torch.tanh, "gelu": F.gelu,
               "silu": F.silu, "hardswish": F.hardswish, "hardsigmoid": F.hardsigmoid, "mish": F.mish, "none": lambda x: x}
""";

        const string SqueezeExciteCode = """
class SqueezeExcite(nn.Module):
    "Squeeze-and-excitation: global average, 1x1 conv (fc1), act, 1x1 conv (fc2), gate, scale (torchvision's layout)."

    def __init__(self, channels, squeezed, act="relu", gate="sigmoid"):
        super().__init__()
        self.fc1 = nn.Conv2d(channels, squeezed, 1)
        self.fc2 = nn.Conv2d(squeezed, channels, 1)
        self.act, self.gate = ACTIVATIONS[act], ACTIVATIONS[gate]

    def forward(self, x):
        s = F.adaptive_avg_pool2d(x, 1)
        s = self.gate(self.fc2(self.act(self.fc1(s))))
        return x * s
""";

        const string DeformConvCode = """
class DeformConv2d(nn.Module):
    "Deformable convolution (DCN v1; v2 when modulated): an offset conv predicts where each kernel tap reads."

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, modulated=False):
        super().__init__()
        self.stride, self.padding, self.dilation, self.modulated = stride, padding, dilation, modulated
        self.weight = nn.Parameter(torch.empty(out_channels, in_channels // groups, kernel_size, kernel_size))
        self.bias = nn.Parameter(torch.empty(out_channels)) if bias else None
        nn.init.kaiming_uniform_(self.weight, a=5 ** 0.5)
        if self.bias is not None:
            nn.init.uniform_(self.bias, -1 / (in_channels // groups * kernel_size ** 2) ** 0.5, 1 / (in_channels // groups * kernel_size ** 2) ** 0.5)
        self.offset = nn.Conv2d(in_channels, (3 if modulated else 2) * kernel_size ** 2, kernel_size, stride, padding, dilation)
        nn.init.zeros_(self.offset.weight)
        nn.init.zeros_(self.offset.bias)

    def forward(self, x):
        predicted = self.offset(x)
        offset, mask = predicted, None
        if self.modulated:
            split = 2 * self.weight.shape[2] * self.weight.shape[3]
            offset, mask = predicted[:, :split], predicted[:, split:].sigmoid()
        return torchvision.ops.deform_conv2d(x, offset, self.weight, self.bias, self.stride, self.padding, self.dilation, mask)
""";
    }
}
