using System.Collections.Generic;
using System.Text.Json.Serialization;
using NetDsl.Runtime.Data.Augmentations;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// Everything NetDsl.Training reads and writes with JsonSerializer, as System.Text.Json source-generated metadata:
    /// a trimmed or Native AOT app (PublishTrimmed, PublishAot) has reflection-based serialization turned off, and
    /// its first checkpoint failed with "Reflection-based serialization has been disabled". Detection has no training
    /// metric (NaN), which plain JSON cannot hold, hence the named floating-point literals.
    /// </summary>
    [JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    [JsonSerializable(typeof(List<EpochMetrics>))]
    [JsonSerializable(typeof(IReadOnlyList<EpochMetrics>))]
    [JsonSerializable(typeof(ResumePoint))]
    [JsonSerializable(typeof(RunSettings))]
    [JsonSerializable(typeof(Normalize))]
    [JsonSerializable(typeof(List<string>))]
    [JsonSerializable(typeof(IReadOnlyList<string>))]
    internal sealed partial class TrainingJson : JsonSerializerContext
    {
    }

    /// <summary>A run's settings as a checkpoint's header holds them: what was not recorded (null) is left out, but for the members RunSettings marks always written.</summary>
    [JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(RunSettings))]
    internal sealed partial class RunSettingsJson : JsonSerializerContext
    {
    }
}
