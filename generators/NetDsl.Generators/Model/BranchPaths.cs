namespace NetDsl.Generators.Model
{
    /// <summary>
    /// The paths of a [Branches] block: a member reads the block's input, or with [From(nameof(m))] continues the
    /// path of an earlier member m (inception_v3's flat branch5x5_1 → branch5x5_2). The merged outputs are the
    /// members no later member continues, in declaration order; several members may continue one (InceptionE's split).
    /// </summary>
    internal static class BranchPaths
    {
        /// <summary>The index of the member <paramref name="i"/> continues, or -1 for the block's input (also for a name the checker reports).</summary>
        public static int Source(DeclarationSpec decl, int i)
        {
            string? from = decl.Members[i].Wiring?.From?.Name;
            if (from == null) return -1;
            for (int j = 0; j < i; j++) if (decl.Members[j].Name == from) return j;
            return -1;
        }

        /// <summary>Whether member <paramref name="i"/>'s output is merged (no later member continues it).</summary>
        public static bool IsOutput(DeclarationSpec decl, int i)
        {
            for (int j = i + 1; j < decl.Members.Count; j++)
                if (decl.Members[j].Wiring?.From?.Name == decl.Members[i].Name) return false;
            return true;
        }
    }
}
