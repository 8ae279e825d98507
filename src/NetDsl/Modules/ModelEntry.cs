using System;
using System.Diagnostics.CodeAnalysis;
using NetDsl.Shapes;

namespace NetDsl
{
    /// <summary>
    /// One catalogue entry, emitted by the generator for every network (and each of its variants):
    /// its name, declared input, the compile-time counts and a factory.
    /// </summary>
    public sealed class ModelEntry
    {
        /// <summary>A catalogue entry (written by the generated catalogue): name, type, declared input, the counts checked at compile time and a factory.</summary>
        public ModelEntry(string name, string typeName, TensorShape declaredInput, long parameters, long multiplyAdds, Func<Network> create,
            double? learningRate = null, ModelTask task = ModelTask.Classification, string? optimizer = null, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type? type = null)
        {
            Type = type;
            Task = task;
            Optimizer = optimizer;
            LearningRate = learningRate;
            Name = name;
            TypeName = typeName;
            DeclaredInput = declaredInput;
            Parameters = parameters;
            MultiplyAdds = multiplyAdds;
            this.create = create;
        }

        readonly Func<Network> create;
        ModelCard? card;

        /// <summary>The catalogue name (a variant's name, or the declaration's).</summary>
        public string Name { get; }
        /// <summary>The declaring type's full name.</summary>
        public string TypeName { get; }
        /// <summary>The input the model is declared for (the variant's own when it has one).</summary>
        public TensorShape DeclaredInput { get; }

        /// <summary>Parameter count checked at compile time for the declared input.</summary>
        public long Parameters { get; }

        /// <summary>Multiply-adds at the declared input, computed at compile time.</summary>
        public long MultiplyAdds { get; }

        /// <summary>The learning rate recommended by the declaration (<c>[Network(LearningRate = …)]</c>), if any.</summary>
        public double? LearningRate { get; }

        /// <summary>The optimizer <c>train</c> uses when none is given ("sgd", "adamw" or "lamb"; null: SGD), as a model card would.</summary>
        public string? Optimizer { get; }

        /// <summary>What the output means (<c>[Network(Task = …)]</c>): picks the loss and metrics in <c>train</c>.</summary>
        public ModelTask Task { get; }

        /// <summary>
        /// The network's class (null for entries made by hand without it): its public constructors are what
        /// <c>Models.Create(name, classes, input)</c> and <c>--arg</c> call, so a trimmed app keeps them.
        /// </summary>
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)]
        public Type? Type { get; }

        /// <summary>
        /// The model card: its <c>[ModelCard]</c> for this name (training recipe, train and design inputs, the metric
        /// it reaches), or only what <c>[Network]</c> states when it has none.
        /// </summary>
        public ModelCard Card => card ??= (Type == null ? null : ModelCard.Of(Type, Name, DeclaredInput))
            ?? new ModelCard { Model = Name, Task = Task, Optimizer = Optimizer, LearningRate = LearningRate, DesignedInput = DeclaredInput };

        /// <summary>Builds the network for its declared input.</summary>
        public Network Create() => Named(create());

        /// <summary>Builds the network for another input shape (same shape rules, run at construction).</summary>
        public Network Create(TensorShape input)
        {
            using (Network.BuildAt(input)) return Named(create());
        }

        Network Named(Network network)
        {
            network.CatalogName = Name;
            return network;
        }
    }
}
