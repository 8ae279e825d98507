namespace NetDsl.Shapes
{
    /// <summary>
    /// One layer a composite expands to: its name inside the composite ("0", "fc1"), its kind and its argument record.
    /// The checker runs <see cref="LayerKind.Check"/> on it; the runtime builds the same step with the kind's factory.
    /// </summary>
    internal sealed class PlanStep
    {
        public PlanStep(string name, LayerKind kind, object args)
        {
            Name = name;
            Kind = kind;
            Args = args;
        }

        public string Name { get; }
        public LayerKind Kind { get; }
        public object Args { get; }

        public LayerOutcome Check(string prefix, TensorShape input) => Kind.Check(prefix + "." + Name, input, Args);
    }
}
