using System.Collections.Generic;
using System.Globalization;
using NetDsl.Generators.Checking;
using NetDsl.Generators.Expressions;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Emit
{
    /// <summary>Emits the generated part of one [Network] or [Block] class.</summary>
    internal static class ModuleEmitter
    {
        public static string Emit(CheckedDeclaration item, IReadOnlyDictionary<string, DeclarationSpec> blocks)
        {
            var spec = item.Spec;
            var w = new SourceWriter();
            w.Header();
            bool hasNamespace = spec.Namespace.Length > 0;
            if (hasNamespace) w.Open("namespace " + spec.Namespace);
            DocEmitter.Write(w, item);
            string baseType = spec.Kind == DeclarationKind.Network ? "global::NetDsl.Network" : "global::NetDsl.Block";
            if (!item.HasErrors && WiringCode.HasAuxiliary(spec)) baseType += ", global::NetDsl.IAuxiliaryHeads";
            w.Open($"partial class {Names.Identifier(spec.Name)} : {baseType}");
            if (item.HasErrors) WriteStub(w, spec);
            else WriteModule(w, item, blocks);
            w.Close();
            if (hasNamespace) w.Close();
            return w.ToString();
        }

        static void WriteModule(SourceWriter w, CheckedDeclaration item, IReadOnlyDictionary<string, DeclarationSpec> blocks)
        {
            var spec = item.Spec;
            if (spec.Kind == DeclarationKind.Network)
            {
                TensorShapeCode(spec, out string input);
                if (HasVariantInputs(spec))
                {
                    // Field initializers run before the base constructor reads DeclaredInput, so the variant's own input is in place.
                    w.Line($"private readonly {Names.Shape}? __variantInput = VariantInput;");
                    w.Line("/// <inheritdoc/>");
                    w.Line($"public override {Names.Shape} DeclaredInput => __variantInput ?? {input};").Line();
                }
                else w.Line("/// <inheritdoc/>").Line($"public override {Names.Shape} DeclaredInput => {input};").Line();
                WriteInputRules(w, item);
                WriteReceptiveFields(w, item);
                WriteConstants(w, item);
            }
            else WriteBlockConstructor(w, spec);
            if (spec.SqueezeExcite != null)
                w.Line($"private global::NetDsl.SqueezeExcite @{spec.SqueezeExcite.Name} = null!; // assigned in Build").Line();
            if (spec.Residual?.IfShapesMatch == true)
                w.Line("private bool __skip;").Line();
            if (spec.Residual?.LayerScale != null)
                w.Line($"private global::TorchSharp.Modules.Parameter? @{ResidualSpec.LayerScaleName};").Line();
            if (spec.Residual?.Projection != null)
                w.Line($"private global::TorchSharp.Modules.Sequential? @{spec.Residual.Projection};").Line();
            PrecisionCode.WriteFoldablePairs(w, spec);
            ResidualInitCode.Write(w, spec);
            new BuildEmitter(spec, blocks).Write(w);
            w.Line();
            new ForwardEmitter(spec, blocks).Write(w);
        }

        static bool HasVariantInputs(DeclarationSpec spec)
        {
            foreach (var v in spec.Variants) if (v.Input != null && v.Input.Kind != ValueKind.Missing) return true;
            return false;
        }

        static void TensorShapeCode(DeclarationSpec spec, out string code)
        {
            if (!NetDsl.Shapes.TensorShape.TryParse(spec.Input.Text, out var shape))
                NetDsl.Shapes.TensorShape.TryParse(spec.DefaultInput.Text, out shape);   // a symbolic Input is built at its Default
            code = Names.ShapeLiteral(shape.ToString());
        }

        /// <summary>The derived input constraints (symbolic inputs): checked by the Network constructor before building.</summary>
        static void WriteInputRules(SourceWriter w, CheckedDeclaration item)
        {
            if (item.Instances.Count == 0) return;
            var rules = item.Instances[0].Constraints;
            foreach (var other in item.Instances) if (!other.Constraints.Equals(rules)) return;   // variants disagree: none emitted
            if (rules.Count == 0) return;
            var parts = new List<string>();
            foreach (var r in rules)
                parts.Add($"new global::NetDsl.Shapes.AxisRule('{r.Axis}', {r.Modulus}, {r.Residue}, {r.Minimum}, {r.Span})");
            w.Line("/// <summary>What the input must satisfy, derived from the layers at compile time.</summary>");
            w.Line($"protected override global::System.Collections.Generic.IReadOnlyList<global::NetDsl.Shapes.AxisRule> InputRules {{ get; }} = new[] {{ {string.Join(", ", parts)} }};").Line();
        }

        /// <summary>Each instance's receptive fields, row by row, for the run-time summary (matched by the rows' paths).</summary>
        static void WriteReceptiveFields(SourceWriter w, CheckedDeclaration item)
        {
            var tables = new List<string>();
            foreach (var instance in item.Instances)
            {
                if (!instance.Ok) continue;
                var paths = new List<string>();
                var spatial = new List<string>();
                var values = new List<string>();
                foreach (var row in instance.Rows)
                {
                    NetDsl.Shapes.TensorShape.TryParse(row.Output, out var output);
                    paths.Add(NetDsl.Shapes.ReceptiveField.RowKey(row.Path, output));
                    spatial.Add(NetDsl.Shapes.ReceptiveField.SpatialRowKey(row.Path, output));
                    var f = row.Field;
                    values.Add(f == null ? "-1, -1, -1, -1, -1, -1" : $"{f.SizeH}, {f.SizeW}, {f.StrideH}, {f.StrideW}, {f.PaddingH}, {f.PaddingW}");
                }
                int hash = NetDsl.Shapes.ReceptiveField.PathHash(paths), spatialHash = NetDsl.Shapes.ReceptiveField.PathHash(spatial);
                tables.Add($"new global::NetDsl.Shapes.ReceptiveFieldTable({hash.ToString(CultureInfo.InvariantCulture)}, new int[] {{ {string.Join(", ", values)} }}, " +
                           $"{spatialHash.ToString(CultureInfo.InvariantCulture)})");
            }
            if (tables.Count == 0) return;
            w.Line("private static readonly global::NetDsl.Shapes.ReceptiveFieldTable[] __receptiveFields = {");
            foreach (var t in tables) w.Line("    " + t + ",");
            w.Line("};");
            w.Line("/// <summary>Receptive field, effective stride and padding of every summary row (compile time, Araujo et al. 2019).</summary>");
            w.Line("protected override global::System.Collections.Generic.IReadOnlyList<global::NetDsl.Shapes.ReceptiveFieldTable> ReceptiveFieldTables => __receptiveFields;").Line();
        }

        static void WriteConstants(SourceWriter w, CheckedDeclaration item)
        {
            var spec = item.Spec;
            foreach (var instance in item.Instances)
            {
                bool isDefault = spec.Variants.Count == 0;
                string prefix = isDefault ? "" : Names.Pascal(instance.Name);
                w.Line($"/// <summary>Trainable parameters of {Literals.DocText(instance.Name)} (checked at compile time).</summary>");
                w.Line($"public const long {prefix}ParameterCount = {instance.Parameters.ToString(CultureInfo.InvariantCulture)};");
                w.Line($"/// <summary>Multiply-adds of one forward pass of {Literals.DocText(instance.Name)} at {instance.Input}.</summary>");
                w.Line($"public const long {prefix}MultiplyAdds = {instance.MultiplyAdds.ToString(CultureInfo.InvariantCulture)};");
                if (!isDefault)
                    w.Line($"/// <summary>Creates the {Literals.DocText(instance.Name)} variant.</summary>")
                     .Line($"public static {Names.Identifier(spec.Name)} {prefix}() => {VariantConstruction(spec, instance.Name)};");
                w.Line();
            }
        }

        /// <summary>C# that constructs the named instance: the variant's arguments, or the defaults.</summary>
        public static string VariantConstruction(DeclarationSpec spec, string instanceName)
        {
            var parts = new List<string>();
            string? input = null;
            foreach (var v in spec.Variants)
            {
                if (v.Name != instanceName) continue;
                for (int i = 0; i < v.Arguments.Count && i < spec.Parameters.Count; i++)
                    parts.Add(Binding.Cast(spec.Parameters[i], ArgCode.Constant(v.Arguments[i], Binding.TypeOf(spec.Parameters[i]) ?? ArgType.Int)));
                if (v.Input != null && NetDsl.Shapes.TensorShape.TryParse(v.Input.Text, out var shape)) input = Names.ShapeLiteral(shape.ToString());
            }
            string create = $"new {spec.FullName}({string.Join(", ", parts)})";
            // A variant with its own resolution is built for it (still overridable by an enclosing Network.BuildAt).
            return input == null ? create : $"global::NetDsl.Network.BuildDefault({input}, () => {create})";
        }

        /// <summary>The generated block constructor's name for parameter <paramref name="p"/> (uses pass arguments to it by name).</summary>
        public static string BlockParameter(ParameterSpec p) => "__p_" + p.Name;

        static void WriteBlockConstructor(SourceWriter w, DeclarationSpec spec)
        {
            var ps = new List<string> { $"{Names.Context} __ctx", $"ref {Names.Shape} __shape" };
            var forward = new List<string>();
            foreach (var p in spec.Parameters)
            {
                string def = p.Default.Kind == ValueKind.Missing ? "" : " = " + Binding.Cast(p, ArgCode.Constant(p.Default, Binding.TypeOf(p) ?? ArgType.Int));
                ps.Add($"{p.TypeName} {BlockParameter(p)}{def}");
                forward.Add(BlockParameter(p));
            }
            string chain = spec.HasPrimaryConstructor ? $" : this({string.Join(", ", forward)})" : "";
            w.Line($"/// <summary>Builds this block for the input shape <paramref name=\"__shape\"/> (advanced to its output).</summary>");
            w.Line($"public {Names.Identifier(spec.Name)}({string.Join(", ", ps)}){chain}");
            // The declared graph records the instance (type, arguments by name) and which nodes it holds.
            var arguments = new List<string>();
            foreach (var p in spec.Parameters) arguments.Add($"({Expressions.Literals.String(p.Name)}, (object){BlockParameter(p)})");
            string recorded = arguments.Count == 0 ? "global::System.Array.Empty<(string, object)>()" : $"new (string, object)[] {{ {string.Join(", ", arguments)} }}";
            w.Line("{").Line($"    __ctx.EnterBlock(this, {recorded});").Line("    Build(__ctx, ref __shape);").Line("    __ctx.ExitBlock();").Line("}").Line();
        }

        /// <summary>A declaration with errors still gets its base type, so user code referencing it keeps compiling.</summary>
        static void WriteStub(SourceWriter w, DeclarationSpec spec)
        {
            string message = Literals.String($"{spec.Name} has NetDsl errors; see the build diagnostics.");
            if (spec.Kind == DeclarationKind.Network)
                w.Line($"public override {Names.Shape} DeclaredInput => throw new global::System.InvalidOperationException({message});");
            w.Open($"protected override void Build({Names.Context} __ctx, ref {Names.Shape} __shape)");
            // Read the parameters so the stub adds no "parameter is unread" noise to the real errors.
            foreach (var p in spec.Parameters) w.Line($"_ = @{p.Name};");
            w.Line($"throw new global::System.InvalidOperationException({message});");
            w.Close();
            w.Line($"public override {Names.Tensor} forward({Names.Tensor} __x) => throw new global::System.InvalidOperationException({message});");
        }
    }
}
