using System.Collections.Generic;
using NetDsl.Graph;
using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>
        /// Merges parallel branches in order (channel concat or add), checking each pair as the generator did;
        /// <paramref name="values"/> are the branches' graph values, in the same order as <paramref name="branches"/>.
        /// </summary>
        public static TensorShape MergeBranches(BuildContext ctx, bool concat, GraphNode?[] values, params TensorShape[] branches)
        {
            var merged = branches[0];
            for (int i = 1; i < branches.Length; i++)
            {
                var outcome = MergeRules.Merge(ctx.Self, concat, merged, branches[i]);
                BuildContext.Check(outcome.Issue);
                merged = outcome.Output;
            }
            var output = ctx.Apply(ctx.Self, concat ? "Concat" : "Add", LayerOutcome.Success(merged));
            ctx.Record(ctx.Self, concat ? GraphOps.Concat : GraphOps.Add, values, branches, output, ctx.Prefix);
            return output;
        }

        /// <summary>[Branches(Shuffle = g)]: the merged channels shuffled in g groups, checked by <see cref="ChannelShuffleKind"/> under the block's path.</summary>
        public static TensorShape ShuffleBranches(BuildContext ctx, int groups, TensorShape merged)
        {
            var args = new ChannelShuffleArgs { Groups = groups };
            var output = ctx.Apply(ctx.Self, ChannelShuffleKind.Instance.Row, ChannelShuffleKind.Instance.Rule(ctx.Self, merged, args));
            ctx.Record(ctx.Self, ChannelShuffleKind.Instance, args, merged, output);
            return output;
        }

        /// <summary>The concat that closes a [Skip(Merge.Concat)] block: input channels + body channels.</summary>
        public static void ConcatSkip(BuildContext ctx, TensorShape input, GraphNode? inputValue, ref TensorShape body)
        {
            var bodyShape = body;
            body = ctx.Apply(ctx.Self, "Concat", MergeRules.Concat(ctx.Self, input, body));
            ctx.Record(ctx.Self, GraphOps.Concat, new[] { inputValue, ctx.Current }, new[] { input, bodyShape }, body, ctx.Prefix);
        }

        /// <summary>The activation after a block's merge (<c>After = Act.ReLU</c>): applied in forward, recorded in the graph only.</summary>
        public static void AfterMerge(BuildContext ctx, Act after, TensorShape shape)
        {
            var args = new ActivationArgs { Kind = after };
            var outcome = ActivationKind.Any.Check(ctx.Self, shape, args);
            BuildContext.Check(outcome.Issue);
            ctx.Record(ctx.Self, ActivationKind.Any, args, shape, outcome.Output);
        }
    }
}
