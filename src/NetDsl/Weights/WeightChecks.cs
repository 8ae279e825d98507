using System.Linq;
using static TorchSharp.torch;

namespace NetDsl.Weights
{
    /// <summary>Checks on loaded weights that a strict load by key and shape cannot make.</summary>
    public static class WeightChecks
    {
        /// <summary>The first state-dict key (PyTorch's order) holding NaN or an infinity, with how many such values; null when all are finite.</summary>
        public static (string Key, long Count)? FirstNonFinite(nn.Module module)
        {
            foreach (var (key, value) in StateDictOrder.Entries(module).Where(e => e.Value.is_floating_point()))
            {
                using var scope = NewDisposeScope();
                long bad = value.isfinite().logical_not().sum().item<long>();
                if (bad > 0) return (key, bad);
            }
            return null;
        }
    }
}
