using System;
using System.Collections.Generic;
using NetDsl.Generators.Expressions;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Checking
{
    /// <summary>
    /// Where a layer argument that is only a parameter (<c>nameof(width)</c>, <c>"width"</c>) gets its value for one instance:
    /// the [Use]/[Repeat] argument that passes it (positional, or inside <c>Args</c>/<c>First</c>), the variant argument, or the
    /// parameter's default, followed through outer parameters (<c>[Use(typeof(B), nameof(w))]</c>) to the constant written.
    /// A fix edits that constant: writing it over <c>nameof(width)</c> would change the block for every instance that shares it
    /// and leave the parameter unread (CS9113).
    /// </summary>
    internal sealed record ValueOrigin(string Parameter, string User, LocationInfo At, Func<World, ValueSpec, World> Apply)
    {
        /// <summary>
        /// Whether <paramref name="written"/> is only a parameter of the declaration <paramref name="frame"/> runs, and if so the
        /// constant it comes from (null when that is an expression, or cannot be edited in place).
        /// </summary>
        public static bool IsParameter(ValueSpec written, BlockFrame? frame, out ValueOrigin? origin)
        {
            origin = null;
            if (frame == null || ParameterIndex(written, frame.Owner) < 0) return false;
            string user = frame.Owner.Name;   // the declaration whose layer takes the value (the message names its argument)
            for (int depth = 0; depth < 64 && frame != null; depth++)
            {
                int i = ParameterIndex(written, frame.Owner);
                if (i < 0) return true;
                var owner = frame.Owner;
                string name = owner.Parameters[i].Name;
                var given = i < frame.Given.Count ? frame.Given[i] : ValueSpec.Missing;
                if (given.Kind != ValueKind.Missing)
                {
                    if (frame.UseSite == null)   // the network: a variant's argument
                    {
                        if (Constant(given)) origin = new ValueOrigin(name, user, given.Location!.Value, (w, v) => w.WithParameter(name, ToScalar(v)));
                        return true;
                    }
                    if (frame.Outer != null && ParameterIndex(given, frame.Outer.Owner) >= 0) { written = given; frame = frame.Outer; continue; }
                    var site = frame.UseSite;
                    if (Constant(given) && Rewrite(site, given, given) != null)
                        origin = new ValueOrigin(name, user, given.Location!.Value, (w, v) => w.MapLayer(site, l => new[] { Rewrite(l, given, v) ?? l }));
                    return true;
                }
                var def = owner.Parameters[i].Default;
                if (!Constant(def)) return true;
                origin = frame.UseSite == null
                    ? new ValueOrigin(name, user, def.Location!.Value, (w, v) => w.WithParameter(name, ToScalar(v)))
                    : new ValueOrigin(name, user, def.Location!.Value, (w, v) => w.Map(d => d.FullName != owner.FullName ? d : WithDefault(d, i, v)));
                return true;
            }
            return true;
        }

        /// <summary>The index of the parameter <paramref name="value"/> names alone (nameof(p) or "p"), or -1.</summary>
        static int ParameterIndex(ValueSpec value, DeclarationSpec owner)
        {
            if (value.Kind != ValueKind.String) return -1;
            string text = value.Text.Trim();
            for (int i = 0; i < owner.Parameters.Count; i++) if (owner.Parameters[i].Name == text) return i;
            return -1;
        }

        static bool Constant(ValueSpec v) => v.Location != null && v.Kind is ValueKind.Int or ValueKind.Double or ValueKind.Bool;

        static Scalar ToScalar(ValueSpec v) => v.Kind switch
        {
            ValueKind.Bool => Scalar.Of(v.Bool),
            ValueKind.Double => Scalar.Of(v.Double),
            _ => Scalar.Of(v.Int),
        };

        static DeclarationSpec WithDefault(DeclarationSpec d, int index, ValueSpec value)
        {
            var ps = new List<ParameterSpec>();
            for (int i = 0; i < d.Parameters.Count; i++)
                ps.Add(i == index ? d.Parameters[i] with { Default = value with { Location = d.Parameters[i].Default.Location } } : d.Parameters[i]);
            return d with { Parameters = EquatableArray.From(ps) };
        }

        /// <summary>
        /// The [Use]/[Repeat] <paramref name="site"/> with the argument <paramref name="given"/> replaced by <paramref name="value"/>:
        /// a positional argument, or the value's text inside the Args/First string; null where it is neither.
        /// </summary>
        static LayerSpec? Rewrite(LayerSpec site, ValueSpec given, ValueSpec value)
        {
            var extra = new List<ValueSpec>();
            bool found = false;
            foreach (var e in site.Extra)
            {
                if (!found && e == given) { extra.Add(value with { Location = e.Location }); found = true; }
                else extra.Add(e);
            }
            if (found) return site with { Extra = EquatableArray.From(extra) };
            if (given.Location is not { } at) return null;
            foreach (var a in site.Args)
            {
                var list = a.Value;
                if (list.Kind != ValueKind.String || list.Location is not { } listAt || listAt.FilePath != at.FilePath) continue;
                int offset = at.Span.Start - listAt.Span.Start - 1;
                // Only a value inside a plain one-line literal ("k: 11") has a place of its own there.
                if (listAt.Span.Length != list.Text.Length + 2 || offset < 0 || offset + at.Span.Length > list.Text.Length) continue;
                string text = list.Text.Substring(0, offset) + Code(value) + list.Text.Substring(offset + at.Span.Length);
                return World.WithArgument(site, a.Name, ValueSpec.OfString(text, list.Location));
            }
            return null;
        }

        public static string Code(ValueSpec v) => v.Kind switch
        {
            ValueKind.Bool => v.Bool ? "true" : "false",
            ValueKind.Double => v.Double.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            _ => v.Int.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
