using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Augmentations;
using NetDsl.Runtime.Training;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// The JSON NetDsl.Training writes goes through source-generated metadata (TrainingJson, RunSettingsJson), so a trimmed
    /// or AOT app (reflection-based serialization off) writes checkpoints; the bytes are those reflection wrote, so older
    /// checkpoints and exported files read alike. And numbers printed for people and scripts are invariant under de-DE.
    /// </summary>
    public sealed class TrimSafeJsonAndCultureTests
    {
        static readonly JsonSerializerOptions Reflection = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

        static RunSettings Settings() => new("shapes", 32, 0.01, "cosine", 3, "sgd")
        {
            Classes = 4,
            Ema = 0.999,
            ClassNames = new[] { "circle", "square" },
            Normalization = Normalize.ImageNet,
            Split = new DataSplitFingerprint(10, 2, "ab", "cd"),
            ClassWeights = new[] { 1.0, 2.5 },
            Frozen = new[] { "features.0" },
        };

        [Fact]
        public void Source_generated_json_is_what_reflection_wrote()
        {
            var settings = Settings();
            var whenWritingNull = new JsonSerializerOptions(Reflection) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
            Assert.Equal(JsonSerializer.Serialize(settings, whenWritingNull), Checkpoint.SettingsJson(settings));
            Assert.Equal(JsonSerializer.Serialize(settings, Reflection), JsonSerializer.Serialize(settings, TrainingJson.Default.RunSettings));

            IReadOnlyList<EpochMetrics> history = new[]
            {
                new EpochMetrics(1, 10, 0.1, 0.5, double.NaN, 0.25, 0.75, 1.5, "mAP", new Dictionary<string, double> { ["top5"] = 0.9 }) { Custom = new Dictionary<string, double> { ["x"] = 1 } },
            };
            string json = JsonSerializer.Serialize(history, TrainingJson.Default.IReadOnlyListEpochMetrics);
            Assert.Equal(JsonSerializer.Serialize(history, Reflection), json);
            Assert.Contains("\"NaN\"", json);
            var back = JsonSerializer.Deserialize(json, TrainingJson.Default.ListEpochMetrics)!;
            Assert.Equal(JsonSerializer.Serialize(history, Reflection), JsonSerializer.Serialize(back, Reflection));

            var point = ResumePoint.AtEpochEnd("adamw", 7) with { LossScale = new NetDsl.LossScaleState(1024, 3, 1), RandomState = new byte[] { 1, 2 } };
            Assert.Equal(JsonSerializer.Serialize(point, Reflection), JsonSerializer.Serialize(point, TrainingJson.Default.ResumePoint));

            var read = JsonSerializer.Deserialize(Checkpoint.SettingsJson(settings), TrainingJson.Default.RunSettings)!;
            Assert.Equal(Checkpoint.SettingsJson(settings), Checkpoint.SettingsJson(read));
            Assert.True(read.Normalization!.SameAs(Normalize.ImageNet));
        }

        [Fact]
        public void Exported_metadata_round_trips_through_the_generated_metadata()
        {
            var settings = new InferenceSettings(Normalize.ImageNet, new[] { "a", "b" });
            var metadata = new Dictionary<string, string>();
            foreach (var (key, value) in settings.ToMetadata()) metadata[key] = value;
            Assert.Equal(JsonSerializer.Serialize(Normalize.ImageNet), metadata[InferenceSettings.NormalizationKey]);
            Assert.Equal("[\"a\",\"b\"]", metadata[InferenceSettings.ClassNamesKey]);
            var back = InferenceSettings.FromMetadata(metadata, "w.safetensors")!;
            Assert.True(back.Normalization.SameAs(Normalize.ImageNet));
            Assert.Equal(new[] { "a", "b" }, back.ClassNames);
        }

        [Fact]
        public void Normalize_prints_invariant_numbers_under_de_DE()
        {
            var culture = CultureInfo.CurrentCulture;
            try
            {
                CultureInfo.CurrentCulture = new CultureInfo("de-DE");
                Assert.Equal("0,5", 0.5.ToString()); // the culture is really in effect
                Assert.Equal("normalize (mean 0.485/0.456/0.406, std 0.229/0.224/0.225)", Normalize.ImageNet.ToString());
                Assert.Equal("normalize (mean 0.5, std 0.25)", new Normalize(new[] { 0.5f }, new[] { 0.25f }).ToString());
                Assert.Equal("1, 2.5, 0.5", ClassWeighting.Describe(new[] { 1, 2.5, 0.5 }));
            }
            finally
            {
                CultureInfo.CurrentCulture = culture;
            }
        }
    }
}
