using System;
using System.Linq;
using System.Reflection;
using NetDsl.Shapes;

namespace NetDsl
{
    /// <summary>
    /// Builds a catalogue model with another class count (a 10-way head for fine-tuning an ImageNet model), the way
    /// <c>timm.create_model(name, num_classes=10)</c> does: the declaration's constructor is called with the variant's
    /// arguments, <c>classes</c> set and every other parameter at its default, so the shape rules check the new head.
    /// </summary>
    public static class ClassCountOverride
    {
        /// <summary>The constructor parameter this looks for (the zoo's convention).</summary>
        public const string ParameterName = "classes";

        /// <summary>Whether <paramref name="entry"/>'s declaration takes a <c>classes</c> parameter (so <see cref="CreateWithClasses"/> can size its head).</summary>
        public static bool CanSetClasses(this ModelEntry entry) => Constructor(Type(entry)) != null;

        static Type Type(ModelEntry entry) =>
            AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(entry.TypeName)).FirstOrDefault(t => t != null)
            ?? throw new ArgumentException($"{entry.Name}: type {entry.TypeName} is not loaded", nameof(entry));

        static ConstructorInfo? Constructor(Type type) => type.GetConstructors().FirstOrDefault(c => c.GetParameters().Any(p => p.Name == ParameterName));

        /// <summary>
        /// Creates <paramref name="entry"/>'s network with <paramref name="classes"/> outputs, for its declared input or
        /// <paramref name="input"/>. Throws <see cref="ArgumentException"/> naming the model when its declaration has no
        /// <c>classes</c> parameter.
        /// </summary>
        public static Network CreateWithClasses(this ModelEntry entry, int classes, TensorShape? input = null)
        {
            if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "a model needs at least one class");
            var type = Type(entry);
            var constructor = Constructor(type)
                              ?? throw new ArgumentException($"{entry.Name}: {type.Name} has no '{ParameterName}' constructor parameter, so its class count is fixed", nameof(classes));
            var variant = type.GetCustomAttributes<VariantAttribute>().FirstOrDefault(v => v.Name == entry.Name);
            var parameters = constructor.GetParameters();
            var arguments = new object?[parameters.Length];
            for (int i = 0; i < parameters.Length; i++)
            {
                var p = parameters[i];
                arguments[i] = p.Name == ParameterName ? classes
                    : variant != null && i < variant.Arguments.Length ? Convert(variant.Arguments[i], p.ParameterType)
                    : p.HasDefaultValue ? p.DefaultValue
                    : throw new ArgumentException($"{entry.Name}: parameter '{p.Name}' of {type.Name} has no default and no variant value", nameof(entry));
            }
            Network Create() => (Network)constructor.Invoke(arguments);
            try
            {
                if (input is TensorShape shape)
                    using (Network.BuildAt(shape)) return VariantInput(variant) is TensorShape own ? Network.BuildDefault(own, Create) : Create();
                return VariantInput(variant) is TensorShape declared ? Network.BuildDefault(declared, Create) : Create();
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }

        static TensorShape? VariantInput(VariantAttribute? variant) =>
            variant?.Input is { Length: > 0 } text && TensorShape.TryParse(text, out var shape) ? shape : null;

        static object? Convert(object? value, Type type) =>
            value == null || type.IsInstanceOfType(value) ? value
            : type.IsEnum ? Enum.ToObject(type, value)
            : System.Convert.ChangeType(value, type, System.Globalization.CultureInfo.InvariantCulture);
    }
}
