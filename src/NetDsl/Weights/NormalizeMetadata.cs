using System;
using System.Collections.Generic;

namespace NetDsl.Weights
{
    /// <summary>
    /// The normalisation exports record (<c>netdsl.normalize</c>, JSON <c>{"Mean":[…],"Std":[…]}</c>) written per input channel,
    /// so a consumer of the file indexes <c>mean[c]</c> and <c>std[c]</c> without knowing NetDsl's broadcasting rule.
    /// </summary>
    internal static class NormalizeMetadata
    {
        /// <summary>The metadata key of the normalisation (<c>InferenceSettings.NormalizationKey</c>).</summary>
        public const string Key = "netdsl.normalize";

        /// <summary>
        /// <paramref name="metadata"/>'s <see cref="Key"/> entry, where there is one, with a mean and a std per input channel
        /// (<see cref="PerChannel(string, int)"/>): what every export writes (ONNX, safetensors, the PyTorch folder).
        /// </summary>
        public static void PerChannel(IDictionary<string, string> metadata, int channels)
        {
            if (metadata.TryGetValue(Key, out string? json)) metadata[Key] = PerChannel(json, channels);
        }

        /// <summary>
        /// A <c>{"Mean":[…],"Std":[…]}</c> normalisation with one mean and one std per input channel, as NetDsl's preprocessing
        /// applies it (<c>Normalize.For</c>): one value stands for every channel, and RGB statistics average for a gray input, so an
        /// ONNX consumer indexes <c>mean[c]</c> and <c>std[c]</c> for c below C. Other counts are an error naming the key.
        /// </summary>
        public static string PerChannel(string json, int channels)
        {
            float[] mean, std;
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(json);
                mean = Values(document.RootElement.GetProperty("Mean"));
                std = Values(document.RootElement.GetProperty("Std"));
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new ArgumentException($"metadata {Key} is not {{\"Mean\":[…],\"Std\":[…]}} ({e.Message}): {json}", e);
            }
            if (mean.Length == 0 || mean.Length != std.Length)
                throw new ArgumentException($"metadata {Key} needs as many means as stds, at least one: {json}");
            if (mean.Length == channels) return json;
            if (mean.Length == 1) (mean, std) = (Repeat(mean[0], channels), Repeat(std[0], channels));
            else if (channels == 1) (mean, std) = (new[] { Average(mean) }, new[] { Average(std) });
            else throw new ArgumentException($"metadata {Key} has statistics for {mean.Length} channels; the model's input has {channels}: {json}");
            return Json(mean, std);

            static float[] Values(System.Text.Json.JsonElement array)
            {
                var values = new List<float>();
                foreach (var v in array.EnumerateArray()) values.Add(v.GetSingle());
                return values.ToArray();
            }
            static float[] Repeat(float value, int n) { var a = new float[n]; Array.Fill(a, value); return a; }
            static float Average(float[] values) => System.Linq.Enumerable.Average(values);   // as Normalize.For averages
        }

        /// <summary>
        /// <c>{"Mean":[…],"Std":[…]}</c>, what JsonSerializer writes for a Normalize, written with Utf8JsonWriter: a trimmed or AOT
        /// app has no reflection-based serialization.
        /// </summary>
        public static string Json(float[] mean, float[] std)
        {
            var buffer = new System.IO.MemoryStream();
            using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteStartArray("Mean");
                foreach (float m in mean) json.WriteNumberValue(m);
                json.WriteEndArray();
                json.WriteStartArray("Std");
                foreach (float s in std) json.WriteNumberValue(s);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }
    }
}
