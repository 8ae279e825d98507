using NetDsl;

namespace NetDsl.Zoo.Models;

// Detection heads on a ResNet-18 trunk (stride 32): a Faster R-CNN region proposal head (Ren et al.,
// 2015) and a YOLOv1-style grid head (Redmon et al., 2016).

/// <summary>ResNet-18 without pooling and classifier: a 512-channel map at 1/32 of the input.</summary>
[Block]
public partial class ResNet18Trunk
{
    [Conv(64, 7, Stride = 2, Padding = 3, Bias = false)]   Layer conv1;
    [BatchNorm, ReLU, MaxPool(3, Stride = 2, Padding = 1)] Layer bn1;
    [Repeat(2, typeof(BasicBlock), 64)]                        Layer layer1;
    [Repeat(2, typeof(BasicBlock), 128, First = "stride: 2")] Layer layer2;
    [Repeat(2, typeof(BasicBlock), 256, First = "stride: 2")] Layer layer3;
    [Repeat(2, typeof(BasicBlock), 512, First = "stride: 2")] Layer layer4;
}

/// <summary>Per anchor: 2 objectness logits and 4 box deltas, side by side from the shared 3x3 features.</summary>
[Block, Branches(Merge.Concat)]
public partial class RpnOutputs(int anchors)
{
    [Conv("2 * anchors", 1)] Layer cls_logits;
    [Conv("4 * anchors", 1)] Layer bbox_pred;
}

/// <summary>RPN head: 3x3 conv + ReLU keeping the channels, then objectness (2k) and box deltas (4k) per position.</summary>
[Block]
public partial class RpnHead(int anchors = 9)
{
    [Conv("C", 3, Padding = 1), ReLU]           Layer conv;
    [Use(typeof(RpnOutputs), nameof(anchors))]  Layer outputs;
}

/// <summary>
/// ResNet-18 trunk with an RPN head: k = 9 anchors → 54 channels (18 objectness logits, background then object, + 36 deltas)
/// at 7x7, trained and scored as a region proposal network (ModelTask.RegionProposal, NetDsl.Runtime.Training.RegionProposals):
/// anchors of 0.25, 0.375 and 0.5 of the input's side (24/36/48 px at the card's 96x96) × ratios 0.5/1/2 centred on each cell,
/// class-agnostic on the shapes' boxes, proposal AP@0.5.
/// </summary>
/// <remarks>
/// The card's metric is measured (train, 2 × 2,000 images, 1,000 test images, a 2-core CPU shared with other work, 1,293 s):
/// proposal AP@0.5 0.056 after epoch 1, 0.160 after epoch 2 (recall of the top 100 at IoU 0.5: 0.79), test loss 0.128 → 0.103.
/// The earlier card (10,000 images, "0.988 mAP@0.5") scored this head as a YOLO grid, a misreading of its channels.
/// </remarks>
[ModelCard(Optimizer = "adamw", LearningRate = 1e-3, WeightDecay = 0.01, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 2,
           TrainInput = "3x96x96", TrainImages = 2000, Metric = 0.15,
           Recipe = "Faster R-CNN RPN: SGD 0.02 (batch 16) momentum 0.9, wd 1e-4; AdamW here, a 3x3 map of 9 anchors (24/36/48 px) at 96x96, 2,000 images (measured on a shared 2-core CPU)")]
[Network(Input = "3x224x224", Name = "rpn_resnet18", Task = ModelTask.RegionProposal)]
public partial class RpnResNet18(int anchors = 9)
{
    [Use(typeof(ResNet18Trunk))]                Layer backbone;
    [Use(typeof(RpnHead), nameof(anchors))]     Layer rpn;
}

/// <summary>
/// YOLOv1-style head: an S x S grid (S = 7 at 224) with B boxes (x, y, w, h, confidence) and C class scores
/// per cell: B·5 + C = 30 channels for B = 2, C = 20.
/// </summary>
[ModelCard(Optimizer = "adamw", LearningRate = 1e-3, WeightDecay = 0.01, WarmupEpochs = 0.2, BatchSize = 32, Epochs = 2,
           TrainInput = "3x96x96", TrainImages = 10000, Metric = 0.8, Recipe = "YOLOv1: SGD 1e-3 warm-up to 1e-2, momentum 0.9, wd 5e-4, batch 64; AdamW here, a 3x3 grid at 96x96")]
[Network(Input = "3x224x224", Name = "yolov1_resnet18", Task = ModelTask.Detection)]
public partial class YoloV1ResNet18(int classes = 20, int boxes = 2)
{
    [Use(typeof(ResNet18Trunk))]                                Layer backbone;
    [Conv(512, 3, Padding = 1, Bias = false), BatchNorm, LeakyReLU(0.1)] Layer neck;
    [Conv("boxes * 5 + classes", 1)]                            Layer head;
}
