using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl.Benchmarks.HandWritten
{
    /// <summary>
    /// torchvision's BasicBlock written by hand in plain TorchSharp: relu(bn2(conv2(relu(bn1(conv1(x))))) + downsample(x)).
    /// Field names are the state-dict names (conv1, bn1, conv2, bn2, downsample.0, downsample.1).
    /// </summary>
    public sealed class BasicBlock : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1;
        private readonly BatchNorm2d bn1;
        private readonly Conv2d conv2;
        private readonly BatchNorm2d bn2;
        private readonly Sequential? downsample;

        public BasicBlock(long inPlanes, long planes, long stride = 1) : base(nameof(BasicBlock))
        {
            conv1 = nn.Conv2d(inPlanes, planes, kernel_size: 3, stride: stride, padding: 1, bias: false);
            bn1 = nn.BatchNorm2d(planes);
            conv2 = nn.Conv2d(planes, planes, kernel_size: 3, stride: 1, padding: 1, bias: false);
            bn2 = nn.BatchNorm2d(planes);
            if (stride != 1 || inPlanes != planes)
            {
                downsample = nn.Sequential(
                    ("0", nn.Conv2d(inPlanes, planes, kernel_size: 1, stride: stride, bias: false)),
                    ("1", nn.BatchNorm2d(planes)));
            }
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = torch.NewDisposeScope();
            var output = NetDsl.Compute.BatchNorm(bn1, conv1.forward(x)).relu_();   // torchvision: ReLU(inplace=True)
            output = NetDsl.Compute.BatchNorm(bn2, conv2.forward(output));
            var identity = downsample is null ? x : downsample.forward(x);
            output.add_(identity, alpha: NetDsl.Scalars.One).relu_();   // an explicit alpha: the one TorchSharp makes is left to the finalizer
            return output.MoveToOuterDisposeScope();
        }
    }

    /// <summary>
    /// ResNet-18 as torchvision 0.14.1 defines it (resnet18(weights=None)), written by hand in plain
    /// TorchSharp 0.107: the baseline the generated model is measured against. Its state dict has
    /// torchvision's keys, order and shapes (checked by <c>--verify</c> against tests/reference).
    /// </summary>
    public sealed class ResNet18 : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1;
        private readonly BatchNorm2d bn1;
        private readonly MaxPool2d maxpool;
        private readonly Sequential layer1;
        private readonly Sequential layer2;
        private readonly Sequential layer3;
        private readonly Sequential layer4;
        private readonly AdaptiveAvgPool2d avgpool;
        private readonly Linear fc;

        public ResNet18(long numClasses = 1000) : base(nameof(ResNet18))
        {
            conv1 = nn.Conv2d(3, 64, kernel_size: 7, stride: 2, padding: 3, bias: false);
            bn1 = nn.BatchNorm2d(64);
            maxpool = nn.MaxPool2d(kernel_size: 3, stride: 2, padding: 1);
            layer1 = MakeLayer(64, 64, stride: 1);
            layer2 = MakeLayer(64, 128, stride: 2);
            layer3 = MakeLayer(128, 256, stride: 2);
            layer4 = MakeLayer(256, 512, stride: 2);
            avgpool = nn.AdaptiveAvgPool2d(1);
            fc = nn.Linear(512, numClasses);
            RegisterComponents();
            InitializeLikeTorchvision();
        }

        private static Sequential MakeLayer(long inPlanes, long planes, long stride) =>
            nn.Sequential(
                ("0", new BasicBlock(inPlanes, planes, stride)),
                ("1", new BasicBlock(planes, planes, 1)));

        /// <summary>torchvision's init: kaiming_normal_(fan_out, relu) for convolutions, BN weight 1 and bias 0.</summary>
        private void InitializeLikeTorchvision()
        {
            using var noGrad = torch.no_grad();
            foreach (var (_, module) in named_modules())
            {
                if (module is Conv2d conv)
                {
                    nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                }
                else if (module is BatchNorm2d bn)
                {
                    nn.init.ones_(bn.weight);
                    nn.init.zeros_(bn.bias);
                }
            }
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = torch.NewDisposeScope();
            var y = NetDsl.Compute.BatchNorm(bn1, conv1.forward(x)).relu_();        // torchvision: ReLU(inplace=True)
            y = maxpool.forward(y);
            y = layer1.forward(y);
            y = layer2.forward(y);
            y = layer3.forward(y);
            y = layer4.forward(y);
            y = avgpool.forward(y).flatten(1);
            y = fc.forward(y);
            return y.MoveToOuterDisposeScope();
        }
    }
}
