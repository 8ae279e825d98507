using System.Collections.Generic;
using NetDsl.Generators.Expressions;
using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>A network's declared input (concrete or symbolic with its Default) and a variant's own.</summary>
    internal static class InputDeclaration
    {
        /// <summary>Whether <paramref name="text"/> is sizes in digits, one beyond int32 ("3x99999999999x99999999999").</summary>
        static bool TooLarge(string text)
        {
            bool beyond = false;
            foreach (var part in text.Split('x'))
            {
                string size = part.Trim();
                if (size.Length == 0) return false;
                foreach (char c in size) if (c < '0' || c > '9') return false;
                if (size.TrimStart('0').Length > 10 || long.Parse(size, System.Globalization.CultureInfo.InvariantCulture) > int.MaxValue) beyond = true;
            }
            return beyond;
        }

        /// <summary>
        /// The declared input as a spec, and the concrete shape instances are built for: the Input itself, or
        /// for a symbolic Input ("3xHxW", "3x(32k)x(32k)", "1xL", "1x(16k)") its Default, which must be of the declared form.
        /// </summary>
        public static bool Declared(DeclarationSpec decl, List<DiagnosticInfo> diagnostics, out InputSpec spec, out TensorShape input)
        {
            input = default;
            string? text = decl.Input.Kind == ValueKind.String ? decl.Input.Text : null;
            if (!InputSpec.TryParse(text, out spec))
            {
                if (TensorShape.TryParse(text, out input)) return true;   // a feature count ("784")
                const string forms = "Input = \"CxHxW\" (e.g. \"3x224x224\", or \"3xHxW\" for any size), \"CxL\" for a 1-D map (e.g. \"1x16000\", or \"1xL\" for any length) or a feature count";
                string message = text == null ? $"{decl.Name}: [Network] needs an Input, the shape of one sample; write {forms}."
                    : TooLarge(text) ? $"{decl.Name}: Input \"{text}\" has a size beyond a 32-bit tensor dimension (at most {int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture)}); write the sample's real sizes."
                    : text.Split('x').Length == 2 && int.TryParse(text.Split('x')[0].Trim(), out _)
                    ? $"{decl.Name}: Input \"{text}\" is not a CxL shape; write Input = \"CxL\" with a length (e.g. \"1x16000\"), a letter for any length (\"1xL\") or a form (\"1x(16k)\", \"1x(16k+4)\")."
                    : $"{decl.Name}: Input \"{text}\" is not a shape; write {forms}.";
                diagnostics.Add(new DiagnosticInfo(ShapeIssueIds.InvalidInput, message, decl.Input.Location ?? decl.Location));
                return false;
            }
            if (!spec.IsSymbolic) return TensorShape.TryParse(text, out input);
            string? fallback = decl.DefaultInput.Kind == ValueKind.String ? decl.DefaultInput.Text : null;
            if (TensorShape.TryParse(fallback, out input) && spec.Admits(input)) return true;
            string form = spec.Is1d ? "CxL" : "CxHxW";
            string example = spec.Is1d
                ? $"{spec.C}x{spec.L.Example(16000)}"
                : $"{spec.C}x{spec.H.Example(224)}x{spec.W.Example(224)}";
            diagnostics.Add(new DiagnosticInfo(ShapeIssueIds.InvalidInput,
                fallback == null
                    ? $"{decl.Name}: a symbolic Input \"{text}\" needs Default = \"{form}\", the size summaries, counts and training use; add Default = \"{example}\" or another size of that form."
                    : $"{decl.Name}: Default \"{fallback}\" is not a size of the form Input \"{text}\" allows; choose one it admits (e.g. \"{example}\").",
                decl.DefaultInput.Location ?? decl.Input.Location ?? decl.Location));
            return false;
        }

        /// <summary>The variant's own Input when it has one (checked like the network's), else the network's.</summary>
        public static bool OfVariant(DeclarationSpec decl, VariantSpec variant, TensorShape declared, List<DiagnosticInfo> diagnostics, out TensorShape input)
        {
            input = declared;
            if (variant.Input == null || variant.Input.Kind == ValueKind.Missing) return true;
            if (TensorShape.TryParse(variant.Input.Kind == ValueKind.String ? variant.Input.Text : null, out input)) return true;
            diagnostics.Add(new DiagnosticInfo(ShapeIssueIds.InvalidInput,
                $"{decl.Name}: variant {variant.Name} Input \"{variant.Input.Text}\" is not a shape; write Input = \"CxHxW\" (e.g. \"3x240x240\"){(declared.Is1d ? " or \"CxL\" (e.g. \"1x8000\")" : "")}.",
                variant.Input.Location ?? variant.Location));
            return false;
        }
    }
}
