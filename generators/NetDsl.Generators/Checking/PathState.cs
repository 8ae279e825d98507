using System.Collections.Generic;
using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>
    /// A strided step whose input size is not a multiple of its stride along an axis (an odd size entering a stride-2
    /// convolution or pool): it rounds, so no upsampling by the same factor gives the size back.
    /// </summary>
    internal sealed class RoundedStep
    {
        public RoundedStep(string path, string kind, TensorShape input, TensorShape output, int strideH, int strideW, LocationInfo? at)
        {
            Path = path;
            Kind = kind;
            Input = input;
            Output = output;
            StrideH = strideH;
            StrideW = strideW;
            At = at;
        }

        public string Path { get; }
        /// <summary>The summary row's kind ("MaxPool2d").</summary>
        public string Kind { get; }
        public TensorShape Input { get; }
        public TensorShape Output { get; }
        public int StrideH { get; }
        public int StrideW { get; }
        /// <summary>The argument that sets the stride, else the attribute (a plan's step: where the plan is written).</summary>
        public LocationInfo? At { get; }
    }

    /// <summary>A rounded step as one path sees it: with the first upsampling after it on that path (null while none) and where that is written.</summary>
    internal readonly struct RoundedOnPath
    {
        public RoundedOnPath(RoundedStep step, string? upsampledBy, LayerSpec? upsampler = null)
        {
            Step = step;
            UpsampledBy = upsampledBy;
            Upsampler = upsampler;
        }

        public RoundedStep Step { get; }
        /// <summary>The upsampling layer's path ("up").</summary>
        public string? UpsampledBy { get; }
        /// <summary>The upsampling layer as written (null for a plan's step).</summary>
        public LayerSpec? Upsampler { get; }
    }

    /// <summary>
    /// What travels with a path's running shape, saved and restored wherever the shape is (branches, taps, residual
    /// shortcuts): its receptive field, and the strided steps on it that rounded, each with the upsampling that followed it.
    /// Where two paths meet, a rounded step on one side only that was upsampled since is a step whose lost pixels the
    /// upsampling had to make up before meeting a map from before the step (ND0103; see <see cref="Instantiator.Meet"/>).
    /// </summary>
    internal readonly struct PathState
    {
        static readonly RoundedOnPath[] None = new RoundedOnPath[0];
        readonly RoundedOnPath[]? rounded;

        PathState(ReceptiveField field, RoundedOnPath[] rounded)
        {
            Field = field;
            this.rounded = rounded;
        }

        public ReceptiveField Field { get; }
        public IReadOnlyList<RoundedOnPath> Rounded => rounded ?? None;

        public static readonly PathState Input = new PathState(ReceptiveField.Input, None);

        public PathState WithField(ReceptiveField field) => new PathState(field, rounded ?? None);

        /// <summary>This path after <paramref name="step"/>, which rounded.</summary>
        public PathState After(RoundedStep step)
        {
            var list = new List<RoundedOnPath>(Rounded) { new RoundedOnPath(step, null) };
            return new PathState(Field, list.ToArray());
        }

        /// <summary>This path after the upsampling step <paramref name="by"/> (written as <paramref name="layer"/>): every rounded step not yet upsampled now is.</summary>
        public PathState Upsampled(string by, LayerSpec? layer)
        {
            var list = new RoundedOnPath[Rounded.Count];
            for (int i = 0; i < list.Length; i++)
                list[i] = Rounded[i].UpsampledBy != null ? Rounded[i] : new RoundedOnPath(Rounded[i].Step, by, layer);
            return new PathState(Field, list);
        }

        /// <summary>
        /// Two paths meeting: the larger field (Araujo et al.), every rounded step of either; <paramref name="oneSided"/> gets
        /// the steps only one side went through, with the side (true: <paramref name="a"/>).
        /// </summary>
        public static PathState Meet(PathState a, PathState b, List<(RoundedOnPath Entry, bool FromA)> oneSided)
        {
            var merged = new List<RoundedOnPath>();
            foreach (var x in a.Rounded)
            {
                int j = IndexOf(b.Rounded, x.Step);
                if (j < 0) oneSided.Add((x, true));
                merged.Add(j < 0 || x.UpsampledBy != null ? x : b.Rounded[j]);
            }
            foreach (var y in b.Rounded)
                if (IndexOf(a.Rounded, y.Step) < 0)
                {
                    oneSided.Add((y, false));
                    merged.Add(y);
                }
            return new PathState(ReceptiveField.Merge(a.Field, b.Field), merged.ToArray());
        }

        static int IndexOf(IReadOnlyList<RoundedOnPath> list, RoundedStep step)
        {
            for (int i = 0; i < list.Count; i++) if (ReferenceEquals(list[i].Step, step)) return i;
            return -1;
        }
    }
}
