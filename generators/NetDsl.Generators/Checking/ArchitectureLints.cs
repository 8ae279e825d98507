using System.Collections.Generic;
using NetDsl.Generators.Model;
using NetDsl.Shapes;
using static NetDsl.Shapes.Messages;

namespace NetDsl.Generators.Checking
{
    /// <summary>A pooling that took a map to one value per channel: where it is, the map and the receptive field of its features.</summary>
    internal sealed record PooledMap(string Path, string Kind, TensorShape Input, ReceptiveField Field, LocationInfo? At);

    /// <summary>
    /// The lints that need the whole instance rather than one layer: ND0103 (a strided step rounds an odd size on a path that
    /// is upsampled to meet a skip from before it), ND0104 (a classifier pools features that each see less than its input)
    /// and ND0105 (a declared input that reads as HxWxC).
    /// All are reported only for a concrete declared input (a symbolic one has derived constraints instead) and only when
    /// the instance has no error (a merge that fails is ND0006/ND0017/ND0024, whose fix names the same rounding step).
    /// </summary>
    internal static class ArchitectureLints
    {
        /// <summary>
        /// ND0103 as <see cref="Instantiator.Meet"/> finds it: <paramref name="step"/> rounded, <paramref name="upsampledBy"/> upsampled
        /// its path again, and the path met <paramref name="other"/>'s map from before the step at <paramref name="merge"/>. The
        /// message ends with a general fix until <see cref="Finish"/> searches the nearest input that removes it.
        /// </summary>
        public static DiagnosticInfo Rounded(RoundedStep step, string upsampledBy, string other, TensorShape otherShape, string merge)
        {
            var x = step.Input;
            bool height = step.StrideH >= 2 && x.H % step.StrideH != 0;
            int size = height ? x.H : x.W, stride = height ? step.StrideH : step.StrideW;
            string strides = x.Is1d ? I(step.StrideW) : step.StrideH == step.StrideW ? I(step.StrideH) : $"{I(step.StrideH)}x{I(step.StrideW)}";
            string why = stride == 2 ? $"{I(size)} is odd" : $"{I(size)} is not a multiple of {I(stride)}";
            string cause = $"{step.Path}: {step.Kind} at stride {strides} turns {Size(x)} into {Size(step.Output)}, rounding ({why}), "
                + $"and {upsampledBy} upsamples this path again to meet {other}{(other.EndsWith("s", System.StringComparison.Ordinal) ? "'" : "'s")} {otherShape}, from before the step, at {merge}: the pixels the rounding "
                + "lost leave the two maps misaligned, matched only by padding, cropping or resizing";
            return new DiagnosticInfo(ShapeIssueIds.RoundedMergeLint, cause + "; " + GeneralInputFix + ".", step.At, Cause: cause);
        }

        /// <summary>
        /// ND0101 with its edit: the transposed convolution rewritten with the kernel, padding and output padding its message
        /// names (<see cref="ConvTransposeKind.EvenKernel"/>, which keep every output size), offered only where each argument it
        /// changes is written as a constant in the attribute or not written at all, and the instance and every other variant
        /// walked again with it report nothing new and no longer this lint. A kernel given through a parameter
        /// (<c>kernel: nameof(k)</c>) is set where its value is written, with the paddings in the block: see
        /// <see cref="KernelThroughParameter"/>. Edits of the same text elsewhere (a fix-all batch) keep their layers' sizes too, so they
        /// build together.
        /// </summary>
        static DiagnosticInfo Checkerboard(World world, DiagnosticInfo lint, LintSite site, IReadOnlyList<(string Name, World World)> siblings)
        {
            if (site.Args is not ConvTransposeArgs a || ConvTransposeKind.EvenKernel(a) is not { } even || site.Layer.Location is not { } at) return lint;
            var layer = site.Layer;
            var changes = new List<(string Name, int Value)> { ("Kernel", even.Kernel) };
            if (even.Padding != a.Padding) changes.Add(("Padding", even.Padding));
            if (even.OutputPadding != a.OutputPadding) changes.Add(("OutputPadding", even.OutputPadding));
            if (Rewritten(layer, at, changes) is not { } text) return KernelThroughParameter(world, lint, site, a, even, siblings) ?? lint;
            World Edit(World w) => w.MapLayer(layer, l =>
            {
                foreach (var (name, value) in changes) l = World.WithArgument(l, name, ValueSpec.OfInt(value, null));
                return new[] { l };
            });
            var key = FixSearch.Key(lint);
            if (!NothingNew(world, Edit(world), out var after) || after.Contains(key)) return lint;
            foreach (var (_, sibling) in siblings)
                if (!NothingNew(sibling, Edit(sibling), out _)) return lint;
            return lint with { Fix = new FixEdit(FixAction.Replace, at, "", text) };
        }

        /// <summary>
        /// ND0101 where the kernel is a parameter alone (<c>[ConvTranspose(8, nameof(k), Stride = 2)]</c> in a block): the kernel set
        /// where each instance's value is written (<see cref="ValueOrigin"/>: the [Use]/[Repeat] argument, the default, the network's
        /// default) and the attribute's Padding/OutputPadding rewritten, one fix of several edits. The paddings suit one kernel only,
        /// so it is offered only where every instance of the layer in the network has the same arguments (the block used once, or
        /// every use passing the same kernel: each use's argument is edited) and a constant to edit, the declaration has no other
        /// variant, the parameter sizes nothing else in its declaration, Stride and Dilation are constants, and the instance walked
        /// again reports nothing new, no longer this lint, and every layer's output unchanged. (Another network that uses the same
        /// block is not seen from here.) Null where it is not offered.
        /// </summary>
        static DiagnosticInfo? KernelThroughParameter(World world, DiagnosticInfo lint, LintSite site, ConvTransposeArgs a, ConvTransposeArgs even,
            IReadOnlyList<(string Name, World World)> siblings)
        {
            var layer = site.Layer;
            if (siblings.Count > 0 || site.Frame is not { } frame || layer.Location is not { } at || layer.Find("Kernel") is not { } kernel
                || !ValueOrigin.IsParameter(kernel.Value, frame, out _)) return null;
            foreach (var name in new[] { "Stride", "Dilation" })
                if (layer.Find(name) is { } written && written.Value.Kind != ValueKind.Int) return null;
            if (Reads(frame.Owner, kernel.Value.Text.Trim()) != 1 || Walked(world) is not { } trace) return null;
            // Every instance of the layer: the same arguments, and a constant written for its kernel (one edit per place).
            var origins = new List<ValueOrigin>();
            foreach (var step in trace)
            {
                if (step.Layer != layer) continue;
                if (step.Args is not ConvTransposeArgs other || other != a || !ValueOrigin.IsParameter(kernel.Value, step.Frame, out var origin)
                    || origin == null || Overlaps(origin.At, at)) return null;
                if (!origins.Exists(o => o.At == origin.At)) origins.Add(origin);
            }
            if (origins.Count == 0) return null;
            var changes = new List<(string Name, int Value)>();
            if (even.Padding != a.Padding) changes.Add(("Padding", even.Padding));
            if (even.OutputPadding != a.OutputPadding) changes.Add(("OutputPadding", even.OutputPadding));
            string? text = changes.Count > 0 ? Rewritten(layer, at, changes) : null;
            if (changes.Count > 0 && text == null) return null;
            var value = ValueSpec.OfInt(even.Kernel, null);
            World Edit(World w)
            {
                w = w.MapLayer(layer, l =>
                {
                    foreach (var (name, v) in changes) l = World.WithArgument(l, name, ValueSpec.OfInt(v, null));
                    return new[] { l };
                });
                foreach (var origin in origins) w = origin.Apply(w, value);
                return w;
            }
            var edited = Edit(world);
            if (!NothingNew(world, edited, out var after) || after.Contains(FixSearch.Key(lint))) return null;
            if (Shapes(trace) is not { } before || Walked(edited) is not { } walked || !Same(before, Shapes(walked))) return null;
            string kernelCode = I(even.Kernel);
            var first = origins[0];
            var then = new List<FixEdit>();
            for (int i = 1; i < origins.Count; i++) then.Add(new FixEdit(FixAction.Replace, origins[i].At, origins[i].Parameter, kernelCode));
            if (text != null) then.Add(new FixEdit(FixAction.Replace, at, "", text));
            var fix = new FixEdit(FixAction.Replace, first.At, first.Parameter, kernelCode);
            if (then.Count > 0)
                fix = fix with
                {
                    Then = EquatableArray.From(then),
                    Title = $"Set {first.Parameter} = {kernelCode}{(origins.Count > 1 ? $" at {I(origins.Count)} places" : "")}{(text != null ? $" and replace with [{text}]" : "")}",
                };
            return lint with { Fix = fix };
        }

        static bool Overlaps(LocationInfo x, LocationInfo y) => x.FilePath == y.FilePath && x.Span.Start < y.Span.End && y.Span.Start < x.Span.End;

        /// <summary>How many values written in <paramref name="owner"/>'s layers (a [Use]'s arguments included) name <paramref name="parameter"/>.</summary>
        static int Reads(DeclarationSpec owner, string parameter)
        {
            int count = 0;
            bool Names(ValueSpec v) => v.Kind == ValueKind.String && System.Text.RegularExpressions.Regex.IsMatch(v.Text,
                "(?<![A-Za-z0-9_])" + System.Text.RegularExpressions.Regex.Escape(parameter) + "(?![A-Za-z0-9_])");
            foreach (var m in owner.Members)
                foreach (var l in m.Layers)
                {
                    foreach (var arg in l.Args) if (Names(arg.Value)) count++;
                    foreach (var e in l.Extra) if (Names(e)) count++;
                }
            if (owner.SqueezeExcite is { } se && Names(se.Reduction)) count++;
            return count;
        }

        /// <summary>The instance walked again: every layer it ran (its trace), or null where the walk fails.</summary>
        static List<TraceStep>? Walked(World world)
        {
            var run = new Instantiator(world.Blocks, new List<DiagnosticInfo>());
            run.Active.Add(world.Decl.FullName);
            var shape = world.Input;
            if (!run.Run(world.Decl, world.Env, "", ref shape) || run.Failed) return null;
            return run.Trace;
        }

        /// <summary>Every layer's output in <paramref name="trace"/>: its path and shape.</summary>
        static List<(string Path, TensorShape Output)> Shapes(List<TraceStep> trace)
        {
            var list = new List<(string, TensorShape)>();
            foreach (var step in trace) list.Add((step.Path, step.Output));
            return list;
        }

        static bool Same(List<(string Path, TensorShape Output)> x, List<(string Path, TensorShape Output)> y)
        {
            if (x.Count != y.Count) return false;
            for (int i = 0; i < x.Count; i++) if (x[i].Path != y[i].Path || !x[i].Output.Equals(y[i].Output)) return false;
            return true;
        }

        /// <summary>Whether <paramref name="edited"/> reports no error or lint that <paramref name="before"/> does not; its lints' keys.</summary>
        static bool NothingNew(World before, World edited, out HashSet<(string, LocationInfo?, LocationInfo?)> lintsAfter)
        {
            var (errors0, lints0) = before.Walk(wholeInstance: true);
            var (errors1, lints1) = edited.Walk(wholeInstance: true);
            var known = new HashSet<(string, LocationInfo?, LocationInfo?)>();
            foreach (var d in errors0) known.Add(FixSearch.Key(d));
            foreach (var d in lints0) known.Add(FixSearch.Key(d));
            lintsAfter = new HashSet<(string, LocationInfo?, LocationInfo?)>();
            foreach (var d in lints1) lintsAfter.Add(FixSearch.Key(d));
            foreach (var d in errors1) if (!known.Contains(FixSearch.Key(d))) return false;
            foreach (var k in lintsAfter) if (!known.Contains(k)) return false;
            return true;
        }

        /// <summary>
        /// The attribute's text (<see cref="LayerSpec.Text"/>) with each of <paramref name="changes"/> written over its constant, or
        /// appended as <c>Name = value</c> where it is not written; null where one is written otherwise (a parameter, an expression).
        /// </summary>
        static string? Rewritten(LayerSpec layer, LocationInfo at, List<(string Name, int Value)> changes)
        {
            string text = layer.Text;
            if (text.Length != at.Span.Length || !text.EndsWith(")", System.StringComparison.Ordinal)) return null;
            var edits = new List<(int Start, int Length, string Code)>();
            string added = "";
            foreach (var (name, value) in changes)
            {
                if (layer.Find(name) is not { } written) { added += $", {name} = {I(value)}"; continue; }
                if (written.Value.Kind != ValueKind.Int || written.Value.Location is not { } where || where.FilePath != at.FilePath
                    || where.Span.Start <= at.Span.Start || where.Span.End >= at.Span.End) return null;
                edits.Add((where.Span.Start - at.Span.Start, where.Span.Length, I(value)));
            }
            edits.Sort((x, y) => y.Start.CompareTo(x.Start));   // from the end, so the offsets before stay put
            foreach (var (start, length, code) in edits) text = text.Substring(0, start) + code + text.Substring(start + length);
            return text.Substring(0, text.Length - 1) + added + ")";
        }

        const string GeneralInputFix = "use an input size at which no pixel is rounded off between a skip and the upsampled path it meets";

        /// <summary>
        /// Adds the instance's lints to <paramref name="diagnostics"/>: each layer's own, ND0103 with the nearest input that
        /// removes every one of them (checked by walking the instance again), ND0104 and ND0105.
        /// </summary>
        public static void Finish(World world, Instantiator run, bool ok, bool symbolic, TensorShape output, List<DiagnosticInfo> diagnostics,
            IReadOnlyList<(string Name, World World)>? siblings = null)
        {
            bool concrete = ok && !symbolic;
            var rounded = new List<int>();
            for (int i = 0; i < run.Lints.Count; i++)
            {
                var lint = run.Lints[i];
                if (lint.Id == ShapeIssueIds.RoundedMergeLint)
                {
                    if (!concrete) continue;
                    rounded.Add(diagnostics.Count);
                }
                if (lint.Id == ShapeIssueIds.CheckerboardLint && ok && run.LintLayers.TryGetValue(i, out var site))
                    lint = Checkerboard(world, lint, site, siblings ?? System.Array.Empty<(string, World)>());
                diagnostics.Add(lint);
            }
            if (rounded.Count > 0 && NearestExactInput(world, run.RoundingUpsamplers) is { } found)
            {
                var (input, padded) = found;
                string text = $"use Input = \"{input}\", the nearest input at which no pixel is rounded off between a skip and the upsampled path it meets"
                    + (padded.Count == 0 ? "" : $", and remove OutputPadding from {string.Join(", ", padded)} (it made up the rounded-off pixels)");
                // One edit travels as data: the input alone (with OutputPadding to remove as well, the message says both).
                var edit = padded.Count == 0 ? new FixEdit(FixAction.Replace, world.InputAt!.Value, "Input", "\"" + input + "\"") : null;
                foreach (int i in rounded)
                {
                    var d = diagnostics[i];
                    diagnostics[i] = d with { Message = d.Cause + "; " + text + ".", Fix = edit };
                }
            }
            if (concrete && ShallowField(world, run, output, suggestInput: true) is { } shallow) diagnostics.Add(shallow);
            if (concrete && ChannelsLastInput(world) is { } layout) diagnostics.Add(layout);
        }

        /// <summary>
        /// ND0105: a declared input that reads as HxWxC (32x32x3) builds when its layers happen to accept a 3-pixel-wide map,
        /// and fails only at run time on a CxHxW batch. The fix is offered as an edit only where the instance checks at the
        /// input it names; otherwise the message says the layers need changes too (a fix search, which compares only which
        /// lints a candidate raises, skips that walk: <paramref name="offerEdit"/> false).
        /// </summary>
        internal static DiagnosticInfo? ChannelsLastInput(World world, bool offerEdit = true)
        {
            if (world.InputAt == null || InputLayout.MeantAsHxWxC(world.Input) is not { } meant) return null;
            string text = InputLayout.Reading(world.Input, meant);
            bool builds = offerEdit && world.WithInput(meant).Check().Count == 0;
            return new DiagnosticInfo(ShapeIssueIds.ChannelsLastInputLint,
                text + (builds ? "." : " (its layers, as declared, do not accept that input yet)."),
                world.InputAt, Cause: text, Fix: builds ? new FixEdit(FixAction.Replace, world.InputAt!.Value, "Input", "\"" + meant + "\"") : null);
        }

        /// <summary>
        /// The nearest input (sides changed by up to 32) at which the instance checks and no strided step rounds before a merge:
        /// as it stands, else with the OutputPadding of <paramref name="upsamplers"/> removed (it made up a pixel an even size
        /// keeps); the names of the layers whose OutputPadding goes.
        /// </summary>
        static (TensorShape Input, List<string> Padded)? NearestExactInput(World world, List<LayerSpec> upsamplers)
        {
            var x = world.Input;
            if (world.InputAt == null || !x.IsMap) return null;
            var padded = upsamplers.FindAll(l => l.Find("OutputPadding") != null);
            var unpadded = world;
            var names = new List<string>();
            foreach (var layer in padded)
            {
                unpadded = unpadded.SetArgument(layer, "OutputPadding", ValueSpec.OfInt(0, null));
                names.Add(NameOf(world, layer));
            }
            bool Exact(World w)
            {
                var (errors, lints) = w.Walk();
                return errors.Count == 0 && !lints.Exists(l => l.Id == ShapeIssueIds.RoundedMergeLint);
            }
            for (int delta = 1; delta <= 32; delta++)
            {
                var tries = x.H == x.W || x.Is1d
                    ? new[] { (-delta, -delta), (delta, delta) }
                    : new[] { (-delta, 0), (delta, 0), (0, -delta), (0, delta), (-delta, -delta), (delta, delta) };
                foreach (var (dh, dw) in tries)
                {
                    if ((!x.Is1d && x.H + dh < 1) || x.W + dw < 1) continue;
                    var input = x.Resized(x.C, x.H + dh, x.W + dw);
                    if (Exact(world.WithInput(input))) return (input, new List<string>());
                    if (padded.Count > 0 && Exact(unpadded.WithInput(input))) return (input, names);
                }
            }
            return null;
        }

        /// <summary>The member that holds <paramref name="layer"/> (in the network or a block), by its name.</summary>
        static string NameOf(World world, LayerSpec layer)
        {
            foreach (var m in world.Decl.Members)
                foreach (var l in m.Layers) if (l == layer) return m.Name;
            foreach (var b in world.Blocks.Values)
                foreach (var m in b.Members)
                    foreach (var l in m.Layers) if (l == layer) return b.Name + "." + m.Name;
            return layer.Kind;
        }

        /// <summary>
        /// ND0104: a classifier (Task = Classification) whose head pools a map into one value per channel while each feature
        /// pooled sees less than half the input along both axes: the class is decided from a bag of local evidence, as a shallow
        /// network on a large input is. Half, not the whole input: the theoretical field overstates the pixels that really
        /// weigh (Luo et al., NeurIPS 2016, effective receptive fields), and small designs that pool a field of most of the
        /// input are deliberate trade-offs (the README's 32x32 residual network: 25; SqueezeNet: 155 and 207 of 224).
        /// Flattening a map into a Linear layer keeps positions (LeNet, AlexNet, VGG) and is not flagged.
        /// </summary>
        /// <remarks>A fix search checks its candidates for it without <paramref name="suggestInput"/> (the smaller input is
        /// searched by walking the instance again).</remarks>
        internal static DiagnosticInfo? ShallowField(World world, Instantiator run, TensorShape output, bool suggestInput)
        {
            var x = world.Input;
            if (world.Decl.Task != "Classification" || !x.IsMap || run.Pooled is not { } pooled || !pooled.Field.Known) return null;
            if (output.IsMap && (output.H > 1 || output.W > 1)) return null;
            int rh = pooled.Field.H.Size, rw = pooled.Field.W.Size;
            if ((!x.Is1d && 2 * rh >= x.H) || 2 * rw >= x.W) return null;
            string cause = x.Is1d
                ? $"{pooled.Path}: {pooled.Kind} pools the {pooled.Input} map into one value per channel, but each of its features sees only "
                    + $"{I(rw)} positions of the {I(x.W)}-long input (its receptive field), less than half of it, so the class is decided from local evidence"
                : $"{pooled.Path}: {pooled.Kind} pools the {pooled.Input} map into one value per channel, but each of its features sees only "
                    + $"{I(rh)}x{I(rw)} pixels of the {I(x.H)}x{I(x.W)} input (its receptive field), less than half of it along each side, so the class is decided from local evidence";
            string reach = x.Is1d ? I((x.W + 1) / 2) : $"{I((x.H + 1) / 2)}x{I((x.W + 1) / 2)}";
            string fix = $"add depth or downsample earlier until the field reaches at least {reach}, or [Flatten] the map into the classifier instead of pooling it (a Linear layer weighs every position)";
            if (suggestInput && LargestCoveredInput(world, 2 * (x.Is1d ? rw : System.Math.Min(rh, rw))) is { } smaller)
                fix += $", or classify a smaller input (Input = \"{smaller}\", the largest {(x.Is1d ? "" : "square ")}input the field spans half of)";
            return new DiagnosticInfo(ShapeIssueIds.ShallowFieldLint, cause + "; " + fix + ".", pooled.At, Cause: cause);
        }

        /// <summary>The largest square input no larger than <paramref name="largest"/> (down to 32 less) at which the instance checks.</summary>
        static TensorShape? LargestCoveredInput(World world, int largest)
        {
            if (world.InputAt == null) return null;
            for (int size = largest; size >= 1 && size > largest - 32; size--)
            {
                var input = world.Input.Resized(world.Input.C, size, size);
                if (world.WithInput(input).Check().Count == 0) return input;
            }
            return null;
        }
    }
}
