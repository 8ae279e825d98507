using System.Collections.Generic;
using NetDsl.Shapes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public static partial class Layers
    {
        /// <summary>Merges parallel branches in order (channel concat or add), checking each pair as the generator did.</summary>
        public static TensorShape MergeBranches(BuildContext ctx, bool concat, params TensorShape[] branches)
        {
            var merged = branches[0];
            for (int i = 1; i < branches.Length; i++)
            {
                var outcome = MergeRules.Merge(ctx.Self, concat, merged, branches[i]);
                BuildContext.Check(outcome.Issue);
                merged = outcome.Output;
            }
            return ctx.Apply(ctx.Self, concat ? "Concat" : "Add", LayerOutcome.Success(merged));
        }

        /// <summary>[Branches(Shuffle = g)]: the merged channels shuffled in g groups, checked by <see cref="ChannelShuffleKind"/> under the block's path.</summary>
        public static TensorShape ShuffleBranches(BuildContext ctx, int groups, TensorShape merged) =>
            ctx.Apply(ctx.Self, ChannelShuffleKind.Instance.Row, ChannelShuffleKind.Instance.Rule(ctx.Self, merged, new ChannelShuffleArgs { Groups = groups }));

        /// <summary>The concat that closes a [Skip(Merge.Concat)] block: input channels + body channels.</summary>
        public static void ConcatSkip(BuildContext ctx, TensorShape input, ref TensorShape body) =>
            body = ctx.Apply(ctx.Self, "Concat", MergeRules.Concat(ctx.Self, input, body));
    }
}
