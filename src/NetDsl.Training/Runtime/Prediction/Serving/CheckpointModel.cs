using System;
using System.Collections.Generic;
using System.Linq;
using NetDsl.Shapes;

namespace NetDsl
{
    /// <summary>
    /// The model a checkpoint was trained as: its catalogue name, the input size it trained at, the class count its head was
    /// sized to (null: the declared head) and its constructor arguments; what <see cref="Predictor.Load(string, Func{CheckpointModel, Network}, PredictorOptions?)"/>
    /// hands a model factory, and <see cref="Create"/> builds from a catalogue as <c>netdsl eval</c> and <c>infer</c> do.
    /// </summary>
    public sealed record CheckpointModel(string Name, TensorShape Input, int? Classes, ModelArguments Arguments, string Path)
    {
        /// <summary>
        /// The class names the run recorded (its data's), or null. A run trained from C# (<c>Trainer</c>) records no head size
        /// (<see cref="Classes"/> null) even when its model was built with <c>classes: 6</c>; <see cref="Create"/> then sizes a
        /// classifier's or segmenter's head to these names, as the run's data did.
        /// </summary>
        public IReadOnlyList<string>? ClassNames { get; init; }

        /// <summary>
        /// This model built from <paramref name="models"/> (a catalogue: <c>Models.All</c> for the zoo, an app's <c>NetDsl.Generated.ModelCatalog.All</c>
        /// for its own networks), at <see cref="Input"/> with <see cref="Classes"/> outputs and <see cref="Arguments"/>; a name none has is an error
        /// naming the checkpoint and the catalogue's models.
        /// </summary>
        public Network Create(IEnumerable<ModelEntry> models)
        {
            ArgumentNullException.ThrowIfNull(models);
            var all = models.ToList();
            var entry = all.FirstOrDefault(m => m.Name == Name)
                ?? throw new ArgumentException($"{Path}: was trained as {Name}, which the model catalogue given does not hold ({all.Count} models{(all.Count == 0 ? "" : ": " + string.Join(", ", all.Take(8).Select(m => m.Name)) + (all.Count > 8 ? ", …" : ""))}); pass the catalogue that declares it (Models.All for the zoo, NetDsl.Generated.ModelCatalog.All for your own networks)", nameof(models));
            return entry.CreateAt(Input, Classes ?? DataClasses(entry), Arguments);
        }

        // The recorded class names' count, for a classifier or segmenter whose declaration sizes its head by 'classes' (an explicit
        // 'classes' among the recorded arguments wins); null: the declared head.
        int? DataClasses(ModelEntry entry) =>
            ClassNames is { Count: > 0 } names && entry.HeadFollowsData() && !Arguments.Values.ContainsKey(ClassCountOverride.ParameterName)
                ? names.Count : null;
    }
}
