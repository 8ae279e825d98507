using System;
using System.Collections.Generic;

namespace NetDsl.Shapes
{
    /// <summary>[Activation(kind)]: the activation an <see cref="Act"/> names (a block parameter of type Act, often).</summary>
    public sealed record ActivationArgs
    {
        /// <summary>The activation.</summary>
        public required Act Kind { get; init; }
    }

    /// <summary>
    /// [Activation] and the attributes named after one activation ([ReLU], [SiLU], …), which are [Activation] with
    /// the kind fixed: one registry line each. Keeps the shape; the row is named after the Act.
    /// </summary>
    internal sealed class ActivationKind : LayerKind<ActivationArgs>
    {
        readonly Act? fixedKind;

        /// <summary>[Activation(kind)].</summary>
        public static readonly ActivationKind Any = new ActivationKind("Activation", null);

        /// <summary>An attribute that is one activation: [ReLU] is <c>Named(Act.ReLU)</c>.</summary>
        public static ActivationKind Named(Act kind) => new ActivationKind(kind.ToString(), kind);

        ActivationKind(string name, Act? kind) : base(name, name, LayerRole.Functional, "Activation") { fixedKind = kind; }

        public override bool TakesInplace => true;

        public override IReadOnlyList<KeyValuePair<string, object>> Implied => fixedKind.HasValue
            ? new[] { new KeyValuePair<string, object>(nameof(ActivationArgs.Kind), fixedKind.Value) }
            : Array.Empty<KeyValuePair<string, object>>();

        public override string RowFor(object args) => ((ActivationArgs)args).Kind.ToString();

        public override LayerOutcome Rule(string path, TensorShape input, ActivationArgs a) =>
            Enum.IsDefined(typeof(Act), a.Kind)
                ? LayerOutcome.Success(input)
                : LayerOutcome.Fail(ShapeIssueIds.InvalidArgument, $"{path}: Activation {(int)a.Kind} is not an Act; pass Act.ReLU, Act.Hardswish, ….", "Kind");
    }
}
