using System.Collections.Generic;
using NetDsl.Generators.Expressions;
using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>
    /// Derives what a symbolic input axis must satisfy, with the same shape rules as every concrete check.
    /// Within one residue class of the input size modulo M (the largest total stride any layer sees), every
    /// size in the network is affine in k, m·k + r, exactly: each floor division divides the coefficient of k.
    /// So one probe far out in a class decides the class (merges compare affine forms that agree everywhere
    /// or nowhere), and a binary search finds its smallest size (sizes only grow with k).
    /// </summary>
    internal sealed class InputAnalysis
    {
        /// <summary>Probe distance: a multiple of every total stride up to 4096 (strides are powers of two in practice).</summary>
        const int Span = 4096;

        readonly DeclarationSpec decl;
        readonly IReadOnlyDictionary<string, DeclarationSpec> blocks;
        readonly IReadOnlyDictionary<string, Scalar> env;
        readonly TensorShape fallback;

        public InputAnalysis(DeclarationSpec decl, IReadOnlyDictionary<string, DeclarationSpec> blocks, IReadOnlyDictionary<string, Scalar> env, TensorShape @default)
        {
            this.decl = decl;
            this.blocks = blocks;
            this.env = env;
            fallback = @default;
        }

        /// <summary>Rules for the symbolic axes of <paramref name="spec"/>; null after reporting why none can be given.</summary>
        public List<AxisRule>? Derive(InputSpec spec, List<DiagnosticInfo> diagnostics)
        {
            var rules = new List<AxisRule>();
            narrowed.Clear();
            foreach (var (axis, domain) in spec.SymbolicAxes())
                if (!Axis(axis, domain, rules, diagnostics)) return null;
            Narrow(diagnostics);
            return rules;
        }

        /// <summary>Each ND0022 of a declared form that admits rejected sizes: its index, its axis and the form that admits exactly the accepted ones (null: none).</summary>
        readonly List<(int Index, char Axis, string? Form)> narrowed = new List<(int, char, string?)>();

        /// <summary>
        /// The declared form narrowed to what the layers accept, as ND0022's edit: where the layers accept exactly one class of the
        /// declared sizes (a multiple of 16 of the (8k) declared, from 16 on) that holds the default, the form (16k); every axis
        /// reported is narrowed in one Input, so the edit leaves no ND0022. Not offered for a network with [Variant]s (each may
        /// need another form of the one Input) nor where an axis admits several classes (one form would drop sizes that work).
        /// </summary>
        void Narrow(List<DiagnosticInfo> diagnostics)
        {
            if (narrowed.Count == 0 || decl.Variants.Count > 0 || decl.Input.Kind != ValueKind.String || decl.Input.Location is not { } at) return;
            var parts = decl.Input.Text.Split('x');
            foreach (var (_, axis, form) in narrowed)
            {
                int part = axis == 'W' ? 2 : 1;   // CxHxW: H and W; CxL: L
                if (form == null || part >= parts.Length) return;
                parts[part] = form;
            }
            string text = string.Join("x", parts);
            if (!InputSpec.TryParse(text, out var spec) || !spec.Admits(fallback)) return;
            foreach (var (index, _, _) in narrowed)
            {
                var d = diagnostics[index];
                if (!d.Message.EndsWith(".", System.StringComparison.Ordinal)) return;
                diagnostics[index] = d with
                {
                    Message = d.Message.Substring(0, d.Message.Length - 1) + $": Input = \"{text}\".",
                    Fix = new FixEdit(FixAction.Replace, at, "Input", "\"" + text + "\""),
                };
            }
        }

        /// <summary>
        /// The form that admits exactly the sizes the layers accept within the declared <paramref name="domain"/>, where that is one
        /// class (<paramref name="found"/> has one rule) holding the default: modulus·k + its smallest size, the first few checked
        /// by walking the layers again.
        /// </summary>
        string? NarrowedForm(char axis, AxisSpec domain, List<AxisRule> found)
        {
            if (found.Count != 1) return null;
            var rule = found[0];
            int first = rule.Minimum;
            if (rule.Span != 1 || first < 1 || !domain.Admits(first) || !rule.Admits(Size(fallback, axis))) return null;
            for (int i = 0; i < 4; i++) if (Probe(axis, first + i * rule.Modulus, out _) == null) return null;
            string m = Messages.I(rule.Modulus);
            return first == rule.Modulus ? $"({m}k)" : $"({m}k+{Messages.I(first)})";
        }

        bool Axis(char axis, AxisSpec domain, List<AxisRule> rules, List<DiagnosticInfo> diagnostics)
        {
            int start = Size(fallback, axis);
            var near = Probe(axis, start, out _, locate: true);
            var far = Probe(axis, start + Span, out var farIssue);
            if (near != null && far == null && PinnedLastAxis(probeFailure) is { } pinned)
                return PinnedByInput(diagnostics, axis, start, near, pinned);
            if (near == null || far == null)
                return Fail(diagnostics, $"{decl.Name}: the input is valid at {axis} = {start} but not at {axis} = {start + Span} ({farIssue?.Message}); NetDsl cannot derive the sizes it accepts: declare a fixed input.");
            int modulus = 1;
            for (int i = 0; i < near.Count && i < far.Count; i++)
            {
                var a = near[i].Output;
                var b = far[i].Output;
                if (near[i].Parameters != far[i].Parameters)
                    return SizedByInput(diagnostics, axis, start, near[i], far[i].Parameters);
                if (!a.IsMap)
                {
                    if (a != b)
                        return Fail(diagnostics, ShapeIssueIds.SymbolicFlatten,
                            $"{decl.Name}: the flat size after {near[i].Path} ({near[i].Kind}) depends on the input's {axis} ({a} at {axis} = {start}, {b} at {axis} = {start + Span}), so a Linear layer after it cannot have a fixed size; pool to a fixed size first ([GlobalAvgPool] or [AdaptiveAvgPool]) or declare a fixed input.",
                            near[i].At, near[i].Inside);
                    continue;
                }
                int delta = Size(b, axis) - Size(a, axis);
                if (delta == 0) continue;
                int g = Gcd(Span, delta);
                modulus = Lcm(modulus, Span / g);
            }
            int step = domain.Modulus == 1 ? modulus : Lcm(modulus, domain.Modulus);
            var found = Classes(axis, domain, step, start);
            // A constraint the sizes' affine forms do not show (a centre crop's even difference) splits a class: then
            // the rules disagree with the layers near the default. Finer classes first, else no rules at all.
            for (int doubling = 0; doubling < 3 && !AgreeNear(axis, domain, found, start, step); doubling++)
                found = Classes(axis, domain, step *= 2, start);
            if (!AgreeNear(axis, domain, found, start, step))
                return Fail(diagnostics, $"{decl.Name}: the layers accept {axis} = {start} but in no pattern of sizes NetDsl can state (a centre crop or merge that needs even differences?): declare a fixed input.");
            if (found.Count == 0)
                return Fail(diagnostics, $"{decl.Name}: no {axis} of the declared form passes every layer; check the strides and merges.");
            if (domain.Modulus > 1 || domain.Residue > 0) CheckDomain(axis, domain, found, diagnostics);
            rules.AddRange(Compact(Merge(found, step)));
            return true;
        }

        /// <summary>Per residue class of sizes modulo <paramref name="step"/>: decided far out, its smallest member found by bisection.</summary>
        List<AxisRule> Classes(char axis, AxisSpec domain, int step, int start)
        {
            var found = new List<AxisRule>();
            for (int first = FirstInDomain(domain); first < FirstInDomain(domain) + step; first += domain.Modulus)
            {
                int u = (start + Span - first + step - 1) / step;
                if (Probe(axis, first + step * u, out _) == null) continue;
                int lo = 0, hi = u;
                while (lo < hi)
                {
                    int mid = (lo + hi) / 2;
                    if (first + step * mid >= 1 && Probe(axis, first + step * mid, out _) != null) hi = mid; else lo = mid + 1;
                }
                found.Add(new AxisRule(axis, step, first % step, first + step * lo));
            }
            return found;
        }

        /// <summary>Whether the rules admit exactly the sizes of the declared form the layers accept from the default on, one per class.</summary>
        bool AgreeNear(char axis, AxisSpec domain, List<AxisRule> found, int start, int step)
        {
            for (int size = start; size < start + step; size += domain.Modulus)
            {
                bool admitted = false;
                foreach (var r in found) admitted |= r.Admits(size);
                if (admitted != (Probe(axis, size, out _) != null)) return false;
            }
            return true;
        }

        /// <summary>A declared form such as (32k) that admits sizes the layers reject is an error naming the first such size.</summary>
        void CheckDomain(char axis, AxisSpec domain, List<AxisRule> found, List<DiagnosticInfo> diagnostics)
        {
            for (int size = FirstInDomain(domain); size < FirstInDomain(domain) + 64 * domain.Modulus; size += domain.Modulus)
            {
                bool ok = false;
                foreach (var r in found) ok |= r.Admits(size);
                if (ok) continue;
                Probe(axis, size, out var issue);
                narrowed.Add((diagnostics.Count, axis, NarrowedForm(axis, domain, found)));
                Fail(diagnostics, ShapeIssueIds.InputConstraint,
                    $"{decl.Name}: Input admits {axis} = {size}, which the layers reject ({issue?.Message ?? "too small"}); the layers need {string.Join(" or ", Strings(found))}: narrow the declared form.");
                return;
            }
        }

        /// <summary>Classes that together form a coarser progression with one threshold become one rule.</summary>
        static List<AxisRule> Merge(List<AxisRule> found, int step)
        {
            for (int m = 1; m < step; m++)
            {
                if (step % m != 0) continue;
                var merged = new List<AxisRule>();
                bool all = true;
                for (int r = 0; r < m && all; r++)
                {
                    var group = found.FindAll(x => x.Residue % m == r);
                    if (group.Count == 0) continue;
                    if (group.Count != step / m) { all = false; break; }
                    int min = int.MaxValue;
                    foreach (var x in group) min = System.Math.Min(min, x.Minimum);
                    // One threshold: every class starts at its first size ≥ min.
                    foreach (var x in group) if (x.Minimum - min >= step) all = false;
                    merged.Add(new AxisRule(group[0].Axis, m, r, min));
                }
                if (all) return merged;
            }
            return found;
        }

        /// <summary>Rules with one modulus, consecutive residues and one threshold become a residue range.</summary>
        static List<AxisRule> Compact(List<AxisRule> rules)
        {
            rules.Sort((a, b) => a.Residue.CompareTo(b.Residue));
            var result = new List<AxisRule>();
            foreach (var r in rules)
            {
                var last = result.Count > 0 ? result[result.Count - 1] : null;
                bool extends = last != null && last.Modulus == r.Modulus && r.Modulus > 1 && last.Residue + last.Span == r.Residue
                    && r.Minimum >= last.Minimum && r.Minimum < last.Minimum + r.Modulus;
                if (extends) result[result.Count - 1] = new AxisRule(last!.Axis, last.Modulus, last.Residue, last.Minimum, last.Span + 1);
                else result.Add(r);
            }
            return result;
        }

        /// <summary>
        /// Per-row output shapes at the input with <paramref name="axis"/> set to <paramref name="size"/>, or null with the first issue.
        /// Only the probe whose rows a diagnostic may name (<paramref name="locate"/>) maps each row to where its layer is written.
        /// </summary>
        List<(TensorShape Output, string Path, string Kind, LocationInfo? At, LocationInfo? Inside, long Parameters)>? Probe(char axis, int size, out DiagnosticInfo? issue, bool locate = false)
        {
            issue = null;
            if (size < 1) return null;
            var input = axis switch
            {
                'H' => new TensorShape(fallback.C, size, fallback.W),
                'W' => new TensorShape(fallback.C, fallback.H, size),
                _ => TensorShape.Sequence(fallback.C, size),   // 'L': a CxL input
            };
            var scratch = new List<DiagnosticInfo>();
            var run = new Instantiator(blocks, scratch);
            run.Active.Add(decl.FullName);
            var shape = input;
            probeFailure = null;
            if (!run.Run(decl, env, "", ref shape) || !OutputDeclaration.Check(run, decl, input, shape) || run.Failed)
            {
                issue = scratch.Count > 0 ? scratch[0] : null;
                probeFailure = run.Failures.Count > 0 ? run.Failures[0] : null;
                return null;
            }
            // Where each row's layer is written, for a diagnostic about it; inside a block, the [Use]/[Repeat] that chose it, as every
            // rule broken in a block instance is reported.
            var written = new Dictionary<string, (LocationInfo? At, LocationInfo? Inside)>();
            if (locate)
                foreach (var step in run.Trace)
                    written[step.Path] = BlockFrame.UseInNetwork(step.Frame) is { } use ? (use, step.Layer.Location) : (step.Layer.Location, null);
            var outputs = new List<(TensorShape, string, string, LocationInfo?, LocationInfo?, long)>(run.Rows.Count);
            foreach (var row in run.Rows)
            {
                TensorShape.TryParse(row.Output, out var s);
                var (at, inside) = written.TryGetValue(row.Path, out var w) ? w : (null, null);
                outputs.Add((s, row.Path, row.Kind, at, inside, row.Parameters));
            }
            return outputs;
        }

        /// <summary>
        /// ND0023 for a layer whose weights follow the symbolic <paramref name="axis"/> (a LastDim Linear or a LayerNorm over a map's
        /// last axis, its W): built at the default, it fails in libtorch at any other size. At the layer, with the input's axis fixed
        /// at the default's size as the edit (where one Input is declared), else pooling or a channels-last [Permute] in words.
        /// </summary>
        bool SizedByInput(List<DiagnosticInfo> diagnostics, char axis, int start, (TensorShape Output, string Path, string Kind, LocationInfo? At, LocationInfo? Inside, long Parameters) row, long farParameters) =>
            LastAxisFails(diagnostics, axis, row.Path, row.Kind, row.At, row.Inside,
                $"{row.Parameters.ToString(System.Globalization.CultureInfo.InvariantCulture)} parameters at {axis} = {Messages.I(start)}, {farParameters.ToString(System.Globalization.CultureInfo.InvariantCulture)} at {axis} = {Messages.I(start + Span)}",
                "its weights cannot have a fixed size", start);

        /// <summary>
        /// ND0023 at a last-axis layer (<paramref name="path"/>) whose size follows the symbolic <paramref name="axis"/>: the message
        /// names the sizes (<paramref name="sizes"/>) and the consequence; the edit fixes the axis in the input at the default's size
        /// where one Input is declared, else the fix is pooling or a channels-last [Permute] in words.
        /// </summary>
        bool LastAxisFails(List<DiagnosticInfo> diagnostics, char axis, string path, string kind, LocationInfo? at, LocationInfo? inside, string sizes, string consequence, int start)
        {
            string fixedInput = FixedAxis(axis, start);
            string fix = fixedInput.Length > 0
                ? $"fix {axis} in the input (Input = \"{fixedInput}\"), or pool or [Permute(0, 2, 3, 1)] first so that a fixed size reaches the layer's last axis"
                : $"pool or [Permute(0, 2, 3, 1)] first so that a fixed size reaches the layer's last axis, or declare a fixed {axis}";
            Fail(diagnostics, ShapeIssueIds.SymbolicFlatten,
                $"{decl.Name}: {path} ({kind}) acts on the last axis of its input, whose size follows the input's {axis} ({sizes}), so {consequence}; {fix}.",
                at, inside);
            if (fixedInput.Length > 0 && decl.Input.Location is { } input)
                diagnostics[diagnostics.Count - 1] = diagnostics[diagnostics.Count - 1] with { Fix = new FixEdit(FixAction.Replace, input, "Input", "\"" + fixedInput + "\"") };
            return false;
        }

        /// <summary>The first rule the last failed <see cref="Probe"/> broke (null after one that passed).</summary>
        Failure? probeFailure;

        /// <summary>
        /// The failure of a layer on a map's last axis (a LastDim Linear, a LayerNorm) whose size is pinned with In: it passed at the
        /// default, so its pinned size fits the default's last axis and the symbolic axis moved that axis off it. Else null.
        /// </summary>
        static (Failure Failure, int In)? PinnedLastAxis(Failure? failure)
        {
            if (failure?.Issue?.Id != ShapeIssueIds.PinnedSize || !failure.Input.IsMap) return null;
            return failure.Args switch
            {
                LinearArgs { LastDim: true, In: { } linearIn } => (failure, linearIn),
                LayerNormArgs { In: { } normIn } => (failure, normIn),
                _ => null,
            };
        }

        /// <summary>
        /// ND0023 for a last-axis layer whose In pins its weights (<see cref="PinnedLastAxis"/>): its weights are fixed but fit the
        /// default's width only, so any other size of <paramref name="axis"/> fails there. At the layer, with the same edit as
        /// <see cref="SizedByInput"/> (the input's axis fixed at the default's size).
        /// </summary>
        bool PinnedByInput(List<DiagnosticInfo> diagnostics, char axis, int start, List<(TensorShape Output, string Path, string Kind, LocationInfo? At, LocationInfo? Inside, long Parameters)> near,
            (Failure Failure, int In) pinned)
        {
            var failure = pinned.Failure;
            var row = near.Find(r => r.Path == failure.Path);
            if (row.Path == null) return Fail(diagnostics, $"{decl.Name}: the input is valid at {axis} = {start} but not at {axis} = {start + Span} ({failure.Issue?.Message}); NetDsl cannot derive the sizes it accepts: declare a fixed input.");
            return LastAxisFails(diagnostics, axis, row.Path, row.Kind, row.At, row.Inside,
                $"{Messages.I(pinned.In)} at {axis} = {Messages.I(start)}, {Messages.I(failure.Input.W)} at {axis} = {Messages.I(start + Span)}",
                $"its In = {Messages.I(pinned.In)} fits {axis} = {Messages.I(start)} only", start);
        }

        /// <summary>The declared Input with <paramref name="axis"/> fixed at <paramref name="size"/> ("3xHx32"); "" where no single Input is written.</summary>
        string FixedAxis(char axis, int size)
        {
            if (decl.Variants.Count > 0 || decl.Input.Kind != ValueKind.String) return "";
            var parts = decl.Input.Text.Split('x');
            int part = axis == 'H' ? 1 : parts.Length - 1;
            if (parts.Length < 2 || part < 1) return "";
            parts[part] = Messages.I(size);
            string text = string.Join("x", parts);
            return InputSpec.TryParse(text, out var spec) && spec.Admits(fallback) ? text : "";
        }

        /// <summary>The size of <paramref name="axis"/> in <paramref name="shape"/>: a CxL map's length is its W, and so is the length of every 1-D row.</summary>
        static int Size(TensorShape shape, char axis) => axis == 'H' ? shape.H : shape.W;

        static int FirstInDomain(AxisSpec domain) => domain.Residue > 0 ? domain.Residue : domain.Modulus;

        bool Fail(List<DiagnosticInfo> diagnostics, string message) => Fail(diagnostics, ShapeIssueIds.InputConstraint, message);

        bool Fail(List<DiagnosticInfo> diagnostics, string id, string message, LocationInfo? at = null, LocationInfo? inside = null)
        {
            var d = new DiagnosticInfo(id, message, at ?? decl.Input.Location ?? decl.Location);
            if (inside is { } also) d = d with { Also = EquatableArray.From(new[] { also }) };
            diagnostics.Add(d);
            return false;
        }

        static IEnumerable<string> Strings(List<AxisRule> rules)
        {
            foreach (var r in rules) yield return r.ToString();
        }

        static int Gcd(int a, int b) => b == 0 ? System.Math.Abs(a) : Gcd(b, a % b);
        static int Lcm(int a, int b) => a / Gcd(a, b) * b;
    }
}
