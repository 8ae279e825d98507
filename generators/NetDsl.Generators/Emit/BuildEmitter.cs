using System.Collections.Generic;
using System.Globalization;
using NetDsl.Generators.Checking;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Emit
{
    /// <summary>
    /// Emits <c>Build</c>: every member created through <c>global::NetDsl.Layers</c> in declaration order
    /// (each factory re-runs the shared shape rule), then registered under its name.
    /// </summary>
    internal sealed class BuildEmitter
    {
        readonly DeclarationSpec decl;
        readonly ArgCode args;
        readonly IReadOnlyDictionary<string, DeclarationSpec> blocks;

        public BuildEmitter(DeclarationSpec decl, IReadOnlyDictionary<string, DeclarationSpec> blocks)
        {
            this.decl = decl;
            this.blocks = blocks;
            args = ArgCode.ForBuild(decl);
        }

        public void Write(SourceWriter w)
        {
            // Tells nullable analysis that Build assigns every member, so a constructor that calls it is clean.
            if (decl.Members.Count > 0)
            {
                var members = new List<string>();
                foreach (var m in decl.Members) members.Add(Literal(m.Name));
                if (decl.SqueezeExcite != null) members.Add(Literal(decl.SqueezeExcite.Name));
                w.Line($"[global::System.Diagnostics.CodeAnalysis.MemberNotNull({string.Join(", ", members)})]");
            }
            w.Open($"protected override void Build({Names.Context} __ctx, ref {Names.Shape} __shape)");
            w.Line("var __input = __shape;");
            if (decl.Branches != null) WriteBranches(w);
            else
            {
                var kept = WiringCode.Kept(decl);
                foreach (var member in decl.Members) WiringCode.Build(w, member, kept, () => WriteMember(w, member));
            }
            if (decl.SqueezeExcite is { } se)
            {
                w.Line($"this.@{se.Name} = {Names.Layers}.SqueezeExcite(__ctx, {Literal(se.Name)}, ref __shape, {args.Of(se.Reduction, ArgType.Int)});");
                w.Line($"register_module({Literal(se.Name)}, this.@{se.Name});");
            }
            if (decl.Residual != null) WriteResidual(w, decl.Residual);
            w.Close();
        }

        void WriteMember(SourceWriter w, MemberSpec member)
        {
            string name = Literal(member.ModuleName);
            var layers = member.Layers;
            if (MemberLayout.Of(member) == LayoutKind.Direct)
            {
                w.Line($"this.@{member.Name} = {Factory(layers[0], "__ctx", name, null)};");
                for (int i = 1; i < layers.Count; i++)
                    w.Line($"{Factory(layers[i], "__ctx", name, layers[i - 1].Kind)}.Dispose(); // checked here, applied functionally in forward");
            }
            else
            {
                w.Line($"var __ctx_{member.Name} = __ctx.Child({name});");
                w.Line($"this.@{member.Name} = global::TorchSharp.torch.nn.Sequential(");
                for (int i = 0; i < layers.Count; i++)
                {
                    string index = Literal(i.ToString(CultureInfo.InvariantCulture));
                    string sep = i + 1 < layers.Count ? "," : ");";
                    w.Line($"    ({index}, {Factory(layers[i], "__ctx_" + member.Name, index, i > 0 ? layers[i - 1].Kind : null)}){sep}");
                }
            }
            w.Line($"register_module({name}, this.@{member.Name});");
        }

        string Factory(LayerSpec layer, string ctx, string name, string? previousKind)
        {
            string head = $"{Names.Layers}.{{0}}({ctx}, {name}, ref __shape";
            string Call(string method, params string[] rest) => string.Format(CultureInfo.InvariantCulture, head, method) + (rest.Length > 0 ? ", " + string.Join(", ", rest) : "") + ")";
            string A(string arg) => args.Of(layer, arg);
            string inplace = MemberLayout.InPlaceSafeAfter(previousKind) ? "true" : "false";
            switch (layer.Kind)
            {
                case "Conv": return Call("Conv2d", A("outChannels"), A("kernel"), A("Stride"), A("Padding"), A("Dilation"), A("Groups"), A("Bias"), A("In"));
                case "BatchNorm": return Call("BatchNorm2d", A("In"), A("Eps"), A("Momentum"));
                case "DeformConv": return Call("DeformConv2d", A("outChannels"), A("kernel"), A("Stride"), A("Padding"), A("Dilation"), A("Groups"), A("Bias"), A("Modulated"), A("In"));
                case "ConvTranspose": return Call("ConvTranspose2d", A("outChannels"), A("kernel"), A("Stride"), A("Padding"), A("OutputPadding"), A("Dilation"), A("Groups"), A("Bias"), A("In"));
                case "SqueezeExcitation": return Call("SqueezeExcitation", A("squeeze"), "(global::NetDsl.Act)" + A("Act"), "(global::NetDsl.Act)" + A("Gate"));
                case "Upsample": return Call("Upsample", A("scale"), A("Height"), A("Width"), "(global::NetDsl.Interpolation)" + A("Mode"), A("AlignCorners"));
                case "Dropout2d": return Call("Dropout2d", A("p"));
                case "Activation": return Call("Activation", "(global::NetDsl.Act)" + A("kind"), inplace);
                case "LRN": return Call("LocalResponseNorm", A("size"), A("Alpha"), A("Beta"), A("K"));
                case "Linear": return Call("Linear", A("outFeatures"), A("Bias"), A("In"));
                case "MaxPool": return Call("MaxPool2d", A("kernel"), A("Stride"), A("Padding"), A("CeilMode"));
                case "AvgPool": return Call("AvgPool2d", A("kernel"), A("Stride"), A("Padding"), A("CeilMode"));
                case "GlobalAvgPool": return Call("GlobalAvgPool");
                case "AdaptiveAvgPool": return Call("AdaptiveAvgPool2d", A("height"), A("width"));
                case "Flatten": return Call("Flatten");
                case "Dropout": return Call("Dropout", A("p"));
                case "LeakyReLU": return Call("LeakyReLU", A("slope"), inplace);
                case "ConvStack": return Call("ConvStack", A("spec"), A("Kernel"), A("Padding"), A("BatchNorm"));
                case "Repeat": return Repeat(layer, ctx, name);
                case "Use": return $"new {layer.Arg("block").Text}({ctx}.Child({name}), ref __shape{BlockArgs(layer, null, "__shape")})";
                default: return Call("Activation", "global::NetDsl.Act." + layer.Kind, inplace);
            }
        }

        string Repeat(LayerSpec layer, string ctx, string name)
        {
            string type = layer.Arg("block").Text;
            string blockName = blocks.TryGetValue(type, out var b) ? b.Name : type;
            return $"{Names.Layers}.Repeat({ctx}, {name}, ref __shape, {args.Of(layer, "count")}, {Literal(blockName)}, " +
                   $"({Names.Context} __c, int __i, ref {Names.Shape} __s) => new {type}(__c, ref __s{BlockArgs(layer, "__i", "__s")}), " +
                   $"{args.Of(layer, "Prefix")}, {args.Of(layer, "Start")})";
        }

        /// <summary>Arguments after (ctx, ref shape); in a Repeat, stride only on instance 0.</summary>
        string BlockArgs(LayerSpec layer, string? index, string shapeVariable)
        {
            if (!blocks.TryGetValue(layer.Arg("block").Text, out var block)) return "";
            var code = ArgCode.ForBuild(decl, shapeVariable, index);
            var parts = new List<string>();
            for (int i = 0; i < layer.Extra.Count && i < block.Parameters.Count; i++)
            {
                var p = block.Parameters[i];
                string arg = Binding.Cast(p, code.Of(layer.Extra[i], Binding.TypeOf(p) ?? ArgType.Int));
                if (index != null && p.Name == BlockUse.FirstOnlyParameter && p.Default.Kind == ValueKind.Int)
                    arg = $"{index} == 0 ? {arg} : {p.Default.Int.ToString(CultureInfo.InvariantCulture)}";
                parts.Add(arg);
            }
            return parts.Count == 0 ? "" : ", " + string.Join(", ", parts);
        }

        /// <summary>Every member is built from the block's input; the branch shapes are merged and checked.</summary>
        void WriteBranches(SourceWriter w)
        {
            var outputs = new List<string>();
            for (int i = 0; i < decl.Members.Count; i++)
            {
                if (i > 0) w.Line("__shape = __input;");
                WriteMember(w, decl.Members[i]);
                w.Line($"var __branch{i} = __shape;");
                outputs.Add("__branch" + i.ToString(CultureInfo.InvariantCulture));
            }
            string concat = decl.Branches!.Merge == "Concat" ? "true" : "false";
            w.Line($"__shape = {Names.Layers}.MergeBranches(__ctx, {concat}, {string.Join(", ", outputs)});");
        }

        void WriteResidual(SourceWriter w, ResidualSpec residual)
        {
            if (residual.Merge == "Concat") { w.Line($"{Names.Layers}.ConcatSkip(__ctx, __input, ref __shape);"); return; }
            if (residual.IfShapesMatch) { w.Line("this.__skip = __input == __shape; // the skip exists only where the body keeps the shape"); return; }
            if (residual.Projection == null) { w.Line($"{Names.Layers}.ResidualAdd(__ctx, __input, __shape);"); return; }
            w.Line($"this.@{residual.Projection} = {Names.Layers}.Projection(__ctx, {Literal(residual.Projection)}, __input, __shape);");
            w.Line($"if (this.@{residual.Projection} is not null) register_module({Literal(residual.Projection)}, this.@{residual.Projection});");
        }

        static string Literal(string s) => Expressions.Literals.String(s);
    }
}
