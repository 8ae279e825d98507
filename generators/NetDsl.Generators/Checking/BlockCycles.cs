using System.Collections.Generic;
using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>Finds a block that uses itself, directly or through other blocks, even if no network uses it.</summary>
    internal static class BlockCycles
    {
        public static void Check(DeclarationSpec block, EquatableArray<DeclarationSpec> allBlocks, List<DiagnosticInfo> diagnostics)
        {
            var byName = new Dictionary<string, DeclarationSpec>();
            foreach (var b in allBlocks) byName[b.FullName] = b;
            foreach (var member in block.Members)
                foreach (var layer in member.Layers)
                {
                    var target = layer.Arg("block");
                    if (target.Kind != ValueKind.Type) continue;
                    var chain = new List<string> { block.Name };
                    if (Reaches(target.Text, block.FullName, byName, chain, new HashSet<string>()))
                        diagnostics.Add(new DiagnosticInfo(ShapeIssueIds.BlockCycle,
                            $"{block.Name}.{member.Name}: block {block.Name} contains itself ({string.Join(" → ", chain)}); a block cannot use itself, directly or through other blocks.",
                            layer.Location));
                }
        }

        static bool Reaches(string from, string goal, Dictionary<string, DeclarationSpec> blocks, List<string> chain, HashSet<string> seen)
        {
            if (!blocks.TryGetValue(from, out var block)) return false;
            chain.Add(block.Name);
            if (from == goal) return true;
            if (seen.Add(from))
                foreach (var member in block.Members)
                    foreach (var layer in member.Layers)
                    {
                        var next = layer.Arg("block");
                        if (next.Kind == ValueKind.Type && Reaches(next.Text, goal, blocks, chain, seen)) return true;
                    }
            chain.RemoveAt(chain.Count - 1);
            return false;
        }
    }
}
