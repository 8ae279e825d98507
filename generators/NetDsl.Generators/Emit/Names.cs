using System.Text;

namespace NetDsl.Generators.Emit
{
    /// <summary>Fully qualified names used by generated code, and identifier helpers.</summary>
    internal static class Names
    {
        public const string Tensor = "global::TorchSharp.torch.Tensor";
        public const string Shape = "global::NetDsl.Shapes.TensorShape";
        public const string Context = "global::NetDsl.BuildContext";
        public const string Layers = "global::NetDsl.Layers";
        public const string Functional = "global::TorchSharp.torch.nn.functional";
        /// <summary>The <c>Layer</c> alias's type as a member's declared type reads (fully qualified).</summary>
        public const string ModuleType = "global::TorchSharp.torch.nn.Module<global::TorchSharp.torch.Tensor, global::TorchSharp.torch.Tensor>";

        /// <summary>
        /// A symbol's name as C# text: a reserved keyword gets its '@' back (a class declared <c>@class</c> is named "class"), as
        /// SymbolDisplay's EscapeKeywordIdentifiers writes it. Every user name the emitters write as code goes through here.
        /// </summary>
        public static string Identifier(string name) =>
            Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;

        /// <summary>
        /// The hint name for a declaration's file: "Namespace.Class.g.cs" with any character AddSource refuses (the '@' of a
        /// keyword namespace such as <c>Demo.@int</c>, a connecting or formatting character an identifier may hold) as '_'.
        /// </summary>
        public static string Hint(string ns, string name)
        {
            var sb = new StringBuilder();
            foreach (char c in (ns.Length > 0 ? ns + "." : "") + name)
                sb.Append(char.IsLetterOrDigit(c) || c == '.' || c == '_' ? c : '_');
            return sb.Append(".g.cs").ToString();
        }

        /// <summary>
        /// "vgg16_bn" → "Vgg16Bn": a variant name as a C# identifier. A separator between two digits stays ("regnet_x_1_6gf"
        /// → "RegnetX1_6gf"), so it cannot collide with "regnet_x_16gf" → "RegnetX16gf".
        /// </summary>
        public static string Pascal(string name)
        {
            var sb = new StringBuilder();
            bool upper = true;
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (!char.IsLetterOrDigit(c))
                {
                    if (sb.Length > 0 && char.IsDigit(sb[sb.Length - 1]) && i + 1 < name.Length && char.IsDigit(name[i + 1])) sb.Append('_');
                    upper = true;
                    continue;
                }
                sb.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            if (sb.Length == 0 || char.IsDigit(sb[0])) sb.Insert(0, 'V');
            return sb.ToString();
        }

        public static string ShapeLiteral(string text)
        {
            var parts = text.Split('x');
            return parts.Length switch
            {
                3 => $"new {Shape}({parts[0]}, {parts[1]}, {parts[2]})",
                2 => $"{Shape}.Sequence({parts[0]}, {parts[1]})",
                _ => $"{Shape}.Vector({parts[0]})",
            };
        }
    }
}
