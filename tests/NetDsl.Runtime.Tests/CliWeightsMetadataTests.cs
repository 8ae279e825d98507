using System.IO;
using NetDsl.Runtime.Training;
using NetDsl.Weights;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>Safetensors weights carry the input size they were built at (<c>netdsl.input</c>); every command that takes <c>--weights</c> builds there.</summary>
    public class CliWeightsMetadataTests
    {
        static (int Code, string Output, string Error) Run(params string[] args) => CliCapture.Run(args);

        static string Metadata(string path, string key)
        {
            using var file = SafeTensors.Open(path);
            return SafeTensors.ReadIndex(path, file).Metadata.TryGetValue(key, out string? value) ? value : "(none)";
        }

        [Fact]
        public void Predict_eval_and_export_with_weights_build_the_model_at_the_input_the_file_records()
        {
            using var dir = new TempFolder();
            string weights = dir.File("w40.safetensors");
            var (code, _, error) = Run("export", "tinycnn", "--format", "safetensors", "--input", "3x40x40", "--out", weights);
            Assert.True(code == 0, error);
            Assert.Equal("3x40x40", Metadata(weights, "netdsl.input"));

            string image = dir.File("a.png");
            DataTestFiles.WriteImage(image, 32, 32, seed: 1);
            (code, var output, error) = Run("predict", "tinycnn", "--weights", weights, image);
            Assert.True(code == 0, error);
            Assert.Contains("input: 3x40x40", output);

            (code, output, error) = Run("eval", "tinycnn", "--weights", weights);
            Assert.True(code == 0, error);
            Assert.Contains("input: 3x40x40", output);
            // An explicit --input still wins.
            (code, output, error) = Run("eval", "tinycnn", "--weights", weights, "--input", "3x36x36");
            Assert.True(code == 0, error);
            Assert.Contains("input: 3x36x36", output);

            // Re-exported weights keep the recorded input.
            string again = dir.File("again.safetensors");
            (code, _, error) = Run("export", "tinycnn", "--format", "safetensors", "--weights", weights, "--out", again);
            Assert.True(code == 0, error);
            Assert.Equal("3x40x40", Metadata(again, "netdsl.input"));
        }

        [Fact]
        public void A_malformed_recorded_input_names_the_file_and_key()
        {
            using var dir = new TempFolder();
            string weights = dir.File("w.safetensors");
            Assert.Equal(0, Run("export", "tinycnn", "--format", "safetensors", "--out", weights).Code);
            using (var network = new TinyCnn())
                WeightLoader.Save(network, dir.File("bad.safetensors"), new System.Collections.Generic.Dictionary<string, string> { ["format"] = "pt", ["netdsl.input"] = "3xbig" });
            string image = dir.File("a.png");
            DataTestFiles.WriteImage(image, 32, 32, seed: 1);
            var (code, _, error) = Run("predict", "tinycnn", "--weights", dir.File("bad.safetensors"), image);
            Assert.Equal(1, code);
            Assert.Contains($"{dir.File("bad.safetensors")}: metadata netdsl.input '3xbig' is not an input size", error);
        }
    }
}
