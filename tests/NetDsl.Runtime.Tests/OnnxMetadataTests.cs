using System.Collections.Generic;
using System.IO;
using System.Linq;
using Google.Protobuf;
using NetDsl.Onnx;
using NetDsl.Runtime.Data.Augmentations;
using NetDsl.Weights;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// An ONNX export carries what the safetensors export of the same weights does (model, input, task, normalisation, class
    /// names) in its <c>metadata_props</c>, for ONNX Runtime's <c>ModelMetadata.CustomMetadataMap</c>; and an ONNX file given
    /// as weights is named as such.
    /// </summary>
    public sealed class OnnxMetadataTests
    {
        static (int Code, string Output, string Error) Run(params string[] args) => CliCapture.Run(args);

        /// <summary>ModelProto.metadata_props (field 14: StringStringEntryProto, key 1, value 2), read from the protobuf bytes.</summary>
        internal static Dictionary<string, string> MetadataProps(byte[] model)
        {
            var result = new Dictionary<string, string>();
            var input = new CodedInputStream(model);
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (WireFormat.GetTagFieldNumber(tag) != 14) { input.SkipLastField(); continue; }
                var entry = new CodedInputStream(input.ReadBytes().ToByteArray());
                string key = "", value = "";
                while ((tag = entry.ReadTag()) != 0)
                {
                    if (WireFormat.GetTagFieldNumber(tag) == 1) key = entry.ReadString();
                    else if (WireFormat.GetTagFieldNumber(tag) == 2) value = entry.ReadString();
                    else entry.SkipLastField();
                }
                result[key] = value;
            }
            return result;
        }

        [Fact]
        public void Export_to_onnx_writes_the_safetensors_exports_metadata()
        {
            using var dir = new TempFolder();
            string run = dir.File("run");
            var (code, _, error) = Run("train", "tinycnn", "--input", "3x8x8", "--epochs", "1", "--train-images", "16", "--test-images", "8", "--batch", "8",
                "--classes", "8", "--out", run);
            Assert.True(code == 0, error);
            string best = Path.Combine(run, "best.bin"), onnx = dir.File("m.onnx"), safe = dir.File("m.safetensors");
            (code, _, error) = Run("export", "tinycnn", "--format", "onnx", "--checkpoint", best, "--dynamic-batch", "--out", onnx);
            Assert.True(code == 0, error);
            (code, _, error) = Run("export", "tinycnn", "--format", "safetensors", "--checkpoint", best, "--out", safe);
            Assert.True(code == 0, error);

            var props = MetadataProps(File.ReadAllBytes(onnx));
            using var weights = SafeTensors.Read(safe);
            foreach (var (key, value) in weights.Metadata.Where(m => m.Key != "format"))
                Assert.True(props.TryGetValue(key, out var written) && written == value, $"{key}: safetensors {value}, ONNX {written ?? "(none)"}");
            Assert.Equal("tinycnn", props[WeightLoader.ModelMetadataKey]);
            Assert.Equal("3x8x8", props[WeightLoader.InputMetadataKey]);
            Assert.Equal("8", props[WeightLoader.ClassesMetadataKey]);
            Assert.Equal("classification", props[WeightLoader.TaskMetadataKey]);
            Assert.Contains("\"Mean\":[", props[InferenceSettings.NormalizationKey]);
            Assert.Contains("\"Std\":[", props[InferenceSettings.NormalizationKey]);
            Assert.StartsWith("[\"", props[InferenceSettings.ClassNamesKey]);
            // The shapes run records one mean and std for all channels; the export writes one per input channel.
            Assert.Equal("{\"Mean\":[0.5,0.5,0.5],\"Std\":[0.25,0.25,0.25]}", props[InferenceSettings.NormalizationKey]);
            var recorded = InferenceSettings.FromCheckpoint(best).ToMetadata().ToDictionary(m => m.Key, m => m.Value);
            Assert.Equal(recorded[InferenceSettings.ClassNamesKey], props[InferenceSettings.ClassNamesKey]);
            var read = InferenceSettings.FromMetadata(props, onnx)!;
            Assert.Equal(3, read.Normalization.Mean.Length);
            Assert.Equal(InferenceSettings.FromCheckpoint(best).Normalization.For(3).Mean[0], read.Normalization.Mean[2]);
        }

        [Fact]
        public void OnnxExport_from_CSharp_records_the_model_and_input_and_the_options_metadata()
        {
            using var net = new TinyCnn(3, 16);
            var bytes = OnnxExport.ToBytes(net, new OnnxExportOptions
            {
                DynamicBatch = true,
                Metadata = new Dictionary<string, string> { ["author"] = "me", [InferenceSettings.NormalizationKey] = "{\"Mean\":[0.5],\"Std\":[0.25]}" },
            });
            var props = MetadataProps(bytes);
            Assert.Equal("TinyCnn", props[WeightLoader.ModelMetadataKey]);
            Assert.Equal("3x16x16", props[WeightLoader.InputMetadataKey]);
            Assert.Equal("me", props["author"]);
            // One value for a 3-channel input is written per channel, as the preprocessing applies it (a consumer indexes mean[c]).
            Assert.Equal("{\"Mean\":[0.5,0.5,0.5],\"Std\":[0.25,0.25,0.25]}", props[InferenceSettings.NormalizationKey]);
        }

        [Fact]
        public void OnnxExport_writes_the_normalisation_per_input_channel()
        {
            static string Exported(Network net, string normalize) => MetadataProps(OnnxExport.ToBytes(net, new OnnxExportOptions
            {
                Metadata = new Dictionary<string, string> { [InferenceSettings.NormalizationKey] = normalize },
            }))[InferenceSettings.NormalizationKey];

            using var rgb = new TinyCnn(3, 16);
            string imageNet = InferenceSettings.ImageNet.ToMetadata().First(m => m.Key == InferenceSettings.NormalizationKey).Value;
            Assert.Equal(imageNet, Exported(rgb, imageNet));
            Assert.Equal("{\"Mean\":[0,0,0],\"Std\":[1,1,1]}", Exported(rgb, "{\"Mean\":[0],\"Std\":[1]}"));
            using var gray = new TinyCnn(1, 16);
            // RGB statistics average for a gray input, as the preprocessing's Normalize.For(1) does.
            var averaged = InferenceSettings.FromMetadata(new Dictionary<string, string> { [InferenceSettings.NormalizationKey] = Exported(gray, imageNet) }, "m.onnx")!;
            Assert.Equal(Normalize.ImageNet.For(1).Mean, averaged.Normalization.Mean);
            Assert.Equal(Normalize.ImageNet.For(1).Std, averaged.Normalization.Std);
            var e = Assert.Throws<System.ArgumentException>(() => Exported(rgb, "{\"Mean\":[0.1,0.2],\"Std\":[1,1]}"));
            Assert.Contains("netdsl.normalize has statistics for 2 channels; the model's input has 3", e.Message);
        }

        [Fact]
        public void An_onnx_file_given_as_weights_is_named_as_one()
        {
            using var dir = new TempFolder();
            string onnx = dir.File("m.onnx");
            using (var exported = new TinyCnn(3, 16)) OnnxExport.Save(exported, onnx);
            using var net = new TinyCnn(3, 16);
            var e = Assert.Throws<InvalidDataException>(() => WeightLoader.Load(net, onnx));
            Assert.StartsWith($"{onnx}: this is an ONNX model, which cannot be loaded as weights", e.Message);
            Assert.DoesNotContain("runs past the end", e.Message);
            e = Assert.Throws<InvalidDataException>(() => FineTuning.LoadBackbone(net, onnx));
            Assert.StartsWith($"{onnx}: this is an ONNX model", e.Message);
        }

        [Fact]
        public void Weights_with_another_head_name_FineTuning_LoadBackbone()
        {
            using var dir = new TempFolder();
            string path = dir.File("six.safetensors");
            using (var six = new TinyCnn(3, 16)) WeightLoader.Save(six, path);
            using var four = new TinyCnn(3, 16, 4);
            var e = Assert.Throws<InvalidDataException>(() => WeightLoader.Load(four, path));
            Assert.Contains("the file's head has 6 outputs: build the model with 6 classes, or, to fine-tune with a head of your own class count, " +
                            "load it with FineTuning.LoadBackbone(model, path)", e.Message);
        }
    }
}
