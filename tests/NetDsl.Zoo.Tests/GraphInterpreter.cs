using System;
using System.Collections.Generic;
using System.Linq;
using NetDsl.Graph;
using NetDsl.Shapes;
using static TorchSharp.torch;

namespace NetDsl.Zoo.Tests
{
    /// <summary>
    /// A reference evaluator of a <see cref="DeclaredGraph"/>: node by node, in order, with TorchSharp's functional ops and
    /// the tensors of the state dict under each node's <see cref="GraphNode.StateKeys"/> (eval semantics: BatchNorm on
    /// running statistics, dropout off, auxiliary heads skipped). If it equals the module's eval forward, the graph is
    /// complete and right: what exporters read describes what the module computes. Convolutions go through
    /// <see cref="SafeConvolution"/>, as the generated forwards' do: this host's oneDNN gives wrong (at times NaN) results
    /// for some channel counts by the plain call (efficientnet_v2_s's graph evaluated to NaN in one CI run).
    /// </summary>
    public static class GraphInterpreter
    {
        public static Tensor Run(DeclaredGraph graph, IReadOnlyDictionary<string, Tensor> state, Tensor input)
        {
            var values = new Dictionary<GraphNode, Tensor>();
            Tensor Read(GraphNode? n) => n == null ? input : values[n];
            foreach (var node in graph.InferenceNodes)
            {
                var xs = node.Sources.Select(Read).ToArray();
                values[node] = Evaluate(node, xs, key => state[node.Path + "." + key]);
            }
            return Read(graph.OutputNode);
        }

        static long[] L(int v) => new long[] { v, v };

        static Tensor Evaluate(GraphNode node, Tensor[] xs, Func<string, Tensor> p)
        {
            var x = xs[0];
            switch (node.Op)
            {
                case GraphOps.Add: return xs.Skip(1).Aggregate(x, (sum, t) => sum.add(t, Scalars.One));
                case GraphOps.Concat: return cat(xs, 1);
                case GraphOps.Crop: return Resampling.CenterCrop(x, xs[1].shape[2], xs[1].shape[3]);
                case GraphOps.Multiply: return x.mul(xs[1]);
                case GraphOps.LayerScale: return x.mul(p("layer_scale"));
            }
            switch (node.Args)
            {
                case DeformConvArgs d:
                {
                    var predicted = SafeConvolution.Conv2d(x, p("offset.weight"), p("offset.bias"), L(d.Stride), L(d.Padding), L(d.Dilation), 1);
                    long split = 2L * d.Kernel * d.Kernel;
                    var offsets = d.Modulated ? predicted.narrow(1, 0, split) : predicted;
                    var mask = d.Modulated ? predicted.narrow(1, split, predicted.shape[1] - split).sigmoid() : null;
                    return DeformableConv2d.Apply(x, offsets, p("weight"), d.Bias ? p("bias") : null, mask, d.Stride, d.Padding, d.Dilation, d.Groups);
                }
                case ConvArgs c:
                    return SafeConvolution.Conv2d(x, p("weight"), c.Bias ? p("bias") : null, new long[] { c.Stride, c.StrideWidth },
                        new long[] { c.Padding, c.PaddingWidth }, new long[] { c.Dilation, c.DilationWidth }, c.Groups);
                case ConvTransposeArgs t:
                    return SafeConvolution.ConvTranspose2d(x, p("weight"), t.Bias ? p("bias") : null, L(t.Stride), L(t.Padding), L(t.OutputPadding), L(t.Dilation), t.Groups);
                case BatchNormArgs b:
                    return nn.functional.batch_norm(x, p("running_mean"), p("running_var"), p("weight"), p("bias"), false, b.Momentum, b.Eps);
                case LayerNormArgs n:
                    return nn.functional.layer_norm(x, new[] { x.shape[^1] }, p("weight"), p("bias"), n.Eps);
                case LayerNorm2dArgs n:
                    return nn.functional.layer_norm(x.permute(0, 2, 3, 1), new[] { x.shape[1] }, p("weight"), p("bias"), n.Eps).permute(0, 3, 1, 2);
                case StochasticDepthArgs:
                    return x;
                case LinearArgs l:
                    return nn.functional.linear(x, p("weight"), l.Bias ? p("bias") : null);
                case SqueezeExcitationArgs s:
                {
                    var scale = nn.functional.adaptive_avg_pool2d(x, 1);
                    scale = Activations.Apply(s.Act, SafeConvolution.Conv2d(scale, p("fc1.weight"), p("fc1.bias"), null, null, null, 1), false);
                    scale = Activations.Apply(s.Gate, SafeConvolution.Conv2d(scale, p("fc2.weight"), p("fc2.bias"), null, null, null, 1), false);
                    return x.mul(scale);
                }
                case DropoutArgs:
                case Dropout2dArgs:
                    return x;
                case null:
                    throw new InvalidOperationException($"{node.Name}: op {node.Op} has no arguments");
                default:
                    // Parameter-free kinds: the runtime's functional form of the kind (what generated forwards call).
                    var apply = typeof(Functional).GetMethod(nameof(Functional.Apply), new[] { typeof(Tensor), node.Args.GetType(), typeof(bool), typeof(bool) })
                                ?? throw new InvalidOperationException($"{node.Name}: no functional form for {node.Args.GetType().Name}");
                    return (Tensor)apply.Invoke(null, new object[] { x, node.Args, false, false })!;
            }
        }
    }
}
