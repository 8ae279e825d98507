using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace NetDsl.Generators.Model
{
    /// <summary>An immutable array compared by its elements, so pipeline models cache correctly.</summary>
    public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
        where T : IEquatable<T>
    {
        readonly ImmutableArray<T> items;

        public EquatableArray(ImmutableArray<T> items) { this.items = items; }

        public static EquatableArray<T> Empty => new EquatableArray<T>(ImmutableArray<T>.Empty);

        ImmutableArray<T> Items => items.IsDefault ? ImmutableArray<T>.Empty : items;

        public int Count => Items.Length;
        public T this[int index] => Items[index];

        public bool Equals(EquatableArray<T> other)
        {
            var a = Items;
            var b = other.Items;
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++)
                if (!EqualityComparer<T>.Default.Equals(a[i], b[i])) return false;
            return true;
        }

        public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

        public override int GetHashCode()
        {
            int hash = 17;
            foreach (var item in Items) hash = unchecked(hash * 31 + (item?.GetHashCode() ?? 0));
            return hash;
        }

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    public static class EquatableArray
    {
        public static EquatableArray<T> From<T>(IEnumerable<T> items) where T : IEquatable<T> =>
            new EquatableArray<T>(ImmutableArray.CreateRange(items));
    }
}
