using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>Seeding for runs that repeat exactly (Lightning's <c>seed_everything</c>).</summary>
    public static class Reproducibility
    {
        /// <summary>
        /// Seeds torch's CPU generator and, when CUDA is there, every CUDA device's: call it before constructing the network,
        /// whose initial weights are drawn then (<c>Reproducibility.Seed(42); using var net = new MyNet();</c>), and before
        /// anything else that draws from torch. NetDsl's own randomness (batch order, augmentation, Mixup/CutMix, the shapes
        /// set, data subsets) draws from explicit seeds instead, <c>TrainerOptions.Seed</c> and the data's seed arguments (a flat
        /// folder's train/test split needs none: each file's side follows from its path); .NET's <see cref="System.Random.Shared"/>
        /// is not used by NetDsl, so it is left alone. GPU kernels may still
        /// differ from run to run where cuDNN picks non-deterministic algorithms.
        /// </summary>
        public static void Seed(long seed)
        {
            random.manual_seed(seed);
            if (cuda.is_available()) cuda.manual_seed_all(seed);
        }
    }
}
