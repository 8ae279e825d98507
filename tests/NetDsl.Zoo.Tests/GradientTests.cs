using System.Collections.Generic;
using System.Linq;
using NetDsl.Shapes;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Zoo.Tests
{
    /// <summary>Training mode: forward, cross-entropy on random labels, backward; every parameter learns.</summary>
    [Collection(ZooCollection.Name)]
    public sealed class GradientTests
    {
        [Theory]
        [InlineData("resnet18", 3, 64, 64)]
        [InlineData("vgg11_bn", 3, 32, 32)]
        [InlineData("alexnet", 3, 64, 64)]
        [InlineData("lenet5", 1, 28, 28)]
        [InlineData("densenet121", 3, 64, 64)]
        [InlineData("se_resnet50", 3, 64, 64)]
        [InlineData("mobilenet_v2", 3, 64, 64)]
        public void Backward_GivesEveryParameterANonZeroGradient(string model, int c, int h, int w)
        {
            using var scope = torch.NewDisposeScope();
            torch.manual_seed(1234);
            int classes = Zoo.Classes(model);
            var net = Zoo.Entry(model).Create(new TensorShape(c, h, w));
            try
            {
                net.train();
                var x = torch.randn(4, c, h, w);
                var labels = torch.randint(0, classes, new long[] { 4 }, dtype: ScalarType.Int64);
                var logits = net.forward(x);
                Assert.Equal(new long[] { 4, classes }, logits.shape);
                var loss = nn.functional.cross_entropy(logits, labels);
                Assert.True(loss.isfinite().item<bool>(), $"{model}: loss is not finite");
                loss.backward();

                var missing = new List<string>();
                var zero = new List<string>();
                int count = 0;
                foreach (var (name, p) in net.named_parameters())
                {
                    count++;
                    var grad = p.grad;
                    if (grad is null) { missing.Add(name); continue; }
                    Assert.Equal(p.shape, grad.shape);
                    if (grad.count_nonzero().item<long>() == 0) zero.Add(name);
                }
                Assert.True(count > 0);
                Assert.True(missing.Count == 0, $"{model}: no gradient for {string.Join(", ", missing)}");
                Assert.True(zero.Count == 0, $"{model}: all-zero gradient for {string.Join(", ", zero)}");

                // Training mode updated the BatchNorm statistics (a buffer that torchvision also has).
                var tracked = net.named_buffers().Where(b => b.name.EndsWith("num_batches_tracked")).ToList();
                foreach (var (name, b) in tracked) Assert.Equal(1L, b.item<long>());
            }
            finally
            {
                net.Dispose();
            }
        }
    }
}
