using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace NetDsl.Zoo.Tests
{
    [Collection(ZooCollection.Name)]
    public sealed class CatalogTests
    {
        readonly ZooFixture zoo;
        public CatalogTests(ZooFixture zoo) { this.zoo = zoo; }

        [Fact]
        public void Catalogue_IsSortedByName_Unique()
        {
            var names = Zoo.All.Select(e => e.Name).ToList();
            Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), names);
            Assert.Equal(names.Count, names.Distinct().Count());
        }

        /// <summary>
        /// The table in <see cref="Zoo.Table"/> and the catalogue name the same models: a model added to the zoo
        /// without a row (declared input, output, small input, published count) fails here.
        /// </summary>
        [Fact]
        public void Catalogue_HasExactlyTheTablesModels()
        {
            var names = Zoo.All.Select(e => e.Name).ToList();
            var rows = Zoo.Table.Select(r => r.Name).ToList();
            Assert.Equal(rows.Count, rows.Distinct().Count());
            var missing = rows.Except(names).ToList();
            var withoutRow = names.Except(rows).ToList();
            Assert.True(missing.Count == 0 && withoutRow.Count == 0,
                $"in the table but not the catalogue: [{string.Join(", ", missing)}]; in the catalogue without a row in Zoo.Table: [{string.Join(", ", withoutRow)}]");
            Assert.Equal(86, rows.Count);
        }

        /// <summary>Every torchvision model listed in tests/Shared/TorchvisionModels.cs has a row and a committed reference.</summary>
        [Fact]
        public void TorchvisionModels_AreAllInTheTable_WithAReference()
        {
            foreach (string name in Zoo.Torchvision)
            {
                Assert.True(Zoo.Table.Any(r => r.Name == name), $"{name} has no row in Zoo.Table");
                Assert.True(System.IO.File.Exists(Reference.PathOf(name)), $"{Reference.PathOf(name)} missing");
            }
        }

        [Theory]
        [MemberData(nameof(Zoo.AllNames), MemberType = typeof(Zoo))]
        public void Entry_TypeNameAndCountsAreConsistent(string model)
        {
            var entry = Zoo.Entry(model);
            Assert.StartsWith("NetDsl.Zoo.Models.", entry.TypeName);
            Assert.True(entry.Parameters > 0);
            Assert.True(entry.MultiplyAdds > 0);
        }

        /// <summary>
        /// The summary rows add up to ParameterTotal, which equals the compile-time count; and row by row,
        /// each layer path owns exactly the parameters the summary gives it in the built module.
        /// </summary>
        [Theory]
        [MemberData(nameof(Zoo.AllNames), MemberType = typeof(Zoo))]
        public void SummaryRows_AddUpToParameterTotal_AndMatchTheModulesLayerByLayer(string model)
        {
            var facts = zoo.Facts(model);
            var entry = Zoo.Entry(model);

            Assert.NotEmpty(facts.Summary);
            Assert.Equal(facts.Summary.Sum(r => r.Parameters), facts.ParameterTotal);
            Assert.Equal(entry.Parameters, facts.ParameterTotal);
            Assert.Equal(entry.MultiplyAdds, facts.MultiplyAddTotal);
            Assert.Equal(facts.Summary.Sum(r => r.MultiplyAdds), facts.MultiplyAddTotal);

            // A row covers its layer's module and that module's children (SqueezeExcitation's fc1/fc2, a deformable
            // convolution's offset conv): each module's parameters count toward the row at its path or, failing
            // that, at its nearest ancestor's.
            var byPath = facts.Summary.GroupBy(r => r.Path).ToDictionary(g => g.Key, g => g.Sum(r => r.Parameters));
            var kinds = facts.Summary.GroupBy(r => r.Path).ToDictionary(g => g.Key, g => string.Join("+", g.Select(r => r.Kind)));
            var attributed = new Dictionary<string, long>();
            foreach (var (path, numel) in facts.NumelByModule)
            {
                string? row = path;
                while (row != null && !byPath.ContainsKey(row)) row = Parent(row);
                Assert.True(row != null, $"{model}: module '{path}' owns {numel} parameters but neither it nor an ancestor has a summary row");
                attributed[row!] = attributed.GetValueOrDefault(row!) + numel;
            }
            foreach (var (path, numel) in attributed)
                Assert.True(byPath[path] == numel,
                    $"{model}: modules at and under '{path}' own {numel} parameters, its summary rows ({kinds[path]}) say {byPath[path]}");
            foreach (var (path, parameters) in byPath.Where(kv => kv.Value != 0))
                Assert.True(attributed.ContainsKey(path), $"{model}: summary row '{path}' ({kinds[path]}) has {parameters} parameters but no module at or under that path owns any");
        }

        static string? Parent(string path)
        {
            if (path.Length == 0) return null;
            int dot = path.LastIndexOf('.');
            return dot < 0 ? "" : path.Substring(0, dot);
        }
    }
}
