using NetDsl.Shapes;

namespace NetDsl
{
    /// <summary>One row of a model summary: where the layer sits, what it is, what it outputs and owns.</summary>
    public sealed class LayerSummary
    {
        public LayerSummary(string path, string kind, TensorShape output, long parameters, long multiplyAdds)
        {
            Path = path;
            Kind = kind;
            Output = output;
            Parameters = parameters;
            MultiplyAdds = multiplyAdds;
        }

        public string Path { get; }
        public string Kind { get; }
        public TensorShape Output { get; }
        public long Parameters { get; }
        public long MultiplyAdds { get; }
    }
}
