using System;
using NetDsl.Shapes;

namespace NetDsl.Runtime.Data
{
    /// <summary>A parsed <c>--data</c> value: <c>shapes</c> or <c>mnist:DIR</c>.</summary>
    public sealed record DataSource(string Kind, string? Directory)
    {
        public static DataSource Shapes { get; } = new DataSource("shapes", null);

        public bool IsShapes => Kind == "shapes";
        public bool IsMnist => Kind == "mnist";

        /// <summary>Parses the value or throws an <see cref="ArgumentException"/> naming it.</summary>
        public static DataSource Parse(string text)
        {
            if (text == "shapes") return Shapes;
            if (text.StartsWith("mnist:", StringComparison.Ordinal) && text.Length > "mnist:".Length)
                return new DataSource("mnist", text.Substring("mnist:".Length));
            throw new ArgumentException($"unknown data source '{text}'; use shapes or mnist:DIR");
        }

        /// <summary>Loads train and test splits shaped for <paramref name="input"/>.</summary>
        public DataSplits Load(TensorShape input, int seed, int shapesTrain = ShapesDataset.DefaultTrainCount, int shapesTest = ShapesDataset.DefaultTestCount) =>
            IsMnist ? MnistDataset.Load(Directory!, input) : ShapesDataset.Load(input, seed, shapesTrain, shapesTest);

        public override string ToString() => IsMnist ? "mnist:" + Directory : Kind;
    }
}
