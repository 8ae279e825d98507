using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetDsl
{
    public abstract partial class NetDslModule
    {
        /// <summary>Generated for blocks with an added <c>[Residual]</c>: the state-dict path of the branch's last member.</summary>
        protected virtual string? ResidualBranchEnd => null;

        internal string? ResidualBranchEndPath => ResidualBranchEnd;
    }
}

namespace NetDsl.Initialization
{
    /// <summary>Zero-initialises the BatchNorm that closes each residual branch (<see cref="WeightInitAttribute.ZeroInitResidual"/>).</summary>
    public static class ResidualBranches
    {
        /// <summary>
        /// For every residual block in <paramref name="network"/> whose branch ends in a BatchNorm (the last layer of its
        /// last member, as torchvision's <c>bn2</c>/<c>bn3</c>), sets that norm's scale to 0; returns how many it set.
        /// </summary>
        public static int ZeroClosingNorms(nn.Module network)
        {
            int count = 0;
            using var _ = no_grad();
            foreach (var module in network.modules().Prepend(network).Distinct())
            {
                if (module is not NetDslModule { ResidualBranchEndPath: string path } block) continue;
                if (Find(block, path) is not nn.Module end) continue;
                var last = LastLayer(end);
                if ((last as BatchNorm)?.weight is not Tensor scale) continue;   // either rank
                nn.init.zeros_(scale);
                count++;
            }
            return count;
        }

        /// <summary>
        /// The layer that runs last inside <paramref name="module"/>: its last child's last child, down to a leaf.
        /// Not <c>modules().Last()</c>: TorchSharp lists every child before any grandchild, so that is the deepest
        /// layer of the last nested child, which is not the last layer when an earlier member nests deeper.
        /// </summary>
        static nn.Module LastLayer(nn.Module module)
        {
            while (module.named_children().Select(c => c.module).LastOrDefault() is nn.Module child) module = child;
            return module;
        }

        static nn.Module? Find(nn.Module root, string path)
        {
            nn.Module? current = root;
            foreach (var part in path.Split('.'))
                current = current?.named_children().FirstOrDefault(c => c.name == part).module;
            return current;
        }
    }
}
