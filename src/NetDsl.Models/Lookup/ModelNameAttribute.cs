using System;

namespace NetDsl
{
    /// <summary>
    /// Marks a typed variant (<c>NetDsl.Zoo.Models.ResNet50</c>) with the catalogue name it builds, so
    /// <see cref="Models.TypeOf"/> finds the type for a name.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false)]
    public sealed class ModelNameAttribute : Attribute
    {
        /// <summary>Marks the class as the type of catalogue model <paramref name="name"/>.</summary>
        public ModelNameAttribute(string name) { Name = name; }

        /// <summary>The catalogue (torchvision) name, e.g. <c>resnet50</c>.</summary>
        public string Name { get; }
    }
}
