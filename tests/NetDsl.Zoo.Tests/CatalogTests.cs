using System;
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
        public void Catalogue_IsSortedByName_Unique_AndHasEveryZooModel()
        {
            var names = Zoo.All.Select(e => e.Name).ToList();
            Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), names);
            Assert.Equal(names.Count, names.Distinct().Count());
            var missing = Zoo.Expected.Except(names).ToList();
            Assert.True(missing.Count == 0, "missing from the catalogue: " + string.Join(", ", missing));
            Assert.Equal(23, Zoo.Expected.Length);
        }

        [Theory]
        [MemberData(nameof(Zoo.ExpectedNames), MemberType = typeof(Zoo))]
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
        [MemberData(nameof(Zoo.ExpectedNames), MemberType = typeof(Zoo))]
        public void SummaryRows_AddUpToParameterTotal_AndMatchTheModulesLayerByLayer(string model)
        {
            var facts = zoo.Facts(model);
            var entry = Zoo.Entry(model);

            Assert.NotEmpty(facts.Summary);
            Assert.Equal(facts.Summary.Sum(r => r.Parameters), facts.ParameterTotal);
            Assert.Equal(entry.Parameters, facts.ParameterTotal);
            Assert.Equal(entry.MultiplyAdds, facts.MultiplyAddTotal);
            Assert.Equal(facts.Summary.Sum(r => r.MultiplyAdds), facts.MultiplyAddTotal);

            var byPath = facts.Summary.GroupBy(r => r.Path).ToDictionary(g => g.Key, g => g.Sum(r => r.Parameters));
            foreach (var (path, numel) in facts.NumelByModule)
            {
                Assert.True(byPath.ContainsKey(path), $"{model}: module '{path}' owns {numel} parameters but has no summary row");
                Assert.True(byPath[path] == numel, $"{model}: module '{path}' owns {numel} parameters, its summary rows say {byPath[path]}");
            }
            foreach (var (path, parameters) in byPath.Where(kv => kv.Value != 0))
                Assert.True(facts.NumelByModule.ContainsKey(path), $"{model}: summary row '{path}' has {parameters} parameters but no module at that path owns any");
        }
    }
}
