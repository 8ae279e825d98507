using System;
using NetDsl.Shapes;

namespace NetDsl
{
    /// <summary>
    /// Builds a catalogue model with another class count (a 10-way head for fine-tuning an ImageNet model), the way
    /// <c>timm.create_model(name, num_classes=10)</c> does: <see cref="ModelConstruction.CreateWith"/> with
    /// <c>classes</c> set, so the shape rules check the new head.
    /// </summary>
    public static class ClassCountOverride
    {
        /// <summary>The constructor parameter this looks for (the zoo's convention).</summary>
        public const string ParameterName = "classes";

        /// <summary>Whether <paramref name="entry"/>'s declaration takes a <c>classes</c> parameter (so <see cref="CreateWithClasses"/> can size its head).</summary>
        public static bool CanSetClasses(this ModelEntry entry) => entry.TakesArgument(ParameterName);

        /// <summary>
        /// Whether <paramref name="entry"/>'s head is sized to its data's class count, as torchvision's and timm's reference scripts
        /// do (<c>num_classes = len(dataset.classes)</c>): a classifier or segmenter whose declaration takes <c>classes</c>.
        /// </summary>
        internal static bool HeadFollowsData(this ModelEntry entry) =>
            entry.Task is (ModelTask.Classification or ModelTask.Segmentation) && entry.CanSetClasses();

        /// <summary>
        /// Creates <paramref name="entry"/>'s network with <paramref name="classes"/> outputs (and any other
        /// <paramref name="arguments"/>), for its declared input or <paramref name="input"/>. Throws
        /// <see cref="ArgumentException"/> naming the model when its declaration has no <c>classes</c> parameter.
        /// </summary>
        public static Network CreateWithClasses(this ModelEntry entry, int classes, TensorShape? input = null, ModelArguments? arguments = null)
        {
            if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "a model needs at least one class");
            if (!entry.CanSetClasses())
                throw new ArgumentException($"{entry.Name}: {ModelConstruction.TypeOf(entry).Name} has no '{ParameterName}' constructor parameter, so its class count is fixed", nameof(classes));
            return entry.CreateWith((arguments ?? ModelArguments.None).With(ParameterName, classes), input);
        }
    }
}
