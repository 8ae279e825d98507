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
            w.Line("/// <inheritdoc/>");   // before the attribute, or the comment documents nothing
            // Tells nullable analysis that Build assigns every member, so a constructor that calls it is clean.
            if (decl.Members.Count > 0)
            {
                var members = new List<string>();
                foreach (var m in decl.Members) members.Add(Literal(m.Name));
                if (decl.SqueezeExcite != null) members.Add(Literal(decl.SqueezeExcite.Name));
                w.Line($"[global::System.Diagnostics.CodeAnalysis.MemberNotNull({string.Join(", ", members)})]");
            }
            w.Open($"protected override void Build({Names.Context} __ctx, ref {Names.Shape} __shape)");
            // A network's Act argument is given at run time (ND0013 checks only constants): a number that names no activation fails
            // here, naming the parameter and the values, before any layer is built. Blocks get theirs from checked code.
            if (decl.Kind == DeclarationKind.Network)
                foreach (var p in decl.Parameters)
                    if (p.TypeName == Binding.ActType)
                        w.Line($"global::NetDsl.Activations.Defined(@{p.Name}, {Literal(p.Name)}, {Literal(decl.Name)});");
            w.Line("var __input = __shape;");
            w.Line("var __v_input = __ctx.Current; // the declared graph's value, saved and restored where forward's tensor is");
            if (decl.Residual?.ProjectionFirst == true && decl.Residual.Projection != null) deferred = new List<MemberSpec>();
            // [Under] containers: created up front (a member inside braces may be the first to use one), registered at their first member.
            var declared = new HashSet<string>();
            foreach (var member in decl.Members)
                if (member.Under != null && declared.Add(member.Under)) w.Line($"var __under_{member.Under} = new global::NetDsl.ModuleGroup();");
            if (decl.Branches != null) WriteBranches(w);
            else
            {
                var kept = WiringCode.Kept(decl);
                foreach (var member in decl.Members) WiringCode.Build(w, member, kept, blocks, args, () => WriteMember(w, member));
            }
            if (decl.SqueezeExcite is { } se)
            {
                w.Line($"this.@{se.Name} = {Names.Layers}.SqueezeExcite(__ctx, {Literal(se.Name)}, ref __shape, {args.Of(se.Reduction, ArgType.Int)});");
                w.Line($"register_module({Literal(se.Name)}, this.@{se.Name});");
            }
            if (decl.Residual != null) WriteResidual(w, decl.Residual);
            if (deferred != null)
                foreach (var member in deferred) Register(w, member);
            deferred = null;
            groups.Clear();
            w.Close();
        }

        void WriteMember(SourceWriter w, MemberSpec member)
        {
            string name = Literal(member.ModuleName);
            var layers = member.Layers;
            if (MemberLayout.Of(member) == LayoutKind.Direct)
            {
                w.Line($"this.@{member.Name} = {Typed(member)}{Factory(layers[0], "__ctx", name, null)};");
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
            if (deferred != null) deferred.Add(member);
            else Register(w, member);
        }

        /// <summary>
        /// The cast to a member's declared module type (<c>public Conv2d conv</c>) where the kind's factory returns a type of both
        /// ranks (<c>Convolution</c> for [Conv]); empty for a member declared <c>Layer</c> and for blocks. The checker has made sure
        /// the declared type is the one the kind builds at the instance's rank (ND0025).
        /// </summary>
        static string Typed(MemberSpec member)
        {
            var kind = member.Layers[0].Kind;
            if (kind == "Use" || kind == "Repeat" || member.TypeName == Names.ModuleType) return "";
            return "(" + member.TypeName + ")";
        }

        /// <summary>Registers a member under its name, or ([Under]) in its container, which is created and registered first.</summary>
        void Register(SourceWriter w, MemberSpec member)
        {
            if (member.Under == null)
            {
                w.Line($"register_module({Literal(member.ModuleName)}, this.@{member.Name});");
                return;
            }
            string group = "__under_" + member.Under;
            if (groups.Add(member.Under)) w.Line($"register_module({Literal(member.Under)}, {group});");
            w.Line($"{group}.Add({Literal(member.Name)}, this.@{member.Name});");
        }

        /// <summary>[Under] containers created so far in this Build.</summary>
        readonly HashSet<string> groups = new HashSet<string>();

        /// <summary>Members built but not yet registered ([Residual(ProjectionFirst = true)]: registered after the projection).</summary>
        List<MemberSpec>? deferred;

        /// <summary>
        /// <c>Layers.Conv(ctx, "conv1", ref __shape, new() { OutChannels = 64, Kernel = 7 })</c>: the kind's factory with its
        /// argument record; activations also get whether they may work in place.
        /// </summary>
        string Factory(LayerSpec layer, string ctx, string name, string? previousKind)
        {
            if (layer.Kind == "Repeat") return Repeat(layer, ctx, name);
            if (layer.Kind == "Use") return $"new {layer.Arg("block").Text}({ctx}.Child({name}), ref __shape{BlockArgs(layer, null, "__shape")})";
            var kind = KindSchema.Find(layer.Kind)!;
            string inplace = kind.Kind.TakesInplace ? ", inplace: " + (MemberLayout.InPlaceSafeAfter(previousKind) ? "true" : "false") : "";
            return $"{Names.Layers}.{kind.Kind.Factory}({ctx}, {name}, ref __shape, new(){args.Record(layer, kind)}{inplace})";
        }

        string Repeat(LayerSpec layer, string ctx, string name)
        {
            string type = layer.Arg("block").Text;
            string blockName = blocks.TryGetValue(type, out var b) ? b.Name : type;
            var kind = KindSchema.Find("Repeat")!;
            return $"{Names.Layers}.Repeat({ctx}, {name}, ref __shape, new(){args.Record(Structural(layer), kind)}, {Literal(blockName)}, " +
                   $"({Names.Context} __c, int __i, ref {Names.Shape} __s) => new {type}(__c, ref __s{BlockArgs(layer, "__i", "__s")}))";
        }

        /// <summary>A Repeat's own arguments (count, names); the block arguments are emitted into the constructor call instead.</summary>
        static LayerSpec Structural(LayerSpec layer)
        {
            var own = new List<ArgSpec>();
            foreach (var a in layer.Args)
                if (a.Name != nameof(NetDsl.Shapes.RepeatArgs.Args) && a.Name != nameof(NetDsl.Shapes.RepeatArgs.First)) own.Add(a);
            return layer with { Args = EquatableArray.From(own) };
        }

        /// <summary>
        /// Named C# arguments after (ctx, ref shape), from the same <see cref="BlockArguments"/> the checker bound:
        /// <c>__p_planes: 128, __p_stride: __i == 0 ? 2 : 1</c> in a Repeat whose First sets the stride.
        /// </summary>
        string BlockArgs(LayerSpec layer, string? index, string shapeVariable)
        {
            if (!blocks.TryGetValue(layer.Arg("block").Text, out var block)) return "";
            var assigned = BlockArguments.Of(block, layer, "", out _);
            if (assigned == null) return "";
            var code = ArgCode.ForBuild(decl, shapeVariable, index);
            var parts = new List<string>();
            for (int i = 0; i < block.Parameters.Count; i++)
            {
                var p = block.Parameters[i];
                var type = Binding.TypeOf(p) ?? ArgType.Int;
                var all = assigned.All[i];
                var first = index != null ? assigned.First[i] : null;
                if (all.Kind == ValueKind.Missing && first == null) continue;
                string later = all.Kind == ValueKind.Missing ? ArgCode.Constant(p.Default, type) : code.Of(all, type);
                string arg = first == null ? later : $"{index} == 0 ? {code.Of(first, type)} : {later}";
                parts.Add(ModuleEmitter.BlockParameter(p) + ": " + Binding.Cast(p, arg));
            }
            return parts.Count == 0 ? "" : ", " + string.Join(", ", parts);
        }

        /// <summary>Every member is built from the block's input; the branch shapes are merged and checked.</summary>
        void WriteBranches(SourceWriter w)
        {
            var outputs = new List<string>();
            for (int i = 0; i < decl.Members.Count; i++)
            {
                int source = BranchPaths.Source(decl, i);
                if (source >= 0)
                {
                    string from = source.ToString(CultureInfo.InvariantCulture);
                    w.Line($"__shape = __branch{from};").Line($"__ctx.Current = __v_branch{from};");
                }
                else if (i > 0) w.Line("__shape = __input;").Line("__ctx.Current = __v_input;");
                WriteMember(w, decl.Members[i]);
                w.Line($"var __branch{i} = __shape;");
                w.Line($"var __v_branch{i} = __ctx.Current;");
                if (BranchPaths.IsOutput(decl, i)) outputs.Add("__branch" + i.ToString(CultureInfo.InvariantCulture));
            }
            string concat = decl.Branches!.Merge == "Concat" ? "true" : "false";
            var values = outputs.ConvertAll(o => o.Replace("__branch", "__v_branch"));
            w.Line($"__shape = {Names.Layers}.MergeBranches(__ctx, {concat}, new[] {{ {string.Join(", ", values)} }}, {string.Join(", ", outputs)});");
            WriteAfter(w, decl.Branches.After);
            if (decl.Branches.Shuffle is { } shuffle)
                w.Line($"__shape = {Names.Layers}.ShuffleBranches(__ctx, {ArgCode.ForBuild(decl).Of(shuffle, ArgType.Int)}, __shape);");
        }

        void WriteResidual(SourceWriter w, ResidualSpec residual)
        {
            if (residual.LayerScale != null)
            {
                w.Line($"this.@{ResidualSpec.LayerScaleName} = {Names.Layers}.LayerScale(__ctx, __shape, {args.Of(residual.LayerScale, ArgType.Double)});");
                w.Line($"register_parameter({Literal(ResidualSpec.LayerScaleName)}, this.@{ResidualSpec.LayerScaleName});");
            }
            bool ifSkip = residual.Merge != "Concat" && residual.IfShapesMatch;
            if (ifSkip) w.Line("this.__skip = __input == __shape; // the skip exists only where the body keeps the shape");
            // With IfShapesMatch the drop, like the add, exists only where the skip does (torchvision's MBConv: use_res_connect).
            if (residual.StochasticDepth != null)
                w.Line($"{(ifSkip ? "if (this.__skip) " : "")}{Names.Layers}.ResidualStochasticDepth(__ctx, __shape, {args.Of(residual.StochasticDepth, ArgType.Double)}" +
                       (residual.StochasticDepthMode is { } mode ? $", {args.Of(mode, ArgType.String)});" : ");"));
            if (residual.Merge == "Concat") w.Line($"{Names.Layers}.ConcatSkip(__ctx, __input, __v_input, ref __shape);");
            else if (ifSkip) w.Line($"if (this.__skip) {Names.Layers}.ResidualAdd(__ctx, __input, __v_input, __shape);");
            else if (residual.Projection == null) w.Line($"{Names.Layers}.ResidualAdd(__ctx, __input, __v_input, __shape);");
            else
            {
                w.Line($"this.@{residual.Projection} = {Names.Layers}.Projection(__ctx, {Literal(residual.Projection)}, __input, __v_input, __shape);");
                w.Line($"if (this.@{residual.Projection} is not null) register_module({Literal(residual.Projection)}, this.@{residual.Projection});");
            }
            WriteAfter(w, residual.After);
        }

        /// <summary>The activation forward applies after a merge: recorded in the declared graph (it has no module).</summary>
        static void WriteAfter(SourceWriter w, string after)
        {
            if (after != "None") w.Line($"{Names.Layers}.AfterMerge(__ctx, global::NetDsl.Act.{after}, __shape);");
        }

        static string Literal(string s) => Expressions.Literals.String(s);
    }
}
