using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetDsl.Onnx;
using NetDsl.Runtime.Data.Augmentations;
using NetDsl.Runtime.PyTorch;
using NetDsl.Runtime.Training;
using NetDsl.Weights;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// Every export path writes the same metadata through one helper (<see cref="WeightLoader.ExportMetadata(Network, IEnumerable{KeyValuePair{string, string}})"/>):
    /// C#'s <c>PyTorchExport.Write</c>, <c>OnnxExport</c> and <c>WeightLoader.SaveExport</c> as the CLI's <c>export</c>.
    /// </summary>
    public class ExportMetadataPathsTests
    {
        static readonly InferenceSettings Shapes = new(new Normalize(new[] { 0.5f }, new[] { 0.25f }), new[] { "circle", "square", "triangle", "cross" });

        static IReadOnlyDictionary<string, string> Read(string path)
        {
            using var file = SafeTensors.Open(path);
            return SafeTensors.ReadIndex(path, file).Metadata;
        }

        [Fact]
        public void PyTorchExportWrite_RecordsTheTask_AndAMeanPerChannel_AsTheCliDoes()
        {
            using var dir = new TempFolder();
            using var net = new EarlyTapAuxNet();
            var entry = new ModelEntry("earlytap", typeof(EarlyTapAuxNet).FullName!, net.DeclaredInput, net.ParameterTotal, net.MultiplyAddTotal,
                () => new EarlyTapAuxNet(), type: typeof(EarlyTapAuxNet));
            var result = PyTorchExport.Write(entry, net, dir.Path, Shapes.ToMetadata().ToDictionary(m => m.Key, m => m.Value));
            var metadata = Read(result.Weights);
            Assert.Equal("{\"Mean\":[0.5,0.5,0.5],\"Std\":[0.25,0.25,0.25]}", metadata[InferenceSettings.NormalizationKey]);
            Assert.Equal("classification", metadata[WeightLoader.TaskMetadataKey]);
            Assert.Equal("earlytap", metadata[WeightLoader.ModelMetadataKey]);
            Assert.Equal("pt", metadata["format"]);
        }

        [Fact]
        public void OnnxExport_NamesADeclaredNetworkByItsCardName_NotItsTypeName()
        {
            using var net = new EarlyTapAuxNet();
            var props = OnnxMetadataTests.MetadataProps(OnnxExport.ToBytes(net));
            Assert.Equal(net.Card!.Model, props[WeightLoader.ModelMetadataKey]);
            Assert.Equal("earlytapauxnet", props[WeightLoader.ModelMetadataKey]);
            Assert.Equal("classification", props[WeightLoader.TaskMetadataKey]);
        }

        /// <summary>
        /// <c>WeightLoader.SaveExport</c> writes what <c>export --format safetensors</c> writes, so weights saved from C# carry the
        /// run's normalisation and class names (<see cref="WeightLoader.Save"/> keeps writing the bare state dict).
        /// </summary>
        [Fact]
        public void SaveExport_RecordsTheSettings_ThatEvalAndPredictRead()
        {
            using var dir = new TempFolder();
            using var net = new EarlyTapAuxNet();
            string path = dir.File("w.safetensors");
            WeightLoader.SaveExport(net, path, Shapes.ToMetadata());
            var metadata = Read(path);
            var read = InferenceSettings.FromMetadata(metadata, path)!;
            Assert.Equal(new[] { "circle", "square", "triangle", "cross" }, read.ClassNames);
            Assert.Equal(new[] { 0.5f, 0.5f, 0.5f }, read.Normalization.Mean);
            Assert.Equal("earlytapauxnet", metadata[WeightLoader.ModelMetadataKey]);
            Assert.Equal("3x8x8", metadata[WeightLoader.InputMetadataKey]);
            Assert.Equal("classification", metadata[WeightLoader.TaskMetadataKey]);
        }
    }
}
