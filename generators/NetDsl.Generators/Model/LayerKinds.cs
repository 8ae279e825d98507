using System.Collections.Generic;
using NetDsl.Generators.Expressions;

namespace NetDsl.Generators.Model
{
    public enum ArgType { Int, OptionalInt, Double, Bool, String }

    /// <summary>One argument a layer attribute takes: its name as written, type and default.</summary>
    public sealed class ArgDef
    {
        public ArgDef(string name, ArgType type, Scalar? @default) { Name = name; Type = type; Default = @default; }
        public string Name { get; }
        public ArgType Type { get; }
        /// <summary>Null means required (or, for OptionalInt, absent = null).</summary>
        public Scalar? Default { get; }
    }

    public enum LayerRole
    {
        /// <summary>Owns parameters (Conv, BatchNorm, Linear).</summary>
        Parameterized,
        /// <summary>Parameter-free; may run functionally in forward.</summary>
        Functional,
        /// <summary>Must be alone on its member: Repeat, ConvStack.</summary>
        Whole,
        /// <summary>A block instance: a module that may start a member or sit in a Sequential stack.</summary>
        Block,
    }

    /// <summary>The schema of every layer attribute: one table used by parsing, checking and emission.</summary>
    public sealed class LayerKind
    {
        LayerKind(string name, LayerRole role, params ArgDef[] args) { Name = name; Role = role; Args = args; }

        public string Name { get; }
        public LayerRole Role { get; }
        public IReadOnlyList<ArgDef> Args { get; }

        static ArgDef Req(string name, ArgType type) => new ArgDef(name, type, null);
        static ArgDef Opt(string name, long value) => new ArgDef(name, ArgType.Int, Scalar.Of(value));
        static ArgDef Opt(string name, bool value) => new ArgDef(name, ArgType.Bool, Scalar.Of(value));
        static ArgDef Opt(string name, double value) => new ArgDef(name, ArgType.Double, Scalar.Of(value));
        static ArgDef Pinned(string name) => new ArgDef(name, ArgType.OptionalInt, null);

        static readonly Dictionary<string, LayerKind> all = Build();

        static Dictionary<string, LayerKind> Build()
        {
            var kinds = new[]
            {
                new LayerKind("Conv", LayerRole.Parameterized, Req("outChannels", ArgType.Int), Req("kernel", ArgType.Int),
                    Opt("Stride", 1L), Opt("Padding", 0L), Opt("Dilation", 1L), Opt("Groups", 1L), Opt("Bias", true), Pinned("In")),
                new LayerKind("DeformConv", LayerRole.Parameterized, Req("outChannels", ArgType.Int), Req("kernel", ArgType.Int),
                    Opt("Stride", 1L), Opt("Padding", 0L), Opt("Dilation", 1L), Opt("Groups", 1L), Opt("Bias", true), Opt("Modulated", false), Pinned("In")),
                new LayerKind("BatchNorm", LayerRole.Parameterized, Pinned("In"), Opt("Eps", 1e-5), Opt("Momentum", 0.1)),
                new LayerKind("ConvTranspose", LayerRole.Parameterized, Req("outChannels", ArgType.Int), Req("kernel", ArgType.Int),
                    Opt("Stride", 1L), Opt("Padding", 0L), Opt("OutputPadding", 0L), Opt("Dilation", 1L), Opt("Groups", 1L), Opt("Bias", true), Pinned("In")),
                new LayerKind("SqueezeExcitation", LayerRole.Parameterized, Req("squeeze", ArgType.Int), Opt("Act", 1L), Opt("Gate", 3L)),
                new LayerKind("Upsample", LayerRole.Functional, Pinned("scale"), Pinned("Height"), Pinned("Width"), Opt("Mode", 0L), Opt("AlignCorners", false)),
                new LayerKind("Dropout2d", LayerRole.Functional, Opt("p", 0.5)),
                new LayerKind("LRN", LayerRole.Functional, Req("size", ArgType.Int), Opt("Alpha", 1e-4), Opt("Beta", 0.75), Opt("K", 1.0)),
                new LayerKind("Linear", LayerRole.Parameterized, Req("outFeatures", ArgType.Int), Opt("Bias", true), Pinned("In")),
                new LayerKind("MaxPool", LayerRole.Functional, Req("kernel", ArgType.Int), Pinned("Stride"), Opt("Padding", 0L), Opt("CeilMode", false)),
                new LayerKind("AvgPool", LayerRole.Functional, Req("kernel", ArgType.Int), Pinned("Stride"), Opt("Padding", 0L), Opt("CeilMode", false)),
                new LayerKind("GlobalAvgPool", LayerRole.Functional),
                new LayerKind("AdaptiveAvgPool", LayerRole.Functional, Req("height", ArgType.Int), Req("width", ArgType.Int)),
                new LayerKind("Flatten", LayerRole.Functional),
                new LayerKind("Dropout", LayerRole.Functional, Opt("p", 0.5)),
                new LayerKind("ReLU", LayerRole.Functional),
                new LayerKind("ReLU6", LayerRole.Functional),
                new LayerKind("Sigmoid", LayerRole.Functional),
                new LayerKind("Tanh", LayerRole.Functional),
                new LayerKind("GELU", LayerRole.Functional),
                new LayerKind("SiLU", LayerRole.Functional),
                new LayerKind("Hardswish", LayerRole.Functional),
                new LayerKind("Activation", LayerRole.Functional, Req("kind", ArgType.Int)),
                new LayerKind("Hardsigmoid", LayerRole.Functional),
                new LayerKind("LeakyReLU", LayerRole.Functional, Opt("slope", 0.01)),
                new LayerKind("Repeat", LayerRole.Whole, Req("count", ArgType.Int), new ArgDef("Prefix", ArgType.String, Scalar.Of("")), Opt("Start", 0L)),
                new LayerKind("Use", LayerRole.Block),
                new LayerKind("ConvStack", LayerRole.Whole, Req("spec", ArgType.String), Opt("Kernel", 3L), Opt("Padding", 1L), Opt("BatchNorm", false)),
            };
            var map = new Dictionary<string, LayerKind>();
            foreach (var k in kinds) map[k.Name] = k;
            return map;
        }

        /// <summary>NetDsl.Act's members by value (the attribute reads an enum as its number); a test keeps it in step.</summary>
        public static readonly string[] ActNames = { "None", "ReLU", "ReLU6", "Sigmoid", "Tanh", "GELU", "SiLU", "Hardswish", "Hardsigmoid" };

        public static LayerKind? Find(string name) => all.TryGetValue(name, out var kind) ? kind : null;

        public static bool IsActivation(string name) =>
            name == "ReLU" || name == "ReLU6" || name == "Sigmoid" || name == "Tanh" || name == "GELU" || name == "SiLU" ||
            name == "Hardswish" || name == "Hardsigmoid";

        public ArgDef? Arg(string name)
        {
            foreach (var a in Args) if (a.Name == name) return a;
            return null;
        }
    }
}
