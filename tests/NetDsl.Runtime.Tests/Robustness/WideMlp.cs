using NetDsl.Shapes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>An MLP with a very wide hidden layer: millions of parameters, so writing its checkpoint takes long enough to be interrupted.</summary>
    public sealed class WideMlp(int size = 12, int hidden = 60_000) : Network
    {
        Linear fc1 = null!, fc2 = null!;

        public override TensorShape DeclaredInput => new TensorShape(1, size, size);

        protected override void Build(BuildContext ctx, ref TensorShape shape)
        {
            Layers.Flatten(ctx, "flatten", ref shape, new());
            fc1 = Layers.Linear(ctx, "fc1", ref shape, new() { OutFeatures = hidden });
            fc2 = Layers.Linear(ctx, "fc2", ref shape, new() { OutFeatures = 6 });
            register_module("fc1", fc1);
            register_module("fc2", fc2);
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            return fc2.call(nn.functional.relu(fc1.call(x.flatten(1)))).MoveToOuterDisposeScope();
        }
    }
}
