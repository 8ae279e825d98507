using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using System.Reflection;
using NetDsl.Shapes;

namespace NetDsl
{
    /// <summary>
    /// Builds a catalogue model with constructor arguments set by name, the way <c>timm.create_model(name, **kwargs)</c>
    /// does: the declaration's constructor is called with the variant's arguments, the named ones replaced, and every
    /// other parameter at its default, so the shape rules check the network those arguments make (an Inception v3
    /// without its auxiliary head builds down to 75x75; a 10-way head is checked against its input).
    /// </summary>
    public static class ModelConstruction
    {
        /// <summary>
        /// <paramref name="entry"/> at <paramref name="input"/> (null or the declared input: declared) with <paramref name="classes"/>
        /// outputs (null: the declared head) and constructor <paramref name="arguments"/> (null: the declaration's defaults): the one
        /// construction path of training, evaluation, export and serving, so a head sized at training is rebuilt the same way
        /// wherever its weights go next.
        /// </summary>
        public static Network CreateAt(this ModelEntry entry, TensorShape? input, int? classes, ModelArguments? arguments = null)
        {
            TensorShape? other = input is TensorShape shape && shape != entry.DeclaredInput ? shape : null;
            var given = arguments ?? ModelArguments.None;
            return classes is int n ? entry.CreateWithClasses(n, other, given) : entry.CreateWith(given, other);
        }

        /// <summary>
        /// Creates <paramref name="entry"/>'s network with <paramref name="arguments"/>, for its declared input or
        /// <paramref name="input"/>. Throws <see cref="ArgumentException"/> naming the model and listing its
        /// parameters for a name its constructor does not take, and naming the parameter and its type for a value
        /// that does not convert.
        /// </summary>
        public static Network CreateWith(this ModelEntry entry, ModelArguments arguments, TensorShape? input = null)
        {
            if (arguments.IsEmpty) return input is TensorShape size ? entry.Create(size) : entry.Create();
            var type = TypeOf(entry);
            var constructor = ConstructorTaking(type, arguments)
                              ?? throw new ArgumentException(entry.ArgumentProblem(arguments), nameof(arguments));
            var variant = type.GetCustomAttributes<VariantAttribute>().FirstOrDefault(v => v.Name == entry.Name);
            var parameters = constructor.GetParameters();
            var values = new object?[parameters.Length];
            for (int i = 0; i < parameters.Length; i++)
            {
                var p = parameters[i];
                values[i] = arguments.Values.TryGetValue(p.Name!, out string? text) ? Parse(entry, p, text)
                    : variant != null && i < variant.Arguments.Length ? Convert(variant.Arguments[i], p.ParameterType)
                    : p.HasDefaultValue ? p.DefaultValue
                    : throw new ArgumentException($"{entry.Name}: parameter '{p.Name}' of {type.Name} has no default and no variant value", nameof(entry));
            }
            Network Create() => (Network)constructor.Invoke(values);
            try
            {
                Network network;
                if (input is TensorShape shape)
                    using (Network.BuildAt(shape)) network = VariantInput(variant) is TensorShape own ? Network.BuildDefault(own, Create) : Create();
                else network = VariantInput(variant) is TensorShape declared ? Network.BuildDefault(declared, Create) : Create();
                network.CatalogName = entry.Name;
                return network;
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }

        /// <summary>
        /// Why <see cref="CreateWith"/> would refuse <paramref name="arguments"/> for <paramref name="entry"/> (a name no
        /// constructor takes, names no one constructor takes together, a value that does not convert to its parameter's
        /// type), in the words its <see cref="ArgumentException"/> uses; null when they fit. Nothing is built, so a host
        /// can check what a user typed (the CLI's <c>--arg</c>) before any work.
        /// </summary>
        public static string? ArgumentProblem(this ModelEntry entry, ModelArguments arguments)
        {
            if (arguments.IsEmpty) return null;
            var type = TypeOf(entry);
            var constructor = ConstructorTaking(type, arguments);
            if (constructor == null) return $"{entry.Name}: {Unknown(type, arguments)}; {type.Name} takes {Signature(type)}";
            foreach (var p in constructor.GetParameters())
                if (arguments.Values.TryGetValue(p.Name!, out string? text) && TryParse(entry, p, text, out _) is string problem)
                    return problem;
            return null;
        }

        /// <summary>Whether <paramref name="entry"/>'s declaration has a constructor taking a parameter named <paramref name="name"/>.</summary>
        public static bool TakesArgument(this ModelEntry entry, string name) =>
            TypeOf(entry).GetConstructors().Any(c => c.GetParameters().Any(p => p.Name == name));

        /// <summary>The declaration's parameters as C# would write them: <c>(int classes = 1000, bool auxLogits = true)</c>.</summary>
        public static string Signature(this ModelEntry entry) => Signature(TypeOf(entry));

        [return: DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)]
        internal static Type TypeOf(ModelEntry entry) =>
            entry.Type ?? ByName(entry)
            ?? throw new ArgumentException($"{entry.Name}: type {entry.TypeName} is not loaded (give the entry its type: new ModelEntry(…, type: typeof(…)))", nameof(entry));

        // An entry made by hand without its Type (the generated catalogue always gives typeof) is found by its name among the loaded
        // assemblies: a trimmed app may have removed it or its constructors, and TypeOf's message then says to give the type.
        [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only entries made without their Type are looked up by name; the message asks for type: typeof(…).")]
        [UnconditionalSuppressMessage("Trimming", "IL2073", Justification = "As above: a name-found type's constructors are those a trimmed app kept.")]
        [return: DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)]
        static Type? ByName(ModelEntry entry) =>
            AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(entry.TypeName)).FirstOrDefault(t => t != null);

        // The constructor taking every named argument; the one with most parameters when several do.
        static ConstructorInfo? ConstructorTaking([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type type, ModelArguments arguments) =>
            type.GetConstructors()
                .Where(c => arguments.Values.Keys.All(name => c.GetParameters().Any(p => p.Name == name)))
                .OrderByDescending(c => c.GetParameters().Length)
                .FirstOrDefault();

        static string Unknown([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type type, ModelArguments arguments)
        {
            var known = type.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.Name).ToHashSet();
            var unknown = arguments.Values.Keys.Where(n => !known.Contains(n)).ToList();
            return unknown.Count > 0
                ? $"no constructor parameter {string.Join(", ", unknown.Select(n => "'" + n + "'"))}"
                : $"no one constructor takes {string.Join(", ", arguments.Values.Keys.Select(n => "'" + n + "'"))} together";
        }

        static string Signature([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type type)
        {
            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
            if (constructor == null) return "no public constructor";
            return "(" + string.Join(", ", constructor.GetParameters().Select(p =>
                TypeName(p.ParameterType) + " " + p.Name + (p.HasDefaultValue ? " = " + Literal(p.DefaultValue) : ""))) + ")";
        }

        static object? Parse(ModelEntry entry, ParameterInfo parameter, string text) =>
            TryParse(entry, parameter, text, out object? value) is string problem ? throw new ArgumentException(problem, parameter.Name) : value;

        // The value of text for parameter, or why it cannot be one (null when it is).
        static string? TryParse(ModelEntry entry, ParameterInfo parameter, string text, out object? value)
        {
            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            var inv = CultureInfo.InvariantCulture;
            value = null;
            bool ok = true;
            if (type == typeof(string)) value = text;
            else if (type == typeof(bool)) { ok = bool.TryParse(text, out bool b); value = b; }
            else if (type == typeof(int)) { ok = int.TryParse(text, NumberStyles.Integer, inv, out int i); value = i; }
            else if (type == typeof(long)) { ok = long.TryParse(text, NumberStyles.Integer, inv, out long l); value = l; }
            else if (type == typeof(double)) { ok = double.TryParse(text, NumberStyles.Float, inv, out double d) && double.IsFinite(d); value = d; }
            else if (type == typeof(float)) { ok = float.TryParse(text, NumberStyles.Float, inv, out float f) && float.IsFinite(f); value = f; }
            else if (type.IsEnum) { ok = Enum.TryParse(type, text, ignoreCase: true, out value) && !int.TryParse(text, out _); }
            else return $"{entry.Name}: parameter '{parameter.Name}' is a {TypeName(type)}, which cannot be given as text";
            return ok ? null : $"{entry.Name}: '{parameter.Name}' takes {Expected(type)}, not '{text}'";
        }

        static string Expected(Type type) =>
            type == typeof(bool) ? "true or false"
            : type.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(type))
            : "a " + TypeName(type);

        static string TypeName(Type type) =>
            Nullable.GetUnderlyingType(type) is Type inner ? TypeName(inner) + "?"
            : type == typeof(int) ? "int" : type == typeof(long) ? "long" : type == typeof(bool) ? "bool"
            : type == typeof(double) ? "double" : type == typeof(float) ? "float" : type == typeof(string) ? "string"
            : type.Name;

        static string Literal(object? value) => value switch
        {
            null => "null",
            bool b => b ? "true" : "false",
            string s => "\"" + s + "\"",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };

        static TensorShape? VariantInput(VariantAttribute? variant) =>
            variant?.Input is { Length: > 0 } text && TensorShape.TryParse(text, out var shape) ? shape : null;

        internal static object? Convert(object? value, Type type) =>
            value == null || type.IsInstanceOfType(value) ? value
            : type.IsEnum ? Enum.ToObject(type, value)
            : System.Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
    }
}
