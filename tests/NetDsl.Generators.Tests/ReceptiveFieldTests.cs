using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// Receptive fields computed at compile time (Araujo, Norris &amp; Sim, Distill 2019), checked on the zoo's torchvision
    /// declarations against values derived by hand from torchvision's definitions:
    /// resnet50: conv1 7/s2/p3 → r 7, P 3; maxpool 3/s2/p1 → r 11, P 5, S 4; each 3x3 adds 2·S to r and S to P; the 3x3 of
    /// each stage's first block carries the stride (v1.5): layer1 → 35/4/17, layer2 → 91/8/45, layer3 → 267/16/133, layer4 → 427/32/213.
    /// vgg16: two 3x3 (r 5) + pool → 6/2; → 16/4; → 44/8; → 100/16; conv5_3 → 196, S 16, P 90; pool5 → 212, S 32, P 90.
    /// </summary>
    public class ReceptiveFieldTests
    {
        static readonly Lazy<Assembly> zoo = new(() =>
        {
            string dir = Path.Combine(Root(), "src", "NetDsl.Models");
            var result = GeneratorHarness.Run(File.ReadAllText(Path.Combine(dir, "ResNet.cs")), File.ReadAllText(Path.Combine(dir, "Vgg.cs")));
            Assert.Empty(result.NetDsl);
            return GeneratorHarness.Load(result);
        });

        static Network Create(string type, string variant)
        {
            var t = zoo.Value.GetTypes().Single(x => x.Name == type);
            return (Network)t.GetMethod(variant, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;
        }

        static (int[]? Field, int[]? Stride, int[]? Padding) At(Network net, string name)
        {
            var row = net.LayerRows.Single(r => r.Name == name);
            return (row.ReceptiveField, row.EffectiveStride, row.EffectivePadding);
        }

        /// <summary>Field, stride and padding of a square row, one number each.</summary>
        static (int, int, int) Square(Network net, string name)
        {
            var (f, s, p) = At(net, name);
            Assert.True(f != null && s != null && p != null && f[0] == f[1] && s[0] == s[1] && p[0] == p[1], name + " has no square field");
            return (f![0], s![0], p![0]);
        }

        [Fact]
        public void Resnet50_ends_with_a_427_pixel_field_at_stride_32()
        {
            using var net = Create("ResNetBottleneck", "Resnet50");
            Assert.Equal((7, 2, 3), Square(net, "conv1"));
            Assert.Equal((35, 4, 17), Square(net, "layer1.2.conv3"));
            Assert.Equal((91, 8, 45), Square(net, "layer2.3.conv3"));
            Assert.Equal((267, 16, 133), Square(net, "layer3.5.conv3"));
            Assert.Equal((427, 32, 213), Square(net, "layer4.2.bn3"));
            // Global pooling sees the whole input: no window, so the last field is the last feature map's.
            Assert.Null(At(net, "avgpool.0").Field);
            Assert.Equal("layer4.2.bn3", net.LayerRows.Last(r => r.ReceptiveField != null).Name);
            string json = new ModelSummary(net).ToJson("resnet50");
            Assert.Contains("\"path\":\"layer4.2.bn3\",\"kind\":\"BatchNorm2d\"", json.Replace(" ", ""));
            Assert.Contains("\"receptiveField\":[427,427],\"effectiveStride\":[32,32],\"effectivePadding\":[213,213]", json.Replace(" ", "").Replace("\n", "").Replace("\r", ""));
        }

        [Fact]
        public void Vgg16_conv5_3_and_pool5_match_the_published_fields()
        {
            using var net = Create("Vgg", "Vgg16");
            var convs = net.LayerRows.Where(r => r.Kind == "Conv2d").ToList();
            var pools = net.LayerRows.Where(r => r.Kind == "MaxPool2d").ToList();
            Assert.Equal(13, convs.Count);
            Assert.Equal(new[] { 196, 196 }, convs[^1].ReceptiveField);
            Assert.Equal(new[] { 16, 16 }, convs[^1].EffectiveStride);
            Assert.Equal(new[] { 90, 90 }, convs[^1].EffectivePadding);
            Assert.Equal(new[] { 212, 212 }, pools[^1].ReceptiveField);
            Assert.Equal(new[] { 32, 32 }, pools[^1].EffectiveStride);
            Assert.Equal(new[] { 100, 100 }, pools[^2].ReceptiveField);
            // torchvision's AdaptiveAvgPool2d((7, 7)) at a 7x7 map is pointwise: the last field is pool5's.
            Assert.Equal(new[] { 212, 212 }, net.LayerRows.Last(r => r.ReceptiveField != null).ReceptiveField);
            Assert.Contains("196 (16)", net.Summary().ToString());
        }

        [Fact]
        public void Upsampling_makes_the_field_unknown_and_merges_take_the_larger_field()
        {
            var result = GeneratorHarness.Run(@"using NetDsl;
namespace Demo;
[Block, Branches(Merge.Concat)]
public partial class Two { [Conv(2, 1)] Layer narrow; [Conv(2, 5, Padding = 2)] Layer wide; }
[Network(Input = ""1x16x16"")]
public partial class Net { [Conv(2, 3, Padding = 1)] Layer stem; [Use(typeof(Two))] Layer two; [Conv(2, 1)] Layer after; [Upsample(2)] Layer up; }");
            var assembly = GeneratorHarness.Load(result);
            using var net = (Network)Activator.CreateInstance(assembly.GetType("Demo.Net")!)!;
            Assert.Equal(new[] { 3, 3 }, At(net, "stem").Field);
            Assert.Equal(new[] { 7, 7 }, At(net, "after").Field);   // 3 + 4 through the wide branch; the narrow one stays 3
            Assert.Null(At(net, "up").Field);
            Assert.DoesNotContain("receptiveField\":[", new ModelSummary(net).ToJson().Split("\"up\"")[1]);
        }

        static string Root()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "NetDsl.sln"))) return dir.FullName;
            throw new InvalidOperationException("NetDsl.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
