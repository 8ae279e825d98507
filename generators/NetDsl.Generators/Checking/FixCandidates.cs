using System;
using System.Collections.Generic;
using NetDsl.Generators.Model;
using NetDsl.Shapes;
using static NetDsl.Shapes.Messages;

namespace NetDsl.Generators.Checking
{
    /// <summary>
    /// The fixes worth trying for one broken rule, most specific first, each naming the cause: the layout of an HxWxC
    /// input, CeilMode on a pool that rounds the other way, OutputPadding on a transposed convolution one pixel short,
    /// Padding = Dilation in a residual body, the nearest dividing channel/group counts, a fitting kernel or global
    /// pooling, the forgotten skip concat, adaptive pooling before Flatten, the forgotten upsampling before a concat, and the
    /// nearest input sizes that work.
    /// <see cref="FixSearch"/> keeps the first one the rules accept.
    /// </summary>
    internal static class FixCandidates
    {
        public static IEnumerable<Candidate> For(World world, Instantiator run, Failure f, DiagnosticInfo d)
        {
            if (Layout(world) is { } layout) yield return layout;
            IEnumerable<Candidate> specific = d.Id switch
            {
                ShapeIssueIds.NonPositiveSize => TooSmall(world, f),
                ShapeIssueIds.Groups => Groups(f),
                ShapeIssueIds.PinnedSize => Pinned(run, f),
                ShapeIssueIds.NotFlattened => Flatten(f),
                ShapeIssueIds.NeedsFeatureMap => Chain(AuxSource(run, f), FlattenMap(f), AfterFlatten(f), FlattenLater(run, f)),
                ShapeIssueIds.ResidualChannels => Projection(f),
                ShapeIssueIds.ResidualSpatial or ShapeIssueIds.ConcatSpatial => Spatial(world, run, f),
                ShapeIssueIds.OutputShape => Output(world, run, f),
                ShapeIssueIds.SqueezeChannels => Reduction(f),
                _ => Array.Empty<Candidate>(),
            };
            foreach (var c in specific) yield return c;
        }

        /// <summary>An input written HxWxC (Keras's habit): its last side is a channel count, its first a size.</summary>
        static Candidate? Layout(World world) =>
            world.InputAt != null && InputLayout.MeantAsHxWxC(world.Input) is { } meant
                ? InputFix(world, meant, InputLayout.Reading(world.Input, meant))
                : null;

        static IEnumerable<Candidate> TooSmall(World world, Failure f)
        {
            var layer = f.Layer;
            int side = f.Input.Is1d ? f.Input.W : Math.Min(f.Input.H, f.Input.W);
            int? smallest = Smallest(world);
            var larger = smallest is int least ? Square(world.Input, least) : default;
            string square = world.Input.Is1d ? "" : "square ";
            string map = Size(f.Input) + (f.Input.Is1d ? "-long" : "");
            // The other way out, named with every layer fix: the input the network accepts as it stands.
            string alternative = smallest != null ? $" (or Input = \"{larger}\", the smallest {square}input every layer accepts)" : "";
            if (layer != null && f.Args is PoolArgs pool && f.Input.IsMap)
            {
                bool max = layer.Kind == "MaxPool";
                string global = max ? "AdaptiveMaxPool(1)" : "GlobalAvgPool";
                var replacement = max
                    ? new LayerSpec("AdaptiveMaxPool", EquatableArray.From(new[] { new ArgSpec("height", ValueSpec.OfInt(1, null)), new ArgSpec("width", ValueSpec.OfInt(1, null)) }), EquatableArray<ValueSpec>.Empty, layer.Location)
                    : new LayerSpec("GlobalAvgPool", EquatableArray<ArgSpec>.Empty, EquatableArray<ValueSpec>.Empty, layer.Location);
                // Replacing the layer drops a kernel given as a parameter (nameof(k): unread, and every use changed): that one is set where it is given.
                if (layer.Location != null && !(layer.Find("Kernel") is { } kernel && ValueOrigin.IsParameter(kernel.Value, f.Frame, out _)))
                    yield return new Candidate(
                        $"a {(f.Input.Is1d ? I(pool.Kernel) + "-long" : I(pool.Kernel) + "x" + I(pool.Kernel))} window does not fit the {map} map; pool the whole map instead: replace [{layer.Kind}({I(pool.Kernel)})] with [{global}] (or AdaptiveAvgPool(n) for an {(f.Input.Is1d ? "n-long" : "n x n")} output){alternative}",
                        new FixEdit(FixAction.Replace, layer.Location.Value, "", global), w => w.MapLayer(layer, _ => new[] { replacement }));
                int fit = side + 2 * pool.Padding;
                if (fit >= 1 && fit < pool.Kernel && pool.Padding * 2 <= fit)
                    foreach (var k in Set(layer, "Kernel", fit, $"use {Assign(layer, "Kernel", fit)}, the largest window the {map} map holds{alternative}", f.Frame)) yield return k;
            }
            if (layer != null && f.Args is ConvArgs conv && f.Input.IsMap)
            {
                // A kernel that fits undilated: the largest dilation at which it spans the map, (kernel - 1) * dilation + 1 ≤ side + 2 * padding.
                int dilation = conv.Kernel > 1 ? (side + 2 * conv.Padding - 1) / (conv.Kernel - 1) : 0;
                if (dilation >= 1 && dilation < conv.Dilation)
                    foreach (var d in Set(layer, "Dilation", dilation, $"use Dilation = {I(dilation)}, the largest dilation at which the {map} map holds the kernel {I(conv.Kernel)}{alternative}", f.Frame)) yield return d;
                int fit = (side + 2 * conv.Padding - 1) / conv.Dilation + 1;
                if (fit >= 1 && fit < conv.Kernel)
                    foreach (var k in Set(layer, "Kernel", fit, $"use {Assign(layer, "Kernel", fit)}, the largest kernel the {map} map holds at this padding{alternative}", f.Frame)) yield return k;
            }
            if (smallest != null && InputFix(world, larger, $"the smallest {square}input every layer accepts is {larger}: use Input = \"{larger}\"") is { } c) yield return c;
        }

        /// <summary>A square CxSxS input like <paramref name="like"/>'s, or a CxS one for a CxL input.</summary>
        static TensorShape Square(TensorShape like, int size) => like.Resized(like.C, size, size);

        /// <summary>The smallest square input (the shortest CxL one) the instance accepts, found by bisection (sizes only grow with the input); null when none up to 4096.</summary>
        static int? Smallest(World world)
        {
            if (world.InputAt == null || !world.Input.IsMap) return null;
            bool Works(int size) => world.WithInput(Square(world.Input, size)).Check().Count == 0;
            int lo = Math.Max(world.Input.H, world.Input.W), hi = 4096;
            if (!Works(hi)) return null;
            while (lo < hi)
            {
                int mid = (lo + hi) / 2;
                if (Works(mid)) hi = mid; else lo = mid + 1;
            }
            return lo;
        }

        static IEnumerable<Candidate> Groups(Failure f)
        {
            if (f.Layer == null || f.Args is not ConvArgs conv) yield break;
            int g = conv.Groups, inC = f.Input.C, outC = conv.OutChannels;
            int divisor = Nearest.Divisor(Nearest.Gcd(inC, outC), g);
            int multiple = Nearest.Multiple(outC, g);
            string alternative = $"Groups = {I(divisor)}, the nearest count that divides both";
            // Groups given by a block parameter that may size the channels too (a depthwise conv, Groups = nameof(dim), in a
            // ConvNeXt block whose dim is also its width): the in-channel count first, as a depthwise layer means; the nearest
            // divisor (dim: 1) would shrink the block's channels as well and break its residual add.
            if (inC != divisor && f.Layer.Find("Groups") is { } groups && ValueOrigin.IsParameter(groups.Value, f.Frame, out _))
                foreach (var c in Set(f.Layer, "Groups", inC, $"use Groups = {I(inC)}, its in-channel count (a depthwise convolution)", f.Frame)) yield return c;
            if (inC % g == 0)
                foreach (var c in Set(f.Layer, "OutChannels", multiple, $"use {Assign(f.Layer, "OutChannels", multiple)}, the nearest multiple of {I(g)} (or {alternative})", f.Frame)) yield return c;
            foreach (var c in Set(f.Layer, "Groups", divisor, $"use {alternative}" + (inC % g == 0 ? $" (or {Assign(f.Layer, "OutChannels", multiple)}, the nearest multiple of {I(g)})" : ""), f.Frame)) yield return c;
        }

        static IEnumerable<Candidate> Pinned(Instantiator run, Failure f)
        {
            var layer = f.Layer;
            if (layer == null) yield break;
            int? pinned = f.Args switch { ConvArgs c => c.In, BatchNormArgs b => b.In, LinearArgs l => l.In, ConvTransposeArgs t => t.In, _ => null };
            if (pinned is not int want) yield break;
            int have = f.Input.C;
            // In is more than arrives, by exactly an earlier member's output of the same size: the skip concat was forgotten.
            if (want > have && f.Input.IsMap && f.Member != null && f.Member.Layers.Count > 0 && f.Member.Layers[0] == layer && layer.Location != null)
            {
                bool previous = true;   // the member right before is where the input comes from, not a skip
                for (int i = Math.Min(f.KeptLength, run.Kept.Count) - 1; i >= 0; i--)
                {
                    var k = run.Kept[i];
                    if (k.Owner.FullName != f.Owner?.FullName || k.Prefix != f.Prefix || k.Member == f.Member) continue;
                    if (previous) { previous = false; continue; }
                    if (k.Output.C != want - have || k.Output.H != f.Input.H || k.Output.W != f.Input.W) continue;
                    var member = f.Member;
                    var tap = k.Member.Name;
                    var merge = new TapMergeSpec(new TapRef(tap, null), true, false);
                    yield return new Candidate(
                        $"the {I(want - have)} missing channels are exactly {tap}'s output {k.Output}: the skip concat seems forgotten; add [Concat(nameof({tap}))] to {member.Name} (In = {I(have)} would build but drop the skip)",
                        new FixEdit(FixAction.InsertBefore, layer.Location.Value, "", $"Concat(nameof({tap}))"),
                        w => w.MapMembers(m => m != member ? m : m with { Wiring = WithMerge(m.Wiring, merge) }));
                    break;
                }
            }
            // A classifier sized for another map: pool to the size it was designed for before flattening (torchvision's avgpool).
            if (f.Args is LinearArgs && FlattenBefore(run, f) is { } flatten && flatten.Input.Is2d && flatten.Input.C > 1 && flatten.Layer.Location != null && want % flatten.Input.C == 0)
            {
                int n = (int)Math.Round(Math.Sqrt(want / flatten.Input.C));
                if (n >= 1 && n * n * flatten.Input.C == want && (n != flatten.Input.H || n != flatten.Input.W))
                {
                    var adaptive = new LayerSpec("AdaptiveAvgPool", EquatableArray.From(new[] { new ArgSpec("height", ValueSpec.OfInt(n, null)), new ArgSpec("width", ValueSpec.OfInt(n, null)) }),
                        EquatableArray<ValueSpec>.Empty, null);
                    yield return new Candidate(
                        $"In = {I(want)} is a {I(flatten.Input.C)}x{I(n)}x{I(n)} map flattened, but [Flatten] gets {flatten.Input}: the classifier was sized for another input; add [AdaptiveAvgPool({I(n)})] before [Flatten] so every input gives {I(flatten.Input.C)}x{I(n)}x{I(n)}",
                        new FixEdit(FixAction.InsertBefore, flatten.Layer.Location.Value, "", $"AdaptiveAvgPool({I(n)})"),
                        w => w.MapLayer(flatten.Layer, l => new[] { adaptive, l }));
                }
            }
            foreach (var c in Set(layer, "In", have, $"set In = {I(have)} or remove In to infer it", f.Frame)) yield return c;
        }

        static TraceStep? FlattenBefore(Instantiator run, Failure f)
        {
            for (int i = Math.Min(f.TraceLength, run.Trace.Count) - 1; i >= 0; i--)
            {
                var step = run.Trace[i];
                if (step.Layer.Kind == "Flatten") return step;
                if (step.Output.IsMap) return null;
            }
            return null;
        }

        static WiringSpec WithMerge(WiringSpec? wiring, TapMergeSpec merge)
        {
            var merges = new List<TapMergeSpec>();
            if (wiring != null) merges.AddRange(wiring.Merges);
            merges.Add(merge);
            return wiring == null ? new WiringSpec(null, EquatableArray.From(merges), null, 0.3) : wiring with { Merges = EquatableArray.From(merges) };
        }

        static IEnumerable<Candidate> Flatten(Failure f)
        {
            var layer = f.Layer;
            if (layer?.Location == null) yield break;
            var flatten = new LayerSpec("Flatten", EquatableArray<ArgSpec>.Empty, EquatableArray<ValueSpec>.Empty, null);
            yield return new Candidate("add [Flatten] before it", new FixEdit(FixAction.InsertBefore, layer.Location.Value, "", "Flatten"), w => w.MapLayer(layer, l => new[] { flatten, l }));
        }

        /// <summary>
        /// A flat vector concatenated with a map (a spatial pyramid level left unflattened): [Flatten] after the last layer of
        /// the member that gives the map, a branch of a [Branches(Merge.Concat)] block or the kept output a [Concat] names.
        /// </summary>
        static IEnumerable<Candidate> FlattenMap(Failure f)
        {
            var members = new List<MemberSpec>();
            if (f.Merge is { } site && site.Merge.Concat && site.Kept.IsMap && f.Owner != null)
            {
                foreach (var m in f.Owner.Members) if (m.Name == site.Merge.Tap.Name) members.Add(m);
            }
            else if (f.Layer == null && f.Merge == null && f.Owner?.Branches?.Merge == "Concat") members.AddRange(f.Owner.Members);
            var flatten = new LayerSpec("Flatten", EquatableArray<ArgSpec>.Empty, EquatableArray<ValueSpec>.Empty, null);
            foreach (var member in members)
            {
                var last = member.Layers[member.Layers.Count - 1];
                if (last.Location == null || last.Kind == "Flatten") continue;
                yield return new Candidate($"add [Flatten] after {member.Name}'s [{last.Kind}] so it gives a flat vector too",
                    new FixEdit(FixAction.InsertAfter, last.Location.Value, "", "Flatten"), w => w.MapLayer(last, l => new[] { l, flatten }));
            }
        }

        /// <summary>
        /// A layer that needs a map written right after the [Flatten] of its own member (<c>[Flatten, Conv(16, 3)]</c>, or
        /// <c>[Flatten][Conv(16, 3)]</c>): the two swapped, one edit over both attributes written from their text. A [Flatten]
        /// in an earlier member is moved by <see cref="FlattenLater"/>.
        /// </summary>
        static IEnumerable<Candidate> AfterFlatten(Failure f)
        {
            var layer = f.Layer;
            if (layer?.Location is not { } at || f.Member == null || f.Input.IsMap || layer.Text.Length != at.Span.Length) yield break;
            var layers = f.Member.Layers;
            int i = IndexOf(layers, l => l == layer);
            if (i < 1) yield break;
            var flatten = layers[i - 1];
            if (flatten.Kind != "Flatten" || flatten.Location is not { } from || from.FilePath != at.FilePath || from.Span.End > at.Span.Start
                || flatten.Text.Length != from.Span.Length) yield break;
            var both = new LocationInfo(at.FilePath, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(from.Span.Start, at.Span.End),
                new Microsoft.CodeAnalysis.Text.LinePositionSpan(from.LineSpan.Start, at.LineSpan.End));
            string swapped = layer.Text + ", " + flatten.Text;
            yield return new Candidate($"move it before the [{flatten.Text}] it follows: [{swapped}]",
                new FixEdit(FixAction.Replace, both, "", swapped),
                w => w.MapLayer(flatten, _ => Array.Empty<LayerSpec>()).MapLayer(layer, l => new[] { l, flatten }));
        }

        /// <summary>
        /// A layer that needs a map after a [Flatten] written earlier (in an earlier member, or further up its own): the [Flatten]
        /// moved to just before the first Linear after the layer (where the map layers are done and the classifier begins), or,
        /// with no Linear after it in the declaration, after the last layer of the layer's own member. Two edits in one fix: the
        /// [Flatten] taken out of its list (<see cref="LayerSpec.Removal"/>) and written before the Linear. Not where the [Flatten]
        /// is its member's only layer (the member would be left without one), sits in another declaration (a block's output
        /// flattened before the network's convolution: the block's other uses would change), or was not written plainly.
        /// </summary>
        static IEnumerable<Candidate> FlattenLater(Instantiator run, Failure f)
        {
            var layer = f.Layer;
            var owner = f.Owner;
            if (layer?.Location == null || f.Member == null || owner == null || f.Input.IsMap) yield break;
            TraceStep? made = null;   // the [Flatten] that made the flat vector: nothing after it gave a map
            for (int i = Math.Min(f.TraceLength, run.Trace.Count) - 1; i >= 0; i--)
            {
                var step = run.Trace[i];
                if (step.Layer.Kind == "Flatten") { made = step; break; }
                if (step.Output.IsMap) yield break;
            }
            if (made == null || made.Owner.FullName != owner.FullName) yield break;
            var flatten = made.Layer;
            if (flatten.Location is not { } from || flatten.Removal is not { } removal || flatten.Text.Length != from.Span.Length
                || made.Member.Layers.Count < 2) yield break;
            // The layers after the failing one, in declaration order: the rest of its member, then the members after it.
            int source = IndexOf(owner.Members, m => m == made.Member), member = IndexOf(owner.Members, m => m == f.Member);
            if (source < 0 || member < source) yield break;
            LayerSpec? linear = null;
            bool past = false;
            for (int m = member; m < owner.Members.Count && linear == null; m++)
                foreach (var l in owner.Members[m].Layers)
                {
                    if (m == member && !past) { past = l == layer; continue; }
                    if (l.Kind == "Linear") { linear = l; break; }
                }
            if (!past) yield break;
            var moved = flatten with { Location = null, Removal = null };
            var take = new FixEdit(FixAction.Replace, removal, "", "");
            if (linear != null)
            {
                if (linear.Location is not { } to || Overlap(removal, to)) yield break;
                string into = owner.Members[IndexOf(owner.Members, m => Contains(m, linear))].Name;
                yield return new Candidate($"move [{flatten.Text}] from {made.Member.Name} to just before {into}'s [{linear.Text}], once the layers that need a map are done",
                    new FixEdit(FixAction.InsertBefore, to, "", flatten.Text) { Then = EquatableArray.From(new[] { take }), Title = $"Move [{flatten.Text}] before [{linear.Text}]" },
                    w => w.MapLayer(flatten, _ => Array.Empty<LayerSpec>()).MapLayer(linear, l => new[] { moved, l }));
                yield break;
            }
            var last = f.Member.Layers[f.Member.Layers.Count - 1];
            if (last.Location is not { } end || Overlap(removal, end)) yield break;
            yield return new Candidate($"move [{flatten.Text}] from {made.Member.Name} to after {f.Member.Name}'s [{last.Text}], once the layers that need a map are done",
                new FixEdit(FixAction.InsertAfter, end, "", flatten.Text) { Then = EquatableArray.From(new[] { take }), Title = $"Move [{flatten.Text}] after [{last.Text}]" },
                w => w.MapLayer(flatten, _ => Array.Empty<LayerSpec>()).MapLayer(last, l => new[] { l, moved }));
        }

        /// <summary>The candidates of several sources, in order.</summary>
        static IEnumerable<Candidate> Chain(params IEnumerable<Candidate>[] sources)
        {
            foreach (var source in sources)
                foreach (var candidate in source) yield return candidate;
        }

        static bool Contains(MemberSpec m, LayerSpec layer)
        {
            foreach (var l in m.Layers) if (l == layer) return true;
            return false;
        }

        /// <summary>Whether two edits' targets overlap (in the same file).</summary>
        static bool Overlap(LocationInfo a, LocationInfo b) =>
            a.FilePath == b.FilePath && a.Span.Start < b.Span.End && b.Span.Start < a.Span.End;

        /// <summary>
        /// An auxiliary head whose first layer needs a map but whose [Aux] names a member that gives a flat vector (the
        /// classifier's pooling): the nearest earlier member that still gives a map, as the head's source.
        /// </summary>
        static IEnumerable<Candidate> AuxSource(Instantiator run, Failure f)
        {
            var member = f.Member;
            if (member?.Wiring?.AuxOf is not { Location: { } at } aux || f.Owner == null || f.Input.IsMap
                || member.Layers.Count == 0 || member.Layers[0] != f.Layer) yield break;
            var members = f.Owner.Members;
            int source = IndexOf(members, m => m.Name == aux.Name);
            if (source < 0) yield break;
            for (int i = Math.Min(f.KeptLength, run.Kept.Count) - 1; i >= 0; i--)
            {
                var k = run.Kept[i];
                if (k.Owner.FullName != f.Owner.FullName || k.Prefix != f.Prefix || !k.Output.IsMap) continue;
                int index = IndexOf(members, m => m == k.Member);
                if (index < 0 || index >= source) continue;
                string tap = k.Member.Name;
                yield return new Candidate(
                    $"the head reads {aux.Name}'s output, the flat vector {f.Input}; tap {tap}, the nearest member before it that gives a map ({k.Output}): use [Aux(nameof({tap}))]",
                    new FixEdit(FixAction.Replace, at, "tap", $"nameof({tap})"),
                    w => w.MapMembers(m => m != member || m.Wiring == null ? m : m with { Wiring = m.Wiring with { AuxOf = aux with { Name = tap } } }));
            }
        }

        /// <summary>
        /// A [SqueezeExcite] reduction larger than the channels it squeezes: the largest reduction that leaves a channel (the
        /// channels themselves), then halves of it (a smaller one may suit every use of the block), set where the value is
        /// written: the attribute's constant, or where a parameter's value comes from (<see cref="ValueOrigin"/>); none for an expression.
        /// </summary>
        static IEnumerable<Candidate> Reduction(Failure f)
        {
            var owner = f.Owner;
            if (owner?.SqueezeExcite is not { } se || !f.Input.IsMap || f.Input.C < 1) yield break;
            int channels = f.Input.C;
            var written = se.Reduction;
            bool parameter = ValueOrigin.IsParameter(written, f.Frame, out var origin);
            if (parameter ? origin == null : written.Kind != ValueKind.Int || written.Location == null) yield break;
            var at = written.Location;
            string name = owner.FullName;
            for (int r = channels; r >= 1; r /= 2)
            {
                string squeezes = $"squeezes the {I(channels)} channels to {I(channels / r)}";
                var value = ValueSpec.OfInt(r, null);
                if (origin is { } from)
                    yield return new Candidate($"use a reduction ≤ {I(channels)}: {from.Parameter}: {I(r)} ({from.User}'s reduction) {squeezes}",
                        new FixEdit(FixAction.Replace, from.At, from.Parameter, I(r)), w => from.Apply(w, value));
                else
                    yield return new Candidate($"use a reduction ≤ {I(channels)}: [SqueezeExcite({I(r)})] {squeezes}",
                        new FixEdit(FixAction.Replace, at!.Value, "reduction", I(r)),
                        w => w.Map(d => d.FullName != name || d.SqueezeExcite == null ? d
                            : d with { SqueezeExcite = d.SqueezeExcite with { Reduction = value with { Location = at } } }));
            }
        }

        /// <summary>A residual block without projection whose body changes the shape: torchvision's downsample shortcut.</summary>
        static IEnumerable<Candidate> Projection(Failure f)
        {
            var block = f.Owner;
            var residual = block?.Residual;
            // [Skip] has no Projection: only a [Residual] is offered one (the rule's own words name [Residual] for a [Skip] block).
            if (block == null || residual?.Location == null || residual.Projection != null || residual.Merge != "Add" || residual.FromSkip || f.Member != null) yield break;
            // A Projection written empty is set, not added a second time (CS0643).
            var edit = residual.EmptyProjectionAt is { } empty
                ? new FixEdit(FixAction.Replace, empty, "Projection", "\"downsample\"")
                : new FixEdit(FixAction.AddArgument, residual.Location.Value, "Projection", "\"downsample\"");
            yield return new Candidate((residual.EmptyProjectionAt != null ? "set" : "add") + " Projection = \"downsample\" " + (residual.EmptyProjectionAt != null ? "on" : "to")
                + " [Residual] (a 1x1 convolution and BatchNorm on the shortcut, as torchvision's ResNet)",
                edit,
                w => w.Map(d => d.FullName != block.FullName || d.Residual == null ? d : d with { Residual = d.Residual with { Projection = "downsample" } }));
        }

        static IEnumerable<Candidate> Spatial(World world, Instantiator run, Failure f)
        {
            int end = Math.Min(f.TraceLength, run.Trace.Count);
            // A residual body or a branch whose convolution changes the size it should keep (a dilated 3x3 with Padding 1).
            if (f.Merge == null && (f.Owner?.Residual != null || f.Owner?.Branches != null))
            {
                for (int i = end - 1; i >= 0; i--)
                {
                    var step = run.Trace[i];
                    if (!step.Path.StartsWith(f.Path + ".", StringComparison.Ordinal)) break;
                    if (step.Args is not ConvArgs c || c.Stride != 1) continue;
                    int keep = c.Dilation * (c.Kernel - 1) / 2;
                    if (c.Padding == keep || c.Dilation * (c.Kernel - 1) % 2 != 0) continue;
                    string same = c.Kernel == 3 && c.Dilation > 1 ? " (Padding = Dilation keeps a 3x3's size)" : "";
                    string turns = $"{step.Path} (kernel {I(c.Kernel)}, dilation {I(c.Dilation)}) pads {I(c.Padding)} and turns {Size(step.Input)} into {Size(step.Output)}";
                    // A dilation written as a parameter or expression differs between instances (a [Repeat]'s "1 + i"): the padding follows it.
                    if (step.Layer.Find("Dilation")?.Value is { Kind: ValueKind.String } dilation && step.Layer.Find("Kernel")?.Value.Kind != ValueKind.String)
                        foreach (var cand in SetExpression(step.Layer, "Padding", c.Kernel == 3 ? dilation.Text : $"{I((c.Kernel - 1) / 2)} * ({dilation.Text})",
                            $"{turns}; the padding must follow the dilation in every instance: set Padding = {{0}}"))
                            yield return cand;
                    foreach (var cand in Set(step.Layer, "Padding", keep, $"{turns}; set Padding = {I(keep)}{same}", step.Frame))
                        yield return cand;
                }
                foreach (var c in Projection(f)) yield return c;
            }
            // Two paths that round differently: a floor-mode pool against a strided convolution that rounds up.
            for (int i = end - 1; i >= 0; i--)
            {
                var step = run.Trace[i];
                if (step.Args is not PoolArgs p || p.CeilMode || p.StrideOrKernel < 2) continue;
                if (step.Input.H % p.StrideOrKernel == 0 && step.Input.W % p.StrideOrKernel == 0) continue;
                foreach (var c in Set(step.Layer, "CeilMode", true,
                    $"the paths round differently: {step.Path} rounds {Size(step.Input)} down to {Size(step.Output)} where the other path rounds up; add CeilMode = true to it", step.Frame))
                    yield return c;
            }
            // A transposed convolution one pixel short of its skip.
            for (int i = end - 1; i >= 0; i--)
            {
                var step = run.Trace[i];
                if (step.Args is not ConvTransposeArgs t) continue;
                for (int pad = t.OutputPadding + 1; pad < Math.Max(t.Stride, t.Dilation); pad++)
                    foreach (var c in Set(step.Layer, "OutputPadding", pad,
                        $"{step.Path} gives {Size(step.Output)}, {I(pad - t.OutputPadding)} pixel short of the size it meets (the stride-{I(t.Stride)} step down rounded an odd size); add OutputPadding = {I(pad)} to it", step.Frame))
                        yield return c;
                // One written for a rounding the path does not have (an even size halved): the pixels it adds overshoot.
                for (int pad = t.OutputPadding - 1; pad >= 0; pad--)
                    foreach (var c in Set(step.Layer, "OutputPadding", pad,
                        $"{step.Path} gives {Size(step.Output)}, {I(t.OutputPadding - pad)} pixel over the size it meets (its OutputPadding = {I(t.OutputPadding)} makes up pixels no stride step rounded off); set OutputPadding = {I(pad)}", step.Frame))
                        yield return c;
            }
            // A path a whole factor smaller than the skip it meets (a decoder stage without its upsampling): upsample it.
            if (f.Merge is { } small && UpsampleBefore(run, f, small, end) is { } upsample) yield return upsample;
            // A link to the wrong scale (a U-Net decoder concatenating enc1 where enc2 belongs): another kept output has the size here.
            if (f.Merge is { } link) foreach (var c in OtherScale(run, f, link)) yield return c;
            // Crop, where it centres exactly and keeps more than half of each side (the original U-Net's margins; a crop
            // to half the size would discard three quarters of the skip).
            if (f.Merge is { } site && !site.Merge.Crop && site.Merge.Attribute != null && site.Kept.Is2d && site.Input.Is2d
                && site.Kept.H >= site.Input.H && site.Kept.W >= site.Input.W && (site.Kept.H - site.Input.H) % 2 == 0 && (site.Kept.W - site.Input.W) % 2 == 0
                && 2 * site.Input.H > site.Kept.H && 2 * site.Input.W > site.Kept.W)
            {
                var member = site.Member;
                var merge = site.Merge;
                yield return new Candidate(
                    $"add Crop = true to crop {merge.Tap.Name}'s {I(site.Kept.H)}x{I(site.Kept.W)} to {I(site.Input.H)}x{I(site.Input.W)} (original U-Net)",
                    new FixEdit(FixAction.AddArgument, merge.Attribute.Value, "Crop", "true"),
                    w => w.MapMembers(m => m != member || m.Wiring == null ? m : m with { Wiring = m.Wiring with { Merges = Cropped(m.Wiring.Merges, merge) } }));
            }
            // Off by one after stride-2 steps: the nearest input whose sizes stay whole along every path.
            foreach (var c in NearestInputs(world, run, end)) yield return c;
        }

        /// <summary>
        /// [Upsample(k)] after the layer that made the merging path's map, where the skip is exactly k times its size along
        /// both sides and that layer is written in the same declaration as the merge (an edit inside a shared block would
        /// change its every use).
        /// </summary>
        static Candidate? UpsampleBefore(Instantiator run, Failure f, MergeSite site, int end)
        {
            if (!site.Kept.Is2d || !site.Input.Is2d || site.Input.H == 0 || site.Input.W == 0 || end == 0) return null;
            int k = site.Kept.H / site.Input.H;
            if (k < 2 || site.Kept.H != k * site.Input.H || site.Kept.W != k * site.Input.W) return null;
            var last = run.Trace[end - 1];
            if (last.Layer.Location == null || last.Member == site.Member || f.Owner == null || last.Owner.FullName != f.Owner.FullName) return null;
            var layer = new LayerSpec("Upsample", EquatableArray.From(new[] { new ArgSpec("scale", ValueSpec.OfInt(k, null)) }), EquatableArray<ValueSpec>.Empty, null);
            return new Candidate(
                $"{last.Path} gives {Size(site.Input)}, {I(k)} times smaller than {site.Merge.Tap.Name}'s {Size(site.Kept)} on both sides: upsample the path before the merge; add [Upsample({I(k)})] after it",
                new FixEdit(FixAction.InsertAfter, last.Layer.Location.Value, "", $"Upsample({I(k)})"),
                w => w.MapLayer(last.Layer, l => new[] { l, layer }));
        }

        /// <summary>
        /// The link names a member whose map is another size than the path it joins, while an earlier member of the same
        /// declaration kept exactly the path's size: name that one instead (the nearest first). The member the path itself
        /// comes from (the one before, or its [From]) is no skip and is left out.
        /// </summary>
        static IEnumerable<Candidate> OtherScale(Instantiator run, Failure f, MergeSite site)
        {
            var merge = site.Merge;
            var member = site.Member;
            if (merge.Tap.Location == null || f.Owner == null || !site.Input.IsMap) yield break;
            var members = f.Owner.Members;
            int at = IndexOf(members, m => m == member);
            if (at < 0) yield break;
            string? source = member.Wiring?.From?.Name;
            if (source == null) for (int i = at - 1; i >= 0 && source == null; i--) if (members[i].Wiring?.IsAuxiliary != true) source = members[i].Name;
            var named = new HashSet<string>();
            foreach (var m in member.Wiring?.Merges ?? default) named.Add(m.Tap.Name);
            for (int i = Math.Min(f.KeptLength, run.Kept.Count) - 1; i >= 0; i--)
            {
                var k = run.Kept[i];
                if (k.Owner.FullName != f.Owner.FullName || k.Prefix != f.Prefix || k.Member == member || k.Member.Name == source
                    || named.Contains(k.Member.Name) || k.Output.Rank != site.Input.Rank || k.Output.H != site.Input.H || k.Output.W != site.Input.W) continue;
                string tap = k.Member.Name;
                var renamed = merge with { Tap = merge.Tap with { Name = tap } };
                yield return new Candidate(
                    $"{merge.Tap.Name} is {Size(site.Kept)} but the path it joins is {Size(site.Input)}: the link names another scale; {tap} kept {k.Output}, the path's size: use [{merge.Kind}(nameof({tap}))]",
                    new FixEdit(FixAction.Replace, merge.Tap.Location.Value, "tap", $"nameof({tap})"),
                    w => w.MapMembers(m => m != member || m.Wiring == null ? m : m with { Wiring = m.Wiring with { Merges = Renamed(m.Wiring.Merges, merge, renamed) } }));
            }
        }

        /// <summary>The position of the first item <paramref name="match"/> picks (member names are unique), or -1.</summary>
        static int IndexOf<T>(EquatableArray<T> items, Func<T, bool> match) where T : IEquatable<T>
        {
            for (int i = 0; i < items.Count; i++) if (match(items[i])) return i;
            return -1;
        }

        static EquatableArray<TapMergeSpec> Renamed(EquatableArray<TapMergeSpec> merges, TapMergeSpec target, TapMergeSpec renamed)
        {
            var list = new List<TapMergeSpec>();
            foreach (var m in merges) list.Add(m == target ? renamed : m);
            return EquatableArray.From(list);
        }

        /// <summary>An output other than declared: the last layer's channels, or the size fixes of a merge.</summary>
        static IEnumerable<Candidate> Output(World world, Instantiator run, Failure f)
        {
            if (f.Expected is not TensorShape want) yield break;
            if (f.Member?.Wiring?.IsAuxiliary == true)
            {
                foreach (var c in AuxHead(run, f, want)) yield return c;
                yield break;
            }
            if (want.C != f.Input.C)
            {
                for (int i = run.Trace.Count - 1; i >= 0; i--)
                {
                    var step = run.Trace[i];
                    if (step.Args is not ConvArgs && step.Args is not ConvTransposeArgs && step.Args is not LinearArgs) continue;
                    string name = step.Args is LinearArgs ? "OutFeatures" : "OutChannels";
                    foreach (var c in Set(step.Layer, name, want.C, $"give {step.Path} {I(want.C)} outputs ({Assign(step.Layer, name, want.C)})", step.Frame)) yield return c;
                    break;
                }
                yield break;
            }
            foreach (var c in Spatial(world, run, f)) yield return c;
        }

        /// <summary>
        /// An [Aux] head that does not give the main output's shape <paramref name="want"/>: its last Linear or convolution set
        /// to the main output's count where only that differs; else, a map where the main output is flat, the classifier's end
        /// ([GlobalAvgPool,] Flatten, Linear) after the head's last layer.
        /// </summary>
        static IEnumerable<Candidate> AuxHead(Instantiator run, Failure f, TensorShape want)
        {
            var head = f.Member!;
            var aux = f.Input;
            if (aux.Rank == want.Rank && aux.H == want.H && aux.W == want.W)
            {
                for (int i = run.Trace.Count - 1; i >= 0; i--)
                {
                    var step = run.Trace[i];
                    if (step.Path != f.Path && !step.Path.StartsWith(f.Path + ".", StringComparison.Ordinal)) continue;
                    if (step.Args is not ConvArgs && step.Args is not ConvTransposeArgs && step.Args is not LinearArgs) continue;
                    string name = step.Args is LinearArgs ? "OutFeatures" : "OutChannels";
                    foreach (var c in Set(step.Layer, name, want.C, $"give {step.Path} the main output's {I(want.C)} {(want.IsMap ? "channels" : "outputs")} ({Assign(step.Layer, name, want.C)})", step.Frame)) yield return c;
                    yield break;
                }
                yield break;
            }
            var last = head.Layers[head.Layers.Count - 1];
            if (want.IsMap || !aux.IsMap || last.Location == null) yield break;
            bool single = aux.Is1d ? aux.W == 1 : aux.H == 1 && aux.W == 1;
            var layers = new List<LayerSpec>();
            if (!single) layers.Add(new LayerSpec("GlobalAvgPool", EquatableArray<ArgSpec>.Empty, EquatableArray<ValueSpec>.Empty, null));
            layers.Add(new LayerSpec("Flatten", EquatableArray<ArgSpec>.Empty, EquatableArray<ValueSpec>.Empty, null));
            layers.Add(new LayerSpec("Linear", EquatableArray.From(new[] { new ArgSpec("outFeatures", ValueSpec.OfInt(want.C, null)) }), EquatableArray<ValueSpec>.Empty, null));
            string value = (single ? "" : "GlobalAvgPool, ") + $"Flatten, Linear({I(want.C)})";
            yield return new Candidate($"end the head with {value} after its [{last.Kind}], so it gives the main output's {I(want.C)} outputs",
                new FixEdit(FixAction.InsertAfter, last.Location.Value, "", value),
                w => w.MapLayer(last, l => { var all = new List<LayerSpec> { l }; all.AddRange(layers); return all; }));
        }

        static EquatableArray<TapMergeSpec> Cropped(EquatableArray<TapMergeSpec> merges, TapMergeSpec target)
        {
            var list = new List<TapMergeSpec>();
            foreach (var m in merges) list.Add(m == target ? m with { Crop = true } : m);
            return EquatableArray.From(list);
        }

        static IEnumerable<Candidate> NearestInputs(World world, Instantiator run, int end)
        {
            var x = world.Input;
            if (world.InputAt == null || !x.IsMap) yield break;
            string why = "the sizes that meet here went through different roundings";
            // Sizes that differ only by rounding realign within one period of the strides taken so far (within a residue
            // class mod that product every size is affine in the input), so a smaller input is searched only that far and
            // never below the product: below it the maps shrink to a pixel and "agree" only because every path is 1x1
            // (a concat of a stride-2 path with an unstrided one at 32x32 would get Input = 3x1x1).
            long period = 1;
            for (int i = 0; i < end && period < 64; i++)
                period *= Math.Max(1, run.Trace[i].Args switch { ConvArgs c => c.Stride, PoolArgs p => p.StrideOrKernel, _ => 1 });
            for (int i = 0; i < end; i++)
            {
                var step = run.Trace[i];
                int stride = step.Args switch { ConvArgs c => c.Stride, PoolArgs p => p.StrideOrKernel, _ => 1 };
                if (stride < 2 || !step.Input.IsMap || (step.Input.H % stride == 0 && step.Input.W % stride == 0)) continue;
                why = $"an odd size reaches a stride-{I(stride)} step ({step.Path} turns {Size(step.Input)} into {Size(step.Output)}), so the paths meet at different sizes";
                break;
            }
            // A rectangular input off along both axes by different amounts (1x97x131: H wants 96, W 132): each axis's nearest
            // working size, found on square probes (the layers treat both axes alike), together.
            if (!x.Is1d && x.H != x.W && NearestSide(world, x.H, period) is int h && NearestSide(world, x.W, period) is int w && h != x.H && w != x.W && h - x.H != w - x.W)
            {
                var input = x.Resized(x.C, h, w);
                if (InputFix(world, input, $"{why}: use Input = \"{input}\", the nearest input every path agrees on") is { } both) yield return both;
            }
            for (int delta = 1; delta <= 32; delta++)
            {
                var tries = x.H == x.W || x.Is1d
                    ? new[] { (-delta, -delta), (delta, delta) }
                    : new[] { (-delta, 0), (delta, 0), (0, -delta), (0, delta), (-delta, -delta), (delta, delta) };
                foreach (var (dh, dw) in tries)
                {
                    if ((!x.Is1d && x.H + dh < 1) || x.W + dw < 1) continue;
                    if ((!x.Is1d && dh < 0 && (-dh >= period || x.H + dh < period)) || (dw < 0 && (-dw >= period || x.W + dw < period))) continue;
                    var input = x.Resized(x.C, x.H + dh, x.W + dw);
                    if (InputFix(world, input, $"{why}: use Input = \"{input}\", the nearest input every path agrees on") is { } c) yield return c;
                }
            }
        }

        /// <summary>
        /// The size nearest <paramref name="side"/> (smaller first on a tie, not below one <paramref name="period"/> nor a whole
        /// period away) at which a square input leaves no size error (merges that meet, maps that stay positive, the output's size); null when none within 32.
        /// </summary>
        static int? NearestSide(World world, int side, long period)
        {
            bool Works(int size)
            {
                foreach (var d in world.WithInput(Square(world.Input, size)).Check())
                    if (d.Id is ShapeIssueIds.ResidualSpatial or ShapeIssueIds.ConcatSpatial or ShapeIssueIds.NonPositiveSize or ShapeIssueIds.CropTooSmall or ShapeIssueIds.OutputShape)
                        return false;
                return true;
            }
            if (Works(side)) return side;
            for (int delta = 1; delta <= 32; delta++)
            {
                if (delta < period && side - delta >= period && Works(side - delta)) return side - delta;
                if (Works(side + delta)) return side + delta;
            }
            return null;
        }

        static Candidate? InputFix(World world, TensorShape input, string text) =>
            world.InputAt == null ? null
                : new Candidate(text, new FixEdit(FixAction.Replace, world.InputAt.Value, "Input", "\"" + input + "\""), w => w.WithInput(input), Sizes: true);

        /// <summary>
        /// How the fix's text writes <paramref name="name"/> = <paramref name="value"/>: as a named constructor argument
        /// (<c>kernel: 4</c>) where the attribute took it positionally (Kernel and OutChannels are constructor parameters, so
        /// <c>Kernel = 4</c> would not compile), else as a property (<c>Groups = 2</c>).
        /// </summary>
        static string Assign(LayerSpec layer, string name, int value) =>
            layer.Find(name) is { } written && written.Name.Length > 0 && char.IsLower(written.Name[0])
                ? $"{written.Name}: {I(value)}"
                : $"{name} = {I(value)}";

        /// <summary>
        /// The layer's argument set to an expression over parameters (a bare parameter as <c>nameof(p)</c>, else the quoted
        /// expression); <paramref name="text"/>'s <c>{0}</c> is where the code goes.
        /// </summary>
        static IEnumerable<Candidate> SetExpression(LayerSpec layer, string name, string expression, string text)
        {
            bool identifier = expression.Length > 0 && (char.IsLetter(expression[0]) || expression[0] == '_');
            foreach (char ch in expression) identifier &= char.IsLetterOrDigit(ch) || ch == '_';
            string code = identifier ? $"nameof({expression})" : "\"" + expression + "\"";
            var written = layer.Find(name);
            FixEdit? edit = written?.Value.Location is { } at ? new FixEdit(FixAction.Replace, at, name, code)
                : layer.Location != null ? new FixEdit(FixAction.AddArgument, layer.Location.Value, name, code) : null;
            if (edit == null) yield break;
            yield return new Candidate(string.Format(System.Globalization.CultureInfo.InvariantCulture, text, code), edit,
                w => w.SetArgument(layer, name, ValueSpec.OfString(expression, null)));
        }

        /// <summary>The layer's argument set to a constant: its written value replaced, or the argument added.</summary>
        /// <remarks>
        /// A value written as a parameter alone (<c>nameof(width)</c>) is set where the instance's value comes from (<see cref="ValueOrigin"/>):
        /// the argument of the [Use]/[Repeat] or variant, or the default; where that is no constant, no edit is offered.
        /// </remarks>
        static IEnumerable<Candidate> Set(LayerSpec layer, string name, object value, string text, BlockFrame? frame)
        {
            string code = value is bool b ? (b ? "true" : "false") : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;
            var spec = value is bool flag ? ValueSpec.OfBool(flag, null) : ValueSpec.OfInt(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), null);
            var written = layer.Find(name);
            if (written != null && ValueOrigin.IsParameter(written.Value, frame, out var origin))
            {
                if (origin == null) yield break;
                string said = $"{origin.Parameter}: {code} ({origin.User}'s {written.Name})";
                string assigned = $"{written.Name}: {code}", set = $"{name} = {code}";
                int where = text.IndexOf(assigned, StringComparison.Ordinal) is var i && i >= 0 ? i : text.IndexOf(set, StringComparison.Ordinal);
                int length = where >= 0 && string.CompareOrdinal(text, where, assigned, 0, assigned.Length) == 0 ? assigned.Length : set.Length;
                string through = where >= 0 ? text.Substring(0, where) + said + text.Substring(where + length) : text + $" ({said})";
                yield return new Candidate(through, new FixEdit(FixAction.Replace, origin.At, origin.Parameter, code), w => origin.Apply(w, spec));
                yield break;
            }
            FixEdit? edit = written?.Value.Location is { } at ? new FixEdit(FixAction.Replace, at, name, code)
                : layer.Location != null ? new FixEdit(FixAction.AddArgument, layer.Location.Value, name, code) : null;
            if (edit == null) yield break;
            yield return new Candidate(text, edit, w => w.SetArgument(layer, name, spec));
        }
    }
}
