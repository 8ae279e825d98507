using System;
using System.Linq;
using System.Reflection;
using NetDsl.Shapes;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>The kernel's registry against the attributes users write: the records' initialisers are the defaults both show.</summary>
    public class KernelTests
    {
        public static TheoryData<string> Kinds() => new(LayerRegistry.All.Select(k => k.Name));

        /// <summary>The attribute class a kind is written with ([Conv] → ConvAttribute).</summary>
        static Type Attribute(LayerKind kind) =>
            typeof(Network).Assembly.GetType("NetDsl." + kind.Name + "Attribute")
            ?? throw new Xunit.Sdk.XunitException($"[{kind.Name}] has a registry line but no NetDsl.{kind.Name}Attribute");

        [Theory, MemberData(nameof(Kinds))]
        public void Every_attribute_argument_binds_to_the_record_and_shows_its_default(string name)
        {
            var kind = LayerRegistry.Find(name)!;
            var type = Attribute(kind);
            // The widest constructor, with placeholders for what it requires (required record members have no default to compare).
            var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            var attribute = ctor.Invoke(ctor.GetParameters().Select(p => p.ParameterType == typeof(Type) ? typeof(object)
                : p.ParameterType.IsArray ? Array.CreateInstance(p.ParameterType.GetElementType()!, 0) : (object)1).ToArray());
            string[] blockArguments = { "Block", "Arguments" };
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.DeclaringType != typeof(System.Attribute)))
            {
                if (blockArguments.Contains(property.Name) && kind.Role is LayerRole.Whole or LayerRole.Block) continue;
                var argument = kind.Argument(property.Name);
                Assert.True(argument != null, $"{type.Name}.{property.Name} binds to no property of {kind.ArgsType.Name}");
                if (argument!.Required || ctor.GetParameters().Any(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase)) && property.SetMethod == null)
                    continue;
                object? shown = property.GetValue(attribute);
                object? expected = argument.Default;
                if (expected is Enum e) expected = Convert.ToInt64(e);
                if (shown is Enum s) shown = Convert.ToInt64(s);
                Assert.True(Equals(Normalize(expected), Normalize(shown)),
                    $"{type.Name}.{property.Name} defaults to {shown ?? "null"} but {kind.ArgsType.Name}.{argument.Name} to {expected ?? "null"}");
            }
        }

        [Theory, MemberData(nameof(Kinds))]
        public void Every_record_argument_can_be_written_on_the_attribute(string name)
        {
            var kind = LayerRegistry.Find(name)!;
            var type = Attribute(kind);
            var written = type.GetProperties().Select(p => p.Name)
                .Concat(type.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.Name!)).ToList();
            foreach (var argument in kind.Arguments)
            {
                bool implied = kind.Implied.Any(i => i.Key == argument.Name);
                bool spread = argument.Name is "Height" or "Width" && written.Contains("size");
                Assert.True(implied || spread || written.Any(w => string.Equals(w, argument.Name, StringComparison.OrdinalIgnoreCase)),
                    $"{kind.ArgsType.Name}.{argument.Name} cannot be written on {type.Name}");
            }
        }

        [Fact]
        public void Kind_names_are_unique_and_factories_exist()
        {
            Assert.Equal(LayerRegistry.All.Count, LayerRegistry.All.Select(k => k.Name).Distinct().Count());
            foreach (var kind in LayerRegistry.All.Where(k => k.Role is LayerRole.Parameterized or LayerRole.Functional or LayerRole.Whole))
                Assert.True(typeof(Layers).GetMethod(kind.Factory) != null, $"[{kind.Name}] names the factory Layers.{kind.Factory}, which does not exist");
        }

        static object? Normalize(object? value) => value switch
        {
            int i => (double)i,
            long l => (double)l,
            double d => d,
            _ => value,
        };
    }
}
