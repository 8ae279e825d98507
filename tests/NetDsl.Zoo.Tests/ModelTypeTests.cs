extern alias zoo;

using System;
using System.Linq;
using System.Reflection;
using NetDsl.Shapes;
using Xunit;
using static TorchSharp.torch;
using Models = zoo::NetDsl.Models;

namespace NetDsl.Zoo.Tests
{
    /// <summary>Every zoo model is reachable by type (<c>new ResNet50(classes: 10)</c>) and builds what <c>Models.Create(name)</c> builds.</summary>
    [Collection(ZooCollection.Name)]
    public sealed class ModelTypeTests
    {
        readonly ZooFixture zoo;
        public ModelTypeTests(ZooFixture zoo) { this.zoo = zoo; }

        public static TheoryData<string> Names() => new TheoryData<string>(Models.Names);

        [Theory]
        [MemberData(nameof(Names))]
        public void EveryNameHasATypeThatBuildsTheSameStateDict(string name)
        {
            Type type = Models.TypeOf(name);
            Assert.Equal("NetDsl.Zoo.Models", type.Namespace);
            var constructor = type.GetConstructors().Single(c => c.GetParameters().All(p => p.HasDefaultValue));
            var expected = zoo.Facts(name);   // Models.Create(name)'s network, shared with the other zoo tests

            using var scope = NewDisposeScope();
            manual_seed(7);
            using var network = (Network)constructor.Invoke(BindingFlags.DoNotWrapExceptions, null,
                constructor.GetParameters().Select(p => p.DefaultValue).ToArray(), null);
            Assert.Equal(expected.InputShape, network.InputShape);
            Assert.Equal(expected.OutputShape, network.OutputShape);
            Assert.Equal(expected.ParameterTotal, network.ParameterTotal);
            Assert.Equal(expected.StateDict.Select(e => $"{e.Key} {Zoo.Format(e.Shape)}"),
                network.state_dict().Select(kv => $"{kv.Key} {Zoo.Format(kv.Value.shape)}"));
            Assert.Equal(name, network.Card?.Model);   // the variant's own model card, as the catalogue's entry has it
            Assert.Equal(Models.Get(name).Card, network.Card);
        }

        [Fact]
        public void ATypedVariantTakesClassesAndAnInputLikeModelsCreate()
        {
            using var typed = new zoo::NetDsl.Zoo.Models.ResNet50(classes: 10);
            using var named = Models.Create("resnet50", classes: 10);
            Assert.Equal(TensorShape.Vector(10), typed.OutputShape);
            Assert.Equal(named.ParameterTotal, typed.ParameterTotal);
            Assert.Equal("resnet50", typed.CatalogName);

            using (Network.BuildAt(new TensorShape(3, 64, 64)))
            {
                using var small = new zoo::NetDsl.Zoo.Models.EfficientNetB3(classes: 7);
                Assert.Equal(new TensorShape(3, 64, 64), small.InputShape);
                small.eval();
                using var y = small.forward(randn(2, 3, 64, 64));
                Assert.Equal(new long[] { 2, 7 }, y.shape);
            }
        }
    }
}
