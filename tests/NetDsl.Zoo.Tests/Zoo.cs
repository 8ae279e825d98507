extern alias zoo;

using System;
using System.Collections.Generic;
using System.Linq;
using NetDsl.Shapes;
using Xunit;

namespace NetDsl.Zoo.Tests
{
    /// <summary>The zoo's generated catalogue and the names these tests expect in it.</summary>
    public static class Zoo
    {
        public static IReadOnlyList<ModelEntry> All => zoo::NetDsl.Generated.ModelCatalog.All;

        /// <summary>Models with a committed torchvision 0.14.1 reference (tests/reference/torchvision).</summary>
        public static readonly string[] Torchvision = NetDsl.Tests.Shared.TorchvisionModels.Names;

        /// <summary>Every model the zoo must declare.</summary>
        public static readonly string[] Expected = Torchvision.Concat(new[] { "se_resnet50", "lenet5" }).ToArray();

        public static ModelEntry Entry(string name)
        {
            var matches = All.Where(e => e.Name == name).ToList();
            Assert.True(matches.Count == 1, $"the catalogue has {matches.Count} entries named '{name}' (names: {string.Join(", ", All.Select(e => e.Name))})");
            return matches[0];
        }

        public static int Classes(string name) => name == "lenet5" ? 10 : 1000;

        /// <summary>
        /// A small input the architecture accepts: torchvision's classifiers end in adaptive pooling, so
        /// 64x64 reaches the same classifier (AlexNet needs at least 63x63); LeNet-5 keeps 1x28x28.
        /// </summary>
        public static TensorShape SmallInput(string name) =>
            name == "lenet5" ? new TensorShape(1, 28, 28) : new TensorShape(3, 64, 64);

        public static TheoryData<string> TorchvisionNames => Data(Torchvision);
        public static TheoryData<string> ExpectedNames => Data(Expected);

        public static TheoryData<string> Data(IEnumerable<string> names)
        {
            var data = new TheoryData<string>();
            foreach (string name in names) data.Add(name);
            return data;
        }

        public static string Format(long[] shape) => "[" + string.Join(", ", shape) + "]";
        public static string Format(TensorShape shape) => shape.ToString();
    }
}
