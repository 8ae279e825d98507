using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using NetDsl.Shapes;

namespace NetDsl
{
    /// <summary>
    /// The model zoo by torchvision name, as <c>timm.create_model</c> is in Python:
    /// <c>Models.Create("resnet50", classes: 10)</c>. Every model is also a type in <c>NetDsl.Zoo.Models</c>
    /// (<see cref="TypeOf"/>): a declaration (<c>new LeNet5(classes: 10)</c>) or a typed variant of one
    /// (<c>new ResNet50(classes: 10)</c>, <c>new EfficientNetB3()</c>, <c>new Vgg16Bn()</c>).
    /// </summary>
    public static class Models
    {
        /// <summary>Every zoo model, ordered by name: declared input, task, parameters, MACs and model card.</summary>
        public static IReadOnlyList<ModelEntry> All => Generated.ModelCatalog.All;

        /// <summary>The torchvision-style names (<c>resnet50</c>, <c>mobilenet_v3_large</c>, …).</summary>
        public static IReadOnlyList<string> Names { get; } = All.Select(m => m.Name).ToArray();

        /// <summary>
        /// The model's catalogue entry: declared input, task, the parameter and multiply-add counts checked at compile
        /// time, and its model card (<see cref="ModelEntry.Card"/>: training recipe, inputs, metric, reference).
        /// </summary>
        /// <exception cref="ArgumentException">No model has that name (the message lists close ones).</exception>
        public static ModelEntry Get(string name) => Find(name);

        /// <summary>
        /// Builds <paramref name="name"/> with <paramref name="classes"/> outputs (the declaration's default when
        /// null) for <paramref name="input"/> (the declared input when null; the same shape rules run at
        /// construction, so an input the layers cannot take is a <see cref="ShapeException"/> naming the layer).
        /// </summary>
        public static Network Create(string name, int? classes = null, TensorShape? input = null)
        {
            var entry = Find(name);
            if (classes == null && input == null) return entry.Create();
            var type = ModelConstruction.TypeOf(entry);
            var variant = type.GetCustomAttributes<VariantAttribute>().FirstOrDefault(v => v.Name == entry.Name);
            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            object?[] arguments = Arguments(entry, constructor.GetParameters(), variant?.Arguments ?? Array.Empty<object>(), classes);
            // DoNotWrapExceptions: a shape error reaches the caller as the ShapeException it is.
            // Named like entry.Create()'s network, so its card (recipe, checkpoints' model name) is this model's, not the declaration's.
            Network Build()
            {
                var network = (Network)constructor.Invoke(BindingFlags.DoNotWrapExceptions, null, arguments, null);
                network.CatalogName = entry.Name;
                return network;
            }
            if (input is TensorShape shape)
                using (Network.BuildAt(shape)) return Build();
            // A variant with its own resolution (EfficientNet's) is built for it, as its generated factory does.
            return variant?.Input is string own && TensorShape.TryParse(own, out TensorShape declared) ? Network.BuildDefault(declared, Build) : Build();
        }

        /// <summary>
        /// The type that builds <paramref name="name"/> with its parameterless (all-default) constructor: the typed
        /// variant marked <see cref="ModelNameAttribute"/> (<c>ResNet50</c> for <c>resnet50</c>), else the declaration
        /// itself (<c>LeNet5</c>).
        /// </summary>
        /// <remarks>It searches the assembly's exported types: a trimmed app keeps only those it uses (the catalogue, <see cref="Create"/>, needs none of this).</remarks>
        /// <exception cref="ArgumentException">No model has that name (the message lists close ones).</exception>
        [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode("Searches NetDsl.Models' exported types by name; trimming removes those the app does not use.")]
        public static Type TypeOf(string name)
        {
            var entry = Find(name);
            foreach (Type type in typeof(Models).Assembly.GetExportedTypes())
                if (type.GetCustomAttribute<ModelNameAttribute>() is { } marked && marked.Name == entry.Name) return type;
            return ModelConstruction.TypeOf(entry);
        }

        static object?[] Arguments(ModelEntry entry, ParameterInfo[] parameters, object[] variant, int? classes)
        {
            var arguments = new object?[parameters.Length];
            for (int i = 0; i < parameters.Length; i++)
            {
                var p = parameters[i];
                if (classes is int n && p.Name == "classes") arguments[i] = n;
                else if (i < variant.Length) arguments[i] = Convert.ChangeType(variant[i], p.ParameterType, System.Globalization.CultureInfo.InvariantCulture);
                else if (p.HasDefaultValue) arguments[i] = p.DefaultValue;
                else throw new InvalidOperationException($"{entry.Name}: constructor parameter '{p.Name}' has no value");
            }
            if (classes != null && !parameters.Any(p => p.Name == "classes"))
                throw new ArgumentException($"{entry.Name} has no 'classes' parameter (a {entry.Task.ToString().ToLowerInvariant()} model); create it without classes", nameof(classes));
            return arguments;
        }

        static ModelEntry Find(string name)
        {
            foreach (var entry in All) if (string.Equals(entry.Name, name, StringComparison.OrdinalIgnoreCase)) return entry;
            var close = ModelNames.Close(Names, name);
            throw new ArgumentException($"unknown model '{name}'" + (close.Count > 0 ? "; did you mean " + string.Join(", ", close) + "?" : $"; Models.Names lists the {All.Count} models"), nameof(name));
        }
    }
}
