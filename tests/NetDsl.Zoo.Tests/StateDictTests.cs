using System.Collections.Generic;
using System.Linq;
using System.Text;
using Xunit;

namespace NetDsl.Zoo.Tests
{
    /// <summary>
    /// State-dict keys and shapes against torchvision 0.14.1, so weights move between PyTorch and NetDsl.
    /// TorchSharp's state_dict() lists all parameters then all buffers, PyTorch goes module by module;
    /// both orders are checked (PyTorch's rebuilt from the module tree, see <see cref="ModelFacts.ModuleOrder"/>).
    /// </summary>
    [Collection(ZooCollection.Name)]
    public sealed class StateDictTests
    {
        readonly ZooFixture zoo;
        public StateDictTests(ZooFixture zoo) { this.zoo = zoo; }

        [Theory]
        [MemberData(nameof(Zoo.TorchvisionNames), MemberType = typeof(Zoo))]
        public void StateDict_EqualsTorchvision_KeyForKey_ShapeForShape_InOrder(string model)
        {
            var reference = Reference.Load(model).StateDict;
            var facts = zoo.Facts(model);

            Assert.Equal(reference.Count, facts.StateDict.Count);
            AssertSameSequence(reference, facts.ModuleOrder, "module-by-module (PyTorch) order");

            // TorchSharp's own order: parameters in PyTorch order, then buffers in PyTorch order.
            var parameterKeys = new HashSet<string>(facts.ParameterKeys);
            var expectedTorchSharp = reference.Where(e => parameterKeys.Contains(e.Key))
                .Concat(reference.Where(e => !parameterKeys.Contains(e.Key))).ToList();
            AssertSameSequence(expectedTorchSharp, facts.StateDict, "TorchSharp state_dict() (parameters, then buffers)");
        }

        [Theory]
        [MemberData(nameof(Zoo.TorchvisionNames), MemberType = typeof(Zoo))]
        public void StateDict_KeySetAndShapes_EqualTorchvision(string model)
        {
            var reference = Reference.Load(model).StateDict;
            var facts = zoo.Facts(model);

            var expected = reference.ToDictionary(e => e.Key, e => Zoo.Format(e.Shape));
            var actual = new Dictionary<string, string>();
            foreach (var e in facts.StateDict)
            {
                Assert.False(actual.ContainsKey(e.Key), $"{model}: duplicate state-dict key {e.Key}");
                actual[e.Key] = Zoo.Format(e.Shape);
            }

            var missing = expected.Keys.Where(k => !actual.ContainsKey(k)).ToList();
            var extra = actual.Keys.Where(k => !expected.ContainsKey(k)).ToList();
            var wrongShape = expected.Keys.Where(k => actual.ContainsKey(k) && actual[k] != expected[k])
                .Select(k => $"{k}: expected {expected[k]}, got {actual[k]}").ToList();
            Assert.True(missing.Count == 0 && extra.Count == 0 && wrongShape.Count == 0,
                $"{model}: missing [{string.Join(", ", missing.Take(10))}] extra [{string.Join(", ", extra.Take(10))}] " +
                $"wrong shape [{string.Join("; ", wrongShape.Take(10))}]");

            // The tree walk sees exactly what state_dict() reports.
            Assert.Equal(facts.StateDict.Select(e => e.Key).OrderBy(k => k, System.StringComparer.Ordinal),
                facts.ModuleOrder.Select(e => e.Key).OrderBy(k => k, System.StringComparer.Ordinal));
        }

        static void AssertSameSequence(IReadOnlyList<StateEntry> expected, IReadOnlyList<StateEntry> actual, string what)
        {
            int n = System.Math.Min(expected.Count, actual.Count);
            for (int i = 0; i < n; i++)
            {
                if (expected[i].SameAs(actual[i])) continue;
                var message = new StringBuilder();
                message.Append($"{what}: first difference at index {i}: expected {expected[i]}, got {actual[i]}.");
                message.Append(" Context (expected | actual):");
                for (int j = System.Math.Max(0, i - 2); j < System.Math.Min(n, i + 4); j++)
                    message.Append($"\n  {j}: {expected[j]} | {actual[j]}");
                Assert.Fail(message.ToString());
            }
            Assert.True(expected.Count == actual.Count, $"{what}: expected {expected.Count} entries, got {actual.Count}");
        }
    }
}
