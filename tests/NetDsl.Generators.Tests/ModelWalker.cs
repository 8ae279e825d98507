using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>Walks a pipeline value's object graph and fails on anything that would pin a compilation.</summary>
    internal static class ModelWalker
    {
        public static void AssertPlainData(object? value) => Walk(value, new HashSet<object>(ReferenceEqualityComparer.Instance), "value");

        static void Walk(object? value, HashSet<object> seen, string path)
        {
            if (value == null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
            Assert.False(value is ISymbol || value is SyntaxNode || value is Location || value is Compilation || value is SemanticModel || value is SyntaxTree,
                $"{path} holds a {value.GetType().Name}");
            if (!value.GetType().IsValueType && !seen.Add(value)) return;
            if (value is IEnumerable items)
            {
                int i = 0;
                foreach (var item in items) Walk(item, seen, $"{path}[{i++}]");
                return;
            }
            if (value.GetType().Namespace?.StartsWith("Microsoft.CodeAnalysis.Text", StringComparison.Ordinal) == true) return;
            foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                Walk(field.GetValue(value), seen, path + "." + field.Name);
        }
    }
}
