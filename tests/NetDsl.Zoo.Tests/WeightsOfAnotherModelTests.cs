extern alias zoo;

using System;
using System.Collections.Generic;
using System.IO;
using NetDsl.Weights;
using Xunit;

namespace NetDsl.Zoo.Tests
{
    /// <summary>A safetensors file NetDsl exported names its model in its metadata: loaded into another model, the message says so.</summary>
    public class WeightsOfAnotherModelTests
    {
        [Fact]
        public void WeightsOfAnotherZooModelAreNamedByTheirMetadataNotListedKeyByKey()
        {
            using var lenet = zoo::NetDsl.Models.Create("lenet5");
            string path = Path.Combine(Path.GetTempPath(), $"lenet5-{System.Guid.NewGuid():N}.safetensors");
            try
            {
                WeightLoader.Save(lenet, path, new Dictionary<string, string> { [WeightLoader.ModelMetadataKey] = "lenet5" });

                using var resnet = zoo::NetDsl.Models.Create("resnet18", classes: 10);
                var e = Assert.Throws<InvalidDataException>(() => WeightLoader.Load(resnet, path));
                string expected = $"{path}: holds weights of lenet5 (its netdsl.model metadata), not of resnet18: 0 of resnet18's ";
                Assert.Equal(expected, e.Message[..Math.Min(expected.Length, e.Message.Length)]);
                Assert.EndsWith("; load it into lenet5", e.Message);
                Assert.DoesNotContain("layer1.0.conv1.weight", e.Message);

                // The model the file names loads it whole.
                using var again = zoo::NetDsl.Models.Create("lenet5");
                Assert.True(WeightLoader.Load(again, path).Complete);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
