using System;

namespace NetDsl
{
    /// <summary>
    /// Marks a partial class as a whole network. Members are its layers in forward order.
    /// <c>Input</c> is the declared sample shape, "CxHxW" (e.g. "3x224x224"), "CxL" (e.g. "1x16000") or a feature count.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class NetworkAttribute : Attribute
    {
        /// <summary>
        /// Declared input shape of one sample: "3x224x224", or symbolic: "3xHxW" (any size), "3x(32k)x(32k)",
        /// "1x(16k+12)x(16k+12)"; a 1-D map "1x16000", or symbolic "1xL" (any length), "1x(16k)". For a symbolic input the
        /// generator derives what sizes the layers accept.
        /// </summary>
        public string Input { get; set; } = "";

        /// <summary>The concrete input a symbolic network is built for by default (summaries, counts, <c>train</c>): "3x224x224", "1x16000".</summary>
        public string? Default { get; set; }

        /// <summary>Name in the model catalogue (defaults to the class name in lower case).</summary>
        public string? Name { get; set; }

        /// <summary>The learning rate <c>train</c> uses when none is given (0: the trainer's default), as a model card would.</summary>
        public double LearningRate { get; set; }

        /// <summary>The optimizer <c>train</c> uses when none is given: "sgd" (the default), "adamw" or "lamb"; LearningRate goes with it.</summary>
        public string? Optimizer { get; set; }

        /// <summary>What the network's output means, so <c>train</c> picks the loss and metrics (classification by default).</summary>
        /// <remarks>Checked at build time: <see cref="ModelTask.Reconstruction"/> means output = input, <see cref="ModelTask.Segmentation"/>
        /// an output with the input's HxW, unless <see cref="Output"/> says otherwise.</remarks>
        public ModelTask Task { get; set; }

        /// <summary>The output shape of one sample the network must produce ("3x64x64", "10"), checked at build time (ND0024).</summary>
        public string? Output { get; set; }
    }

    /// <summary>What a network's output means: class logits, per-pixel class logits, a reconstruction of the input, or a detection grid.</summary>
    public enum ModelTask
    {
        /// <summary>Class logits; cross-entropy loss, accuracy.</summary>
        Classification,
        /// <summary>Per-pixel class logits; per-pixel cross-entropy, mIoU.</summary>
        Segmentation,
        /// <summary>A reconstruction of the input; mean squared error, PSNR.</summary>
        Reconstruction,
        /// <summary>A grid of boxes and class scores (YOLO v1); its loss, mAP@0.5.</summary>
        Detection,
        /// <summary>
        /// Region proposals (a Faster R-CNN RPN): per position 2k objectness logits (background, object) and 4k anchor box
        /// deltas for k anchors; class-agnostic objectness cross-entropy + smooth-L1, proposal AP@0.5.
        /// </summary>
        RegionProposal,
    }

    /// <summary>
    /// A named instantiation of a network's constructor parameters, checked at compile time on its own
    /// and listed in the catalogue under its name (thin variants, like torchvision's).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class VariantAttribute : Attribute
    {
        /// <summary>The variant <paramref name="name"/>, built with the constructor <paramref name="arguments"/> in order.</summary>
        public VariantAttribute(string name, params object[] arguments) { Name = name; Arguments = arguments; }
        /// <summary>The catalogue name (torchvision's, e.g. resnet50).</summary>
        public string Name { get; }
        /// <summary>The constructor arguments, in the constructor's parameter order.</summary>
        public object[] Arguments { get; }

        /// <summary>This variant's own input shape ("3x240x240"), checked on its own; the network's Input when empty.</summary>
        public string? Input { get; set; }
    }

    /// <summary>
    /// Marks a partial class as a reusable block. Its primary-constructor parameters are the block's
    /// parameters; its input shape is whatever the using member feeds it, checked per instance.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class BlockAttribute : Attribute
    {
        /// <summary>
        /// Registers the members as "0", "1", … in declaration order, like an nn.Sequential subclass
        /// (torchvision's Conv2dNormActivation), so state-dict keys read <c>features.0.1.weight</c>.
        /// </summary>
        public bool Indexed { get; set; }
    }

    /// <summary>How a skip joins the block's input with its body's output.</summary>
    public enum Merge
    {
        /// <summary>Element-wise sum (the shapes must agree).</summary>
        Add,
        /// <summary>Concatenation along channels (the spatial sizes must agree).</summary>
        Concat,
    }

    /// <summary>
    /// A skip around a block's body: <c>Merge.Concat</c> gives <c>cat(x, body(x))</c> along channels
    /// (DenseNet's layer); <c>Merge.Add</c> gives <c>x + body(x)</c> (see <see cref="ResidualAttribute"/>
    /// for the projected form). The checker verifies the spatial sizes meet and counts the channels.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class SkipAttribute : Attribute
    {
        /// <summary>A skip that merges by <paramref name="merge"/>.</summary>
        public SkipAttribute(Merge merge) { Merge = merge; }
        /// <summary>How the outputs are merged.</summary>
        public Merge Merge { get; }
        /// <summary>An activation applied after the merge (none by default).</summary>
        public Act After { get; set; } = Act.None;
    }

    /// <summary>
    /// Makes every member of a block a parallel branch over the block's input (Inception, ASPP); the
    /// branch outputs are merged in declaration order by channel concatenation or element-wise add.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class BranchesAttribute : Attribute
    {
        /// <summary>Parallel branches merged by <paramref name="merge"/>.</summary>
        public BranchesAttribute(Merge merge) { Merge = merge; }
        /// <summary>How the outputs are merged.</summary>
        public Merge Merge { get; }
        /// <summary>An activation applied after the merge (none by default).</summary>
        public Act After { get; set; } = Act.None;

        /// <summary>Channel shuffle with this many groups after the merge (ShuffleNetV2's unit: concat, then shuffle by 2); absent: none.</summary>
        public object? Shuffle { get; set; }
    }

    /// <summary>
    /// Squeeze-and-excitation (Hu et al., 2018) on a block's body output, before any skip merge:
    /// global average pool → 1x1 conv to C / reduction → ReLU → 1x1 conv to C → sigmoid → scale.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class SqueezeExciteAttribute : Attribute
    {
        /// <summary>Squeeze-and-excitation with channel <paramref name="reduction"/>.</summary>
        public SqueezeExciteAttribute(object reduction) { Reduction = reduction; }
        /// <summary>The channel reduction ratio (C → C / reduction): a constant, a constructor parameter (nameof) or an expression over parameters.</summary>
        public object Reduction { get; }

        /// <summary>The submodule's name (state-dict prefix).</summary>
        public string Name { get; set; } = "se";
    }

    // Act lives in the kernel (generators/NetDsl.Generators/Shapes/Act.cs): argument records use it too.

    /// <summary>
    /// Makes a block residual: <c>out = After(body(x) + shortcut(x))</c>. With <see cref="Projection"/>
    /// set, a 1x1 convolution + BatchNorm named so (torchvision's "downsample") is created for any
    /// instance whose body changes the shape; otherwise the shapes must agree.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class ResidualAttribute : Attribute
    {
        /// <summary>
        /// Only instances whose body keeps the input's shape get the skip; the others are plain
        /// (MobileNetV2's inverted residual: stride 1 and equal channels).
        /// </summary>
        public bool IfShapesMatch { get; set; }

        /// <summary>The name of the 1x1 convolution + BatchNorm shortcut created when the body changes the shape (torchvision's "downsample"); null: none.</summary>
        public string? Projection { get; set; }
        /// <summary>An activation applied after the merge (none by default).</summary>
        public Act After { get; set; } = Act.None;

        /// <summary>Registers the projection before the body's members, so the state dict lists it first (torchvision's RegNet: proj, then f).</summary>
        public bool ProjectionFirst { get; set; }

        /// <summary>
        /// Scales the body's output by a learned per-channel parameter <c>layer_scale</c> (C x 1 x 1, initialised to this
        /// value) before the add: ConvNeXt's and CaiT's layer scale (torchvision uses 1e-6).
        /// </summary>
        public object? LayerScale { get; set; }

        /// <summary>
        /// Drops the body's output per sample with this probability in training, before the add (row-mode stochastic depth, DropPath;
        /// <see cref="StochasticDepthMode"/> "batch" drops it for the whole batch at once).
        /// With <see cref="IfShapesMatch"/>, only the instances that have the skip drop (torchvision's MBConv: <c>use_res_connect</c>).
        /// </summary>
        public object? StochasticDepth { get; set; }

        /// <summary>
        /// How <see cref="StochasticDepth"/> draws: "row" (default, one draw per sample, torchvision's mode="row") or "batch" (one
        /// draw for the whole batch, mode="batch"); anything else is ND0013.
        /// </summary>
        public string StochasticDepthMode { get; set; } = "row";
    }
}
