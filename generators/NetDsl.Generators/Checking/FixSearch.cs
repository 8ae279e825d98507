using System;
using System.Collections.Generic;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Checking
{
    /// <summary>A fix to try: the words the message ends with, the source edit, and the same edit on the checked model.</summary>
    /// <remarks><paramref name="Sizes"/> marks a change of the input: it must leave no size problem anywhere, not just here.</remarks>
    internal sealed record Candidate(string Text, FixEdit Edit, Func<World, World> Apply, bool Sizes = false);

    /// <summary>
    /// Gives each diagnostic of an instance a concrete fix that builds: candidates from <see cref="FixCandidates"/> are
    /// applied to a copy of the declaration and the instance is checked again with the same rules. A candidate must remove
    /// the diagnostic without adding any other; of those, the one that leaves the fewest diagnostics wins (one input size
    /// that fixes three merges beats a CeilMode that fixes one), the most specific on a tie, and one that raises a lint the
    /// instance did not have (an OutputPadding that makes up a rounded pixel: ND0103) only when none builds without.
    /// It becomes the message's fix and the diagnostic's edit.
    /// </summary>
    internal static class FixSearch
    {
        /// <summary>Re-checks allowed per instance: a fix search never costs more than a few hundred walks.</summary>
        const int Budget = 400;

        public static void Improve(World world, Instantiator run, List<DiagnosticInfo> diagnostics, IReadOnlyList<(string Name, World World)>? siblings = null)
        {
            siblings ??= Array.Empty<(string, World)>();
            List<HashSet<(string, LocationInfo?, LocationInfo?)>>? siblingErrors = null;
            if (run.Failures.Count == 0) return;
            var before = Keys(Slice(diagnostics, run.Failures[0].Index));
            // The lints this instance reports: ND0103 is not among them while it has errors (nor ever for a symbolic input).
            var lintsBefore = Keys(run.Lints.FindAll(l => l.Id != NetDsl.Shapes.ShapeIssueIds.RoundedMergeLint));
            bool rounding = world.InputAt != null;
            int budget = Budget;
            var chosen = new List<(int Index, Candidate Fix)>();
            foreach (var failure in run.Failures)
            {
                var d = diagnostics[failure.Index];
                var key = Key(d);
                Candidate? best = null;
                int fewest = int.MaxValue;
                bool inputFound = false;
                (Candidate Fix, string Variant)? spoilt = null;   // the first fix that worked here but broke another variant
                foreach (var candidate in FixCandidates.For(world, run, failure, d))
                {
                    if (budget-- <= 0) break;
                    // A message that does not end in a cause cannot take the fix's words: only a fix it already names may be
                    // offered, never one it does not (a Multiply's broadcast "fixed" by shrinking the input to 3x3x3, unsaid).
                    if (d.Cause == null && !d.Message.Contains(candidate.Text)) continue;
                    if (candidate.Sizes && inputFound) continue;   // only the nearest working input competes
                    int left = Remaining(candidate.Apply(world), key, before, candidate.Sizes, lintsBefore, rounding);
                    if (left < 0) continue;
                    if (siblings.Count > 0)
                    {
                        siblingErrors ??= SiblingErrors(siblings);
                        if (Breaks(candidate, world, siblings, siblingErrors, ref budget) is { } broken)
                        {
                            spoilt ??= (candidate, broken);
                            continue;
                        }
                    }
                    inputFound |= candidate.Sizes;
                    if (left < fewest) (best, fewest) = (candidate, left);
                    if (left == 0) break;
                }
                if (best == null)
                {
                    // The rule's own fix would be the one that breaks the other variant: say so rather than offer it.
                    if (spoilt is { } s && d.Cause != null)
                        diagnostics[failure.Index] = d with
                        {
                            Message = d.Cause + "; " + (s.Fix.Text.StartsWith("use ", StringComparison.Ordinal) ? s.Fix.Text.Substring(4) + "," : s.Fix.Text) + $" would fix this variant but break variant {s.Variant}, which reads the same declaration; " +
                                "change this variant's arguments, or choose a value every variant accepts.",
                        };
                    continue;
                }
                chosen.Add((failure.Index, best));
                diagnostics[failure.Index] = d with
                {
                    Message = d.Cause == null ? d.Message : d.Cause + "; " + best.Text + ".",
                    Fix = best.Edit,
                };
            }
            MarkBatches(world, chosen, diagnostics, before, lintsBefore, rounding);
            var echoes = Echoes(world, run, chosen, diagnostics);
            // A finding of the whole network (its output, at the class name) is reported where its fix edits: the Input
            // argument for an input size, the layer's argument for an OutputPadding.
            foreach (var (index, fix) in chosen)
                if (diagnostics[index].Location is { } at && at.Equals(world.Decl.Location))
                    diagnostics[index] = diagnostics[index] with { Location = fix.Edit.Target };
            echoes.Sort();
            for (int i = echoes.Count - 1; i >= 0; i--) diagnostics.RemoveAt(echoes[i]);
        }

        /// <summary>
        /// One cause, one error: where two diagnostics of the instance stand at the same place (the [Use]/[Repeat] of a block) and
        /// the fix chosen for the first also removes the second (a depthwise Groups = dim of 57 on 56 channels: ND0010, whose
        /// dim: 56 also ends the residual add's 57 vs 56, ND0005), the second is its echo and is left out (its own fix, a
        /// projection, would cure the symptom only). The indexes of the echoes.
        /// </summary>
        static List<int> Echoes(World world, Instantiator run, List<(int Index, Candidate Fix)> chosen, List<DiagnosticInfo> diagnostics)
        {
            var echoes = new List<int>();
            foreach (var (index, fix) in chosen)
            {
                if (echoes.Contains(index) || diagnostics[index].Location is not { } at) continue;
                List<int>? same = null;
                foreach (var failure in run.Failures)
                    if (failure.Index != index && !echoes.Contains(failure.Index) && at.Equals(diagnostics[failure.Index].Location)) (same ??= new List<int>()).Add(failure.Index);
                if (same == null) continue;
                var left = Keys(fix.Apply(world).Walk(wholeInstance: true).Errors);
                foreach (var other in same) if (!left.Contains(Key(diagnostics[other]))) echoes.Add(other);
            }
            return echoes;
        }

        /// <summary>
        /// A fix-all applies every fix with the same title (action, argument, value) at once: each group of such fixes in the
        /// instance is applied together and checked like one fix (its diagnostics gone, nothing new); a group that does not
        /// build together is marked <see cref="FixEdit.Alone"/>, so the IDE offers its fixes one by one.
        /// </summary>
        static void MarkBatches(World world, List<(int Index, Candidate Fix)> chosen, List<DiagnosticInfo> diagnostics,
            HashSet<(string, LocationInfo?, LocationInfo?)> before, HashSet<(string, LocationInfo?, LocationInfo?)> lintsBefore, bool rounding)
        {
            var groups = new Dictionary<(FixAction, string, string, string), List<(int Index, Candidate Fix)>>();
            foreach (var c in chosen)
            {
                var title = (c.Fix.Edit.Action, c.Fix.Edit.Argument, c.Fix.Edit.Value, c.Fix.Edit.Title ?? "");
                if (!groups.TryGetValue(title, out var list)) groups[title] = list = new List<(int, Candidate)>();
                list.Add(c);
            }
            foreach (var group in groups.Values)
            {
                var targets = new HashSet<LocationInfo>();
                foreach (var (_, fix) in group) targets.Add(fix.Edit.Target);
                if (targets.Count < 2) continue;   // one edit, checked already
                var edited = world;
                var keys = new HashSet<(string, LocationInfo?, LocationInfo?)>();
                foreach (var (index, fix) in group)
                {
                    edited = fix.Apply(edited);
                    keys.Add(Key(diagnostics[index]));
                }
                if (Together(edited, keys, before, lintsBefore, rounding)) continue;
                foreach (var (index, fix) in group)
                    diagnostics[index] = diagnostics[index] with { Fix = fix.Edit with { Alone = true } };
            }
        }

        /// <summary>The errors each other instance of the declaration (its other variants) reports as written.</summary>
        static List<HashSet<(string, LocationInfo?, LocationInfo?)>> SiblingErrors(IReadOnlyList<(string Name, World World)> siblings)
        {
            var list = new List<HashSet<(string, LocationInfo?, LocationInfo?)>>();
            foreach (var s in siblings) list.Add(Keys(s.World.Walk().Errors));
            return list;
        }

        /// <summary>
        /// Which other instance <paramref name="candidate"/>'s edit breaks: it must leave every other instance of the declaration (its other variants, which
        /// read the same source) without an error it did not already have: Groups = 3 that fixes one variant's 21 channels must
        /// not break another's 16. An input edit reaches only the variants whose input is written at the same place.
        /// </summary>
        /// <returns>The name of the first variant the edit breaks, or null when it breaks none.</returns>
        static string? Breaks(Candidate candidate, World world, IReadOnlyList<(string Name, World World)> siblings, List<HashSet<(string, LocationInfo?, LocationInfo?)>> errors, ref int budget)
        {
            for (int i = 0; i < siblings.Count; i++)
            {
                var sibling = siblings[i].World;
                if (candidate.Sizes && !Equals(sibling.InputAt, world.InputAt)) continue;
                budget--;
                foreach (var d in candidate.Apply(sibling).Walk().Errors)
                    if (!errors[i].Contains(Key(d))) return siblings[i].Name;
            }
            return null;
        }

        /// <summary>Whether the edits applied together remove every one of <paramref name="keys"/> and report nothing new, lints included.</summary>
        static bool Together(World edited, HashSet<(string, LocationInfo?, LocationInfo?)> keys, HashSet<(string, LocationInfo?, LocationInfo?)> before,
            HashSet<(string, LocationInfo?, LocationInfo?)> lintsBefore, bool rounding)
        {
            var (errors, lints) = edited.Walk(wholeInstance: true);
            foreach (var d in errors)
                if (keys.Contains(Key(d)) || !before.Contains(Key(d))) return false;
            foreach (var d in lints)
                if (!lintsBefore.Contains(Key(d)) && (d.Id != NetDsl.Shapes.ShapeIssueIds.RoundedMergeLint || (rounding && errors.Count == 0))) return false;
            return true;
        }

        /// <summary>
        /// How many diagnostics the edited instance still reports, or -1 when it still reports <paramref name="key"/> or anything
        /// new; a lint it raises that it did not before counts as <see cref="NewLint"/> more, so any fix without one wins.
        /// </summary>
        static int Remaining(World edited, (string, LocationInfo?, LocationInfo?) key, HashSet<(string, LocationInfo?, LocationInfo?)> before, bool sizes,
            HashSet<(string, LocationInfo?, LocationInfo?)> lintsBefore, bool rounding)
        {
            var left = new HashSet<(string, LocationInfo?, LocationInfo?)>();
            var (errors, lints) = edited.Walk(wholeInstance: true);
            foreach (var d in errors)
            {
                var k = Key(d);
                if (k.Equals(key) || !before.Contains(k) || (sizes && SizeIds.Contains(d.Id))) return -1;
                left.Add(k);
            }
            // ND0103 is reported once no error is left, and for a concrete input only.
            foreach (var d in lints)
                if (!lintsBefore.Contains(Key(d)) && (d.Id != NetDsl.Shapes.ShapeIssueIds.RoundedMergeLint || (rounding && errors.Count == 0)))
                    return left.Count + NewLint;
            return left.Count;
        }

        /// <summary>What a lint the fix raises costs: more than any count of diagnostics left.</summary>
        const int NewLint = 1 << 20;

        /// <summary>What an input size decides: merges that meet, maps that stay positive, crops.</summary>
        static readonly HashSet<string> SizeIds = new HashSet<string>
        {
            NetDsl.Shapes.ShapeIssueIds.ResidualSpatial, NetDsl.Shapes.ShapeIssueIds.ConcatSpatial, NetDsl.Shapes.ShapeIssueIds.NonPositiveSize,
            NetDsl.Shapes.ShapeIssueIds.CropTooSmall,
        };

        public static (string, LocationInfo?, LocationInfo?) Key(DiagnosticInfo d) => (d.Id, d.Location, d.Also.Count > 0 ? d.Also[0] : null);

        static HashSet<(string, LocationInfo?, LocationInfo?)> Keys(IEnumerable<DiagnosticInfo> diagnostics)
        {
            var set = new HashSet<(string, LocationInfo?, LocationInfo?)>();
            foreach (var d in diagnostics) set.Add(Key(d));
            return set;
        }

        static IEnumerable<DiagnosticInfo> Slice(List<DiagnosticInfo> list, int from)
        {
            for (int i = from; i < list.Count; i++) yield return list[i];
        }
    }
}
