using System.Collections.Generic;
using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>State-dict entries in PyTorch's order.</summary>
    public static class StateDictOrder
    {
        /// <summary>
        /// Module by module (pre-order), each module's own parameters then its persistent buffers — the order
        /// torch's state_dict() uses. TorchSharp's state_dict() lists all parameters before all buffers.
        /// </summary>
        public static List<(string Key, Tensor Value)> Entries(nn.Module module)
        {
            DisposedModule.ThrowIf(module, "its state dict was read (saving, loading or exporting its weights)");
            var entries = new List<(string, Tensor)>();
            Visit(module, "", entries);
            return entries;
        }

        static void Visit(nn.Module module, string prefix, List<(string, Tensor)> entries)
        {
            foreach (var (name, parameter) in module.named_parameters(recurse: false)) entries.Add((prefix + name, parameter));
            foreach (var (name, buffer) in module.named_buffers(recurse: false, include_nonpersistent: false)) entries.Add((prefix + name, buffer));
            foreach (var (name, child) in module.named_children()) Visit(child, prefix + name + ".", entries);
        }
    }
}
