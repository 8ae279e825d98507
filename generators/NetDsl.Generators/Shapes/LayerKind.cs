using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace NetDsl.Shapes
{
    /// <summary>How a kind's module sits in a member: decides the member's layout (see the generator's MemberLayout).</summary>
    internal enum LayerRole
    {
        /// <summary>Owns parameters (Conv, BatchNorm, Linear).</summary>
        Parameterized,
        /// <summary>Parameter-free; may run functionally in forward.</summary>
        Functional,
        /// <summary>Must be alone on its member: Repeat, ConvStack.</summary>
        Whole,
        /// <summary>A block instance: a module that may start a member or sit in a Sequential stack.</summary>
        Block,
    }

    /// <summary>One argument of a kind, read from its argument record: the property, whether it must be given, its default.</summary>
    internal sealed class KindArgument
    {
        internal KindArgument(PropertyInfo property, bool required, object? @default)
        {
            Property = property;
            Required = required;
            Default = @default;
        }

        public PropertyInfo Property { get; }
        /// <summary>The record's property name ("OutChannels"); attribute arguments bind to it by name, case-insensitively.</summary>
        public string Name => Property.Name;
        /// <summary>int, int? (absent = null), double, bool, string or an enum.</summary>
        public Type Type => Property.PropertyType;
        public bool Required { get; }
        /// <summary>The record initialiser's value: the only place a default is written.</summary>
        public object? Default { get; }
    }

    /// <summary>
    /// One layer kind of the DSL: its attribute name, summary row name, runtime factory name, role and argument record.
    /// Subclasses (one file each under Layers/) hold the shape rule, parameter and multiply-add counts and in-place safety.
    /// </summary>
    internal abstract class LayerKind
    {
        IReadOnlyList<KindArgument>? arguments;

        protected LayerKind(string name, string row, LayerRole role, [DynamicallyAccessedMembers(ArgsMembers)] Type argsType, string? factory = null, string? row1d = null)
        {
            Name = name;
            Row = row;
            Role = role;
            ArgsType = argsType;
            Factory = factory ?? row;
            Row1d = row1d;
        }

        /// <summary>The attribute's name without "Attribute" ("Conv").</summary>
        public string Name { get; }
        /// <summary>The summary row's kind ("Conv2d"), as PyTorch names the module.</summary>
        public string Row { get; }
        /// <summary>
        /// The summary row's kind on a CxL map where PyTorch names it apart ("Conv1d"): the kinds that are rank-polymorphic
        /// ([Conv] on a 1-D map is PyTorch's Conv1d); null where the kind's name holds at every rank (activations, Flatten).
        /// </summary>
        public string? Row1d { get; }
        /// <summary>The method of <c>NetDsl.Layers</c> that builds this kind at run time.</summary>
        public string Factory { get; }
        public LayerRole Role { get; }
        /// <summary>The argument record ("ConvArgs"): made and read by reflection (<see cref="Bind"/>), so a trimmed app keeps its constructor and properties.</summary>
        [DynamicallyAccessedMembers(ArgsMembers)]
        public Type ArgsType { get; }

        const DynamicallyAccessedMemberTypes ArgsMembers = DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties;

        /// <summary>Whether an activation right after this kind may overwrite its output (its backward pass does not need it).</summary>
        public virtual bool OutputOverwritable => false;

        /// <summary>Whether the runtime factory takes an in-place flag (activations).</summary>
        public virtual bool TakesInplace => false;

        /// <summary>Arguments this kind sets itself, whatever the attribute says ([ReLU] is [Activation(Act.ReLU)]).</summary>
        public virtual IReadOnlyList<KeyValuePair<string, object>> Implied => Array.Empty<KeyValuePair<string, object>>();

        /// <summary>
        /// State-dict keys, relative to the layer's path, of the parameters and buffers its module owns for these
        /// arguments ("weight", "bias"): what the declared graph says each node owns. Parameter-free kinds own none.
        /// </summary>
        public virtual IReadOnlyList<string> StateKeys(object args) => Array.Empty<string>();

        /// <summary>The summary row's kind for these arguments (an [Activation] is named after its Act).</summary>
        public virtual string RowFor(object args) => Row;

        /// <summary>The summary row's kind for these arguments on <paramref name="input"/>: <see cref="Row1d"/> on a CxL map where the kind has one.</summary>
        public string RowFor(object args, TensorShape input) => input.Is1d && Row1d != null ? Row1d : RowFor(args);

        /// <summary>The kind's name in messages for <paramref name="input"/> ("Conv1d" on a CxL map, else <see cref="Row"/>).</summary>
        public string RowAt(TensorShape input) => input.Is1d && Row1d != null ? Row1d : Row;

        /// <summary>
        /// For a kind that works on CxHxW maps only: what to write instead on a CxL map (the fix of ND0025, which the shared
        /// <see cref="Check"/> reports before the kind's rule runs); null for kinds that take 1-D maps.
        /// </summary>
        public virtual string? OneDimensionalFix => null;

        /// <summary>The record's settable properties in declaration order, with the defaults its initialisers give.</summary>
        public IReadOnlyList<KindArgument> Arguments => arguments ??= Describe(ArgsType);

        public KindArgument? Argument(string name)
        {
            foreach (var a in Arguments)
                if (string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)) return a;
            return null;
        }

        /// <summary>A record from values by property name (missing ones keep their initialiser's default).</summary>
        public object Bind(IReadOnlyDictionary<string, object?> values)
        {
            object args = Activator.CreateInstance(ArgsType)!;
            foreach (var a in Arguments)
            {
                if (values.TryGetValue(a.Name, out var value)) a.Property.SetValue(args, Convert(value, a.Type));
            }
            foreach (var pair in Implied) Argument(pair.Key)!.Property.SetValue(args, pair.Value);
            return args;
        }

        /// <summary>
        /// The layer's windows for receptive-field arithmetic (see <see cref="ReceptiveField"/>): by default a layer that keeps
        /// the spatial size is pointwise, one that changes it unknown (null); kinds with a window override this.
        /// </summary>
        public virtual Windows? WindowsFor(object args, TensorShape input, TensorShape output) =>
            input.H == output.H && input.W == output.W ? Windows.Identity : (Windows?)null;

        /// <summary>
        /// Whether the kind pools positions without weights per position (max or average pooling, global or adaptive): when it
        /// takes a map to one value per channel, each value summarises features that each see only their receptive field.
        /// </summary>
        public virtual bool PoolsPositions => false;

        /// <summary>
        /// Whether the kind is given its output size and derives its window from it (adaptive pooling): it resizes on purpose, so
        /// a stride that does not divide its input is no rounding step (ND0103 is about strided convolutions and pools).
        /// </summary>
        public virtual bool SizedByOutput => false;

        /// <summary>An architecture lint for a layer whose shapes are fine (a warning, ND01xx), or null; kinds with one override this.</summary>
        public virtual ShapeIssue? Lint(string path, TensorShape input, object args, TensorShape output) => null;

        /// <summary>Runs the kind's shape rule on a record made by <see cref="Bind"/> or written in code.</summary>
        public LayerOutcome Check(string path, TensorShape input, object args) =>
            NonFinite(path, args) ?? (input.Is1d && OneDimensionalFix is string fix ? Messages.TwoDimensionalOnly(path, Row, input, fix) : CheckRule(path, input, args));

        /// <summary>
        /// Whether <paramref name="argument"/> may be infinite (a one-sided bound: Hardtanh's min or max). No argument may be NaN,
        /// and an infinite eps, slope, probability or scale is never meant.
        /// </summary>
        public virtual bool AcceptsInfinity(string argument) => false;

        /// <summary>The first floating-point argument that is NaN (or infinite where the kind takes no infinity), as ND0013 at it; else null.</summary>
        LayerOutcome? NonFinite(string path, object args)
        {
            foreach (var a in Arguments)
            {
                var type = Nullable.GetUnderlyingType(a.Type) ?? a.Type;
                if (type != typeof(double) && type != typeof(float)) continue;
                double v = System.Convert.ToDouble(a.Property.GetValue(args) ?? 0.0, System.Globalization.CultureInfo.InvariantCulture);
                if (double.IsNaN(v) || (double.IsInfinity(v) && !AcceptsInfinity(a.Name)))
                    return Messages.NotFinite(path, RowFor(args), a.Name, v);
            }
            return null;
        }

        /// <summary>The kind's own rule (after the shared rank check of <see cref="Check"/>).</summary>
        protected abstract LayerOutcome CheckRule(string path, TensorShape input, object args);

        static object? Convert(object? value, Type type)
        {
            if (value == null) return null;
            var target = Nullable.GetUnderlyingType(type) ?? type;
            if (target.IsEnum) return Enum.ToObject(target, System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
            return System.Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
        }

        static List<KindArgument> Describe([DynamicallyAccessedMembers(ArgsMembers)] Type type)
        {
            var list = new List<KindArgument>();
            object defaults = Activator.CreateInstance(type)!;
            // Base record's properties first (a DeformConv's arguments read as a Conv's, then Modulated).
            var properties = new List<PropertyInfo>(type.GetProperties(BindingFlags.Public | BindingFlags.Instance));
            // Stable: List.Sort is not, and a record with more than 16 properties would come out reordered.
            var order = new Dictionary<PropertyInfo, int>();
            for (int i = 0; i < properties.Count; i++) order[properties[i]] = i;
            properties.Sort((x, y) =>
            {
                int byDepth = Depth(x.DeclaringType!).CompareTo(Depth(y.DeclaringType!));
                return byDepth != 0 ? byDepth : order[x].CompareTo(order[y]);
            });
            foreach (var p in properties)
            {
                if (p.SetMethod == null || !p.SetMethod.IsPublic || p.Name == "EqualityContract") continue;
                bool required = false;
                foreach (var a in p.GetCustomAttributes(false))
                    if (a.GetType().Name == "RequiredMemberAttribute") required = true;
                list.Add(new KindArgument(p, required, p.GetValue(defaults)));
            }
            return list;
        }

        static int Depth(Type t)
        {
            int depth = 0;
            for (var b = t.BaseType; b != null; b = b.BaseType) depth++;
            return depth;
        }
    }

    /// <summary>A kind with its typed argument record <typeparamref name="TArgs"/>.</summary>
    internal abstract class LayerKind<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties)] TArgs> : LayerKind
        where TArgs : class
    {
        protected LayerKind(string name, string row, LayerRole role, string? factory = null, string? row1d = null) : base(name, row, role, typeof(TArgs), factory, row1d) { }

        /// <summary>The shape rule: output shape, parameters and multiply-adds, or the issue with its fix.</summary>
        public abstract LayerOutcome Rule(string path, TensorShape input, TArgs args);

        protected sealed override LayerOutcome CheckRule(string path, TensorShape input, object args) => Rule(path, input, (TArgs)args);
    }
}
