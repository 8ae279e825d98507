using System;
using System.Collections.Generic;
using System.Linq;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Checking
{
    /// <summary>A declaration with exactly the blocks it uses, directly or through other blocks: what its check depends on.</summary>
    public sealed record CheckInput(DeclarationSpec Spec, EquatableArray<DeclarationSpec> Blocks);

    /// <summary>
    /// Narrows the project's blocks to those a declaration reaches, so editing one block changes the check
    /// input (and so re-checks and re-emits) only the declarations that use it.
    /// </summary>
    public static class UsedBlocks
    {
        public static CheckInput For(DeclarationSpec spec, EquatableArray<DeclarationSpec> all)
        {
            var byName = new Dictionary<string, DeclarationSpec>();
            foreach (var b in all) byName[b.FullName] = b;
            var reached = new SortedDictionary<string, DeclarationSpec>(StringComparer.Ordinal);
            var pending = new Stack<DeclarationSpec>();
            pending.Push(spec);
            while (pending.Count > 0)
            {
                foreach (var member in pending.Pop().Members)
                    foreach (var layer in member.Layers)
                    {
                        var type = layer.Arg("block");
                        if (type.Kind != ValueKind.Type || reached.ContainsKey(type.Text) || !byName.TryGetValue(type.Text, out var block)) continue;
                        reached[type.Text] = block;
                        pending.Push(block);
                    }
            }
            return new CheckInput(spec, EquatableArray.From(reached.Values));
        }
    }
}
