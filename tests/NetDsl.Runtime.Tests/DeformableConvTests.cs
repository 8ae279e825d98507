using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using NetDsl.Shapes;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// <see cref="DeformableConv2d"/> against a naive per-pixel loop, against <c>conv2d</c> at zero offsets, its
    /// gradients (autograd against central differences) and its rule/factory. torchvision itself is the oracle in
    /// NetDsl.Conformance.Tests (DeformableConvConformanceTests).
    /// </summary>
    public sealed class DeformableConvTests
    {
        readonly ITestOutputHelper output;
        public DeformableConvTests(ITestOutputHelper output) { this.output = output; }

        /// <summary>N, C, H, W, Cout, kernel, stride, padding, dilation, groups, offset groups.</summary>
        public static TheoryData<int[]> Configurations => new()
        {
            new[] { 2, 4, 7, 6, 6, 3, 1, 1, 1, 1, 1 },
            new[] { 2, 4, 9, 8, 6, 3, 2, 1, 1, 2, 1 },
            new[] { 1, 6, 9, 9, 4, 3, 1, 2, 2, 2, 3 },
            new[] { 2, 4, 8, 7, 4, 2, 2, 0, 1, 4, 2 },
            new[] { 1, 3, 5, 6, 5, 1, 1, 0, 1, 1, 1 },
        };

        [Theory]
        [MemberData(nameof(Configurations))]
        public void Apply_MatchesANaiveLoop_WithFractionalOffsetsLeavingTheImage_AndAMask(int[] configuration)
        {
            int n = configuration[0], c = configuration[1], h = configuration[2], w = configuration[3], cout = configuration[4], k = configuration[5];
            int stride = configuration[6], padding = configuration[7], dilation = configuration[8], groups = configuration[9], offsetGroups = configuration[10];
            using var scope = NewDisposeScope();
            var gen = new Generator(seed: (ulong)(11 + c * 7 + k));
            int ho = (h + 2 * padding - dilation * (k - 1) - 1) / stride + 1;
            int wo = (w + 2 * padding - dilation * (k - 1) - 1) / stride + 1;
            var x = randn(new long[] { n, c, h, w }, generator: gen);
            var weight = randn(new long[] { cout, c / groups, k, k }, generator: gen);
            var bias = randn(new long[] { cout }, generator: gen);
            var offset = RandomOffsets(new long[] { n, 2 * offsetGroups * k * k, ho, wo }, gen);
            var mask = rand(new long[] { n, offsetGroups * k * k, ho, wo }, generator: gen);

            foreach (bool modulated in new[] { false, true })
            {
                var m = modulated ? mask : null;
                var actual = DeformableConv2d.Apply(x, offset, weight, bias, m, stride, padding, dilation);
                var expected = Naive(x, offset, weight, bias, m, stride, padding, dilation, groups);
                Assert.Equal(expected.shape, actual.shape);
                double worst = (actual.to(ScalarType.Float64) - expected).abs().max().item<double>();
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "modulated {0}: worst |diff| vs loop {1:E2}, max |loop| {2:G4}",
                    modulated, worst, expected.abs().max().item<double>()));
                Assert.True(worst <= 1e-5, $"worst |diff| {worst}");
            }
        }

        /// <summary>Uniform in (−3, 3), a tenth pushed to ±(5..8): many samples fall partly or wholly outside the image.</summary>
        static Tensor RandomOffsets(long[] shape, Generator gen)
        {
            using var held = new ScalarScope();
            var small = rand(shape, generator: gen).mul(held[6L]).sub(held[3L]);
            var far = rand(shape, generator: gen).mul(held[3L]).add(held[5L], alpha: Scalars.One)
                .mul(rand(shape, generator: gen).lt(held[0.5]).to(ScalarType.Float32).mul(held[2L]).sub(held[1L]));
            return where(rand(shape, generator: gen).lt(held[0.1]), far, small);
        }

        [Theory]
        [InlineData(1, 0, 1, 1)]
        [InlineData(1, 1, 1, 1)]
        [InlineData(2, 1, 1, 1)]
        [InlineData(1, 2, 2, 1)]
        [InlineData(2, 3, 2, 2)]
        [InlineData(1, 1, 1, 4)]
        public void ZeroOffsets_AndUnitMask_GiveConv2d(int stride, int padding, int dilation, int groups)
        {
            // float32: the same sums in another order (matmul vs conv2d), so within a few ulps of the outputs (≈ 7 here);
            // float64 shows that this is rounding alone.
            foreach (var (dtype, bound) in new[] { (ScalarType.Float32, 1e-6), (ScalarType.Float64, 1e-12) })
            {
                using var scope = NewDisposeScope();
                using var held = new ScalarScope();
                var gen = new Generator(seed: 5);
                var x = randn(new long[] { 2, 8, 11, 10 }, dtype, generator: gen);
                var weight = randn(new long[] { 12, 8 / groups, 3, 3 }, dtype, generator: gen).mul(held[0.2]);
                var bias = randn(new long[] { 12 }, dtype, generator: gen);
                var expected = nn.functional.conv2d(x, weight, bias, strides: new long[] { stride, stride }, padding: new long[] { padding, padding },
                    dilation: new long[] { dilation, dilation }, groups: groups);
                var offset = zeros(new long[] { 2, 18, expected.shape[2], expected.shape[3] }, dtype);
                var mask = ones(new long[] { 2, 9, expected.shape[2], expected.shape[3] }, dtype);

                var plain = DeformableConv2d.Apply(x, offset, weight, bias, null, stride, padding, dilation, groups);
                var masked = DeformableConv2d.Apply(x, offset, weight, bias, mask, stride, padding, dilation, groups);
                double worst = Math.Max(MaxAbs(plain - expected), MaxAbs(masked - expected));
                double scale = Math.Max(1, MaxAbs(expected));
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0}: worst |diff| vs conv2d {1:E2}, max |conv2d| {2:G4}", dtype, worst, scale));
                Assert.True(worst <= bound * scale, $"{dtype}: worst |diff| {worst}");
            }
        }

        [Fact]
        public void Gradients_MatchCentralDifferences_ForInputOffsetMaskWeightAndBias()
        {
            using var scope = NewDisposeScope();
            using var held = new ScalarScope();
            var gen = new Generator(seed: 3);
            const int stride = 1, padding = 1, dilation = 1;
            var x = randn(new long[] { 1, 4, 5, 6 }, ScalarType.Float64, generator: gen).requires_grad_();
            var weight = randn(new long[] { 4, 2, 3, 3 }, ScalarType.Float64, generator: gen).requires_grad_();
            var bias = randn(new long[] { 4 }, ScalarType.Float64, generator: gen).requires_grad_();
            // Fractional parts kept away from 0 so a ±1e-6 step never crosses a pixel boundary (where the sampling has a kink).
            var whole = randint(-3, 3, new long[] { 1, 2 * 2 * 9, 5, 6 }, generator: gen).to(ScalarType.Float64);
            var offset = whole.add(rand(new long[] { 1, 36, 5, 6 }, ScalarType.Float64, generator: gen).mul(held[0.8]).add(held[0.1], alpha: Scalars.One), alpha: Scalars.One)
                .requires_grad_();
            var mask = rand(new long[] { 1, 2 * 9, 5, 6 }, ScalarType.Float64, generator: gen).requires_grad_();
            var r = randn(new long[] { 1, 4, 5, 6 }, ScalarType.Float64, generator: gen);

            Tensor Loss() => DeformableConv2d.Apply(x, offset, weight, bias, mask, stride, padding, dilation).mul(r).sum();
            Loss().backward();

            foreach (var (name, t) in new[] { ("input", x), ("offset", offset), ("mask", mask), ("weight", weight), ("bias", bias) })
            {
                var grad = t.grad!.clone();
                Assert.True(grad.abs().sum().item<double>() > 0, $"{name}: zero gradient");
                var flat = grad.reshape(-1);
                double worst = 0;
                using (no_grad())
                {
                    var values = t.view(-1);
                    for (int probe = 0; probe < 12; probe++)
                    {
                        long i = probe * 7919L % values.shape[0];
                        double v = values[i].item<double>();
                        const double eps = 1e-6;
                        values[i] = v + eps;
                        double up = Loss().item<double>();
                        values[i] = v - eps;
                        double down = Loss().item<double>();
                        values[i] = v;
                        worst = Math.Max(worst, Math.Abs((up - down) / (2 * eps) - flat[i].item<double>()));
                    }
                }
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0}: worst |autograd - central difference| {1:E2}", name, worst));
                Assert.True(worst <= 1e-5, $"{name}: {worst}");
            }
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Module_Trains_GradientsReachWeightOffsetConvAndInput(bool modulated)
        {
            using var scope = NewDisposeScope();
            random.manual_seed(1);
            using var layer = new DeformableConv2d(4, 6, 3, padding: 1, modulated: modulated);
            var x = randn(2, 4, 8, 8).requires_grad_();
            layer.forward(x).square().sum().backward();
            foreach (var (name, p) in layer.named_parameters())
            {
                Assert.NotNull(p.grad);
                Assert.True(p.grad!.isfinite().all().item<bool>(), name);
                Assert.True(p.grad.abs().sum().item<float>() > 0, $"{name}: zero gradient");
            }
            Assert.True(x.grad!.abs().sum().item<float>() > 0);

            // One SGD step moves the offset convolution off zero: the layer then samples off the grid.
            using (no_grad())
            {
                using var held = new ScalarScope();
                foreach (var p in layer.parameters()) p.sub_(p.grad!.mul(held[0.1]));
            }
            Assert.True(layer.Offset.weight!.abs().sum().item<float>() > 0);
        }

        [Theory]
        [InlineData(false, 1, 1, 1, 1)]
        [InlineData(true, 1, 1, 1, 1)]
        [InlineData(false, 2, 2, 2, 2)]
        [InlineData(true, 2, 0, 1, 2)]
        public void FreshModule_IsThePlainConvolutionOnItsWeight(bool modulated, int stride, int padding, int dilation, int groups)
        {
            using var scope = NewDisposeScope();
            random.manual_seed(2);
            using var layer = new DeformableConv2d(4, 6, 3, stride, padding, dilation, groups, bias: true, modulated: modulated);
            var x = randn(2, 4, 9, 10);
            using var _ = no_grad();
            var actual = layer.forward(x);
            var s = new long[] { stride, stride };
            var conv = nn.functional.conv2d(x, layer.Weight, null, strides: s, padding: new long[] { padding, padding },
                dilation: new long[] { dilation, dilation }, groups: groups);
            // DCN v2 starts with every modulation at sigmoid(0) = 0.5, as in the paper.
            using var held = new ScalarScope();
            var expected = (modulated ? conv.mul(held[0.5]) : conv).add(layer.Bias!.view(1, 6, 1, 1), alpha: Scalars.One);
            double worst = (actual - expected).abs().max().item<float>();
            Assert.True(worst <= 1e-6, $"worst |diff| {worst}");
        }

        [Theory]
        [InlineData(false, true)]
        [InlineData(true, true)]
        [InlineData(true, false)]
        public void Factory_RuleCountsTheModulesParameters_AndStateDictKeys(bool modulated, bool bias)
        {
            using var scope = NewDisposeScope();
            var ctx = new BuildContext();
            var shape = new TensorShape(8, 14, 12);
            using var layer = Layers.DeformConv2d(ctx.Child("block"), "dcn", ref shape, new() { OutChannels = 16, Kernel = 3, Stride = 2, Padding = 1, Groups = 2, Bias = bias, Modulated = modulated });

            var row = Assert.Single(ctx.Rows);
            Assert.Equal("block.dcn", row.Path);
            Assert.Equal("DeformConv2d", row.Kind);
            long actual = layer.parameters().Sum(p => p.numel());
            Assert.Equal(actual, row.Parameters);
            long offsetChannels = (modulated ? 3 : 2) * 9;
            Assert.Equal(16L * 4 * 9 * 7 * 6 + offsetChannels * 8 * 9 * 7 * 6, row.MultiplyAdds);

            var y = layer.forward(randn(1, 8, 14, 12));
            Assert.Equal(new TensorShape(16, 7, 6), shape);
            Assert.Equal(new long[] { 1, 16, 7, 6 }, y.shape);
            string[] keys = bias ? new[] { "weight", "bias", "offset.weight", "offset.bias" } : new[] { "weight", "offset.weight", "offset.bias" };
            Assert.Equal(keys, layer.state_dict().Keys.ToArray());
            Assert.Equal(new long[] { offsetChannels, 8, 3, 3 }, layer.state_dict()["offset.weight"].shape);
        }

        [Fact]
        public void Factory_ThrowsConv2dsMessage_NamedDeformConv2d()
        {
            var shape = new TensorShape(6, 10, 10);
            var e = Assert.Throws<ShapeException>(() => Layers.DeformConv2d(new BuildContext(), "dcn", ref shape, new() { OutChannels = 8, Kernel = 3, Groups = 4 }));
            Assert.Equal(ShapeIssueIds.Groups, e.Issue.Id);
            Assert.StartsWith("dcn: DeformConv2d Groups = 4", e.Issue.Message);

            var small = new TensorShape(6, 2, 2);
            e = Assert.Throws<ShapeException>(() => Layers.DeformConv2d(new BuildContext(), "dcn", ref small, new() { OutChannels = 8, Kernel = 3 }));
            Assert.Equal(ShapeIssueIds.NonPositiveSize, e.Issue.Id);
            Assert.StartsWith("dcn: DeformConv2d output would be", e.Issue.Message);
        }

        /// <summary>The functional op names a map smaller than its (dilated) window, and takes one that exactly fits it.</summary>
        [Theory]
        [InlineData(2, 3, 0, 1, false)]   // 2 < 3
        [InlineData(4, 3, 0, 2, false)]   // dilated window spans 5
        [InlineData(3, 3, 0, 1, true)]    // exactly one position
        [InlineData(1, 3, 1, 1, true)]    // padding makes room
        public void Apply_RejectsAMapSmallerThanItsWindow(int size, int kernel, int padding, int dilation, bool fits)
        {
            using var scope = NewDisposeScope();
            var input = randn(1, 2, size, size);
            var weight = randn(4, 2, kernel, kernel);
            long positions = Math.Max(1, (size + 2 * padding - dilation * (kernel - 1) - 1) + 1);
            var offset = zeros(1, 2 * kernel * kernel, positions, positions);
            if (fits)
            {
                Assert.Equal(new long[] { 1, 4, positions, positions }, DeformableConv2d.Apply(input, offset, weight, padding: padding, dilation: dilation).shape);
                return;
            }
            var e = Assert.Throws<ArgumentException>(() => DeformableConv2d.Apply(input, offset, weight, padding: padding, dilation: dilation));
            Assert.Contains($"is too small for a {kernel}x{kernel} kernel", e.Message);
        }

        /// <summary>Forward + backward of a 64 → 64 3x3 layer on 8x64x28x28 against nn.Conv2d; set NETDSL_DEFORM_TIMING=1 to run.</summary>
        [Fact]
        public void Timing_ForwardBackward_AgainstAPlainConv()
        {
            if (Environment.GetEnvironmentVariable("NETDSL_DEFORM_TIMING") != "1")
            {
                output.WriteLine("set NETDSL_DEFORM_TIMING=1 to measure");
                return;
            }
            using var scope = NewDisposeScope();
            random.manual_seed(0);
            var x = randn(8, 64, 28, 28).requires_grad_();
            using var plain = nn.Conv2d(64, 64, 3, padding: 1);
            using var v1 = new DeformableConv2d(64, 64, 3, padding: 1);
            using var v2 = new DeformableConv2d(64, 64, 3, padding: 1, modulated: true);
            foreach (var (name, layer) in new (string, nn.Module<Tensor, Tensor>)[] { ("conv2d", plain), ("deformable v1", v1), ("deformable v2", v2) })
            {
                double Step()
                {
                    using var inner = NewDisposeScope();
                    var clock = Stopwatch.StartNew();
                    layer.forward(x).sum().backward();
                    return clock.Elapsed.TotalMilliseconds;
                }
                Step();
                var times = Enumerable.Range(0, 5).Select(_ => Step()).OrderBy(t => t).ToArray();
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0}: forward+backward min {1:F1} ms, median {2:F1} ms (threads {3})",
                    name, times[0], times[2], get_num_threads()));
            }
        }

        static double MaxAbs(Tensor t) => t.abs().max().to(ScalarType.Float64).item<double>();

        /// <summary>torchvision's deform_conv2d written out: every output pixel, channel and kernel position, in double.</summary>
        static Tensor Naive(Tensor input, Tensor offset, Tensor weight, Tensor bias, Tensor? mask, int stride, int padding, int dilation, int groups)
        {
            int n = (int)input.shape[0], c = (int)input.shape[1], h = (int)input.shape[2], w = (int)input.shape[3];
            int cout = (int)weight.shape[0], cpg = (int)weight.shape[1], kh = (int)weight.shape[2], kw = (int)weight.shape[3];
            int ho = (int)offset.shape[2], wo = (int)offset.shape[3], k = kh * kw;
            int offsetGroups = (int)offset.shape[1] / (2 * k), channelsPerOffsetGroup = c / offsetGroups, outPerGroup = cout / groups;
            float[] xs = input.contiguous().data<float>().ToArray(), os = offset.contiguous().data<float>().ToArray();
            float[] ws = weight.contiguous().data<float>().ToArray(), bs = bias.data<float>().ToArray();
            float[]? ms = mask?.contiguous().data<float>().ToArray();
            var result = new double[n * cout * ho * wo];

            double Pixel(int b, int ch, int y, int x) =>
                y < 0 || y >= h || x < 0 || x >= w ? 0 : xs[((b * c + ch) * h + y) * w + x];

            double Bilinear(int b, int ch, double y, double x)
            {
                int y0 = (int)Math.Floor(y), x0 = (int)Math.Floor(x);
                double ly = y - y0, lx = x - x0;
                return (1 - ly) * (1 - lx) * Pixel(b, ch, y0, x0) + (1 - ly) * lx * Pixel(b, ch, y0, x0 + 1)
                    + ly * (1 - lx) * Pixel(b, ch, y0 + 1, x0) + ly * lx * Pixel(b, ch, y0 + 1, x0 + 1);
            }

            for (int b = 0; b < n; b++)
                for (int o = 0; o < cout; o++)
                    for (int oy = 0; oy < ho; oy++)
                        for (int ox = 0; ox < wo; ox++)
                        {
                            double sum = bs[o];
                            for (int ci = 0; ci < cpg; ci++)
                            {
                                int ch = o / outPerGroup * cpg + ci, g = ch / channelsPerOffsetGroup;
                                for (int i = 0; i < kh; i++)
                                    for (int j = 0; j < kw; j++)
                                    {
                                        int kk = i * kw + j;
                                        // Sums in float as torchvision does (the sampling position is a float there).
                                        float dy = os[((b * 2 * offsetGroups * k + g * 2 * k + 2 * kk) * ho + oy) * wo + ox];
                                        float dx = os[((b * 2 * offsetGroups * k + g * 2 * k + 2 * kk + 1) * ho + oy) * wo + ox];
                                        float y = oy * stride - padding + i * dilation + dy;
                                        float x = ox * stride - padding + j * dilation + dx;
                                        double m = ms is null ? 1 : ms[((b * offsetGroups * k + g * k + kk) * ho + oy) * wo + ox];
                                        sum += ws[((o * cpg + ci) * kh + i) * kw + j] * m * Bilinear(b, ch, y, x);
                                    }
                            }
                            result[((b * cout + o) * ho + oy) * wo + ox] = sum;
                        }
            return tensor(result, new long[] { n, cout, ho, wo }, ScalarType.Float64);
        }
    }
}
