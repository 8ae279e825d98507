using System.Collections.Generic;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Emit
{
    /// <summary>Emits a straight-line <c>forward</c> inside a dispose scope: no reflection, no lookups.</summary>
    internal sealed class ForwardEmitter
    {
        readonly DeclarationSpec decl;
        readonly ArgCode args;
        readonly IReadOnlyDictionary<string, DeclarationSpec> blocks;

        public ForwardEmitter(DeclarationSpec decl, IReadOnlyDictionary<string, DeclarationSpec> blocks)
        {
            this.decl = decl;
            this.blocks = blocks;
            args = ArgCode.ForForward(decl);
        }

        public void Write(SourceWriter w)
        {
            if (WiringCode.HasAuxiliary(decl))
            {
                // forward is inference: the main output only. ForwardTraining also runs the auxiliary heads.
                w.Line("/// <inheritdoc/>");
                w.Line($"public override {Names.Tensor} forward({Names.Tensor} __x) => Forward(__x, null);").Line();
                w.Line("/// <summary>Training forward: the main output and every auxiliary head's output with its loss weight.</summary>");
                w.Open($"public global::NetDsl.TrainingOutputs ForwardTraining({Names.Tensor} __x)");
                w.Line("var __aux = new global::System.Collections.Generic.List<global::NetDsl.AuxiliaryOutput>();");
                w.Line("var __main = Forward(__x, __aux);");
                w.Line("return new global::NetDsl.TrainingOutputs(__main, __aux);");
                w.Close().Line();
                w.Open($"private {Names.Tensor} Forward({Names.Tensor} __x, global::System.Collections.Generic.List<global::NetDsl.AuxiliaryOutput>? __aux)");
            }
            else w.Line("/// <inheritdoc/>").Open($"public override {Names.Tensor} forward({Names.Tensor} __x)");
            if (decl.Kind == DeclarationKind.Network) w.Line("CheckForward(__x);");
            w.Line("using var __scope = global::TorchSharp.torch.NewDisposeScope();");
            PrecisionCode.WriteEnter(w, decl);
            w.Line("var __input = __x;");
            string? lastKind = null;
            if (decl.Branches != null) WriteBranches(w, decl.Branches);
            else
            {
                var kept = WiringCode.Kept(decl);
                foreach (var member in decl.Members)
                {
                    string? kind = null;
                    var inner = WiringCode.Inner(member, kept, blocks);
                    WiringCode.Forward(w, member, kept, () => kind = inner.Count > 0 ? WriteSplit(w, member, inner) : WriteMember(w, member));
                    if (member.Wiring?.IsAuxiliary != true) lastKind = kind;
                }
            }
            if (decl.SqueezeExcite != null)
            {
                w.Line($"__x = this.@{decl.SqueezeExcite.Name}.forward(__x);");
                lastKind = MemberLayout.SqueezeExciteMarker;
            }
            if (decl.Residual != null) WriteScaleAndDrop(w, decl.Residual, ref lastKind);
            if (decl.Residual != null) WriteResidual(w, decl.Residual, lastKind);
            w.Line($"return {PrecisionCode.Output(decl, "__x")}.MoveToOuterDisposeScope();");
            w.Close();
        }

        /// <summary>Writes one member; returns the kind of its last layer when that is known to be safe to overwrite.</summary>
        string? WriteMember(SourceWriter w, MemberSpec member)
        {
            w.Line($"__x = {PrecisionCode.Call(member)};");
            if (MemberLayout.Of(member) != LayoutKind.Direct) return null;
            var layers = member.Layers;
            for (int i = 1; i < layers.Count; i++)
                w.Line($"__x = {Functional(layers[i], MemberLayout.InPlaceSafeAfter(layers[i - 1].Kind))};");
            return layers[layers.Count - 1].Kind;
        }

        /// <summary>
        /// A member with taps inside it ("backbone.4"): its module's children run in order, split after each tapped child,
        /// whose output is kept (the generator checked the children in order are the module's forward).
        /// </summary>
        static string? WriteSplit(SourceWriter w, MemberSpec member, List<Checking.InnerTap> taps)
        {
            int from = 0;
            foreach (var tap in taps)
            {
                if (tap.Index + 1 > from)
                {
                    w.Line($"__x = global::NetDsl.Compute.Children({PrecisionCode.Field(member)}, __x, {WiringCode.Index(from)}, {WiringCode.Index(tap.Index + 1)});");
                    from = tap.Index + 1;
                }
                w.Line($"var __t_{WiringCode.Local(tap.Tap)} = __x;");
            }
            w.Line($"__x = global::NetDsl.Compute.Children({PrecisionCode.Field(member)}, __x, {WiringCode.Index(from)}, int.MaxValue);");
            return null;
        }

        /// <summary>
        /// A parameter-free layer applied in forward: <c>global::NetDsl.Functional.Apply(__x, new MaxPoolArgs { Kernel = 3 }, …)</c>,
        /// the runtime's functional form of the kind, picked by the record's type.
        /// </summary>
        string Functional(LayerSpec layer, bool inplace)
        {
            var kind = KindSchema.Find(layer.Kind)!;
            string record = "global::" + kind.Kind.ArgsType.FullName;
            return $"global::NetDsl.Functional.Apply(__x, new {record}(){args.Record(layer, kind)}, this.training, {(inplace ? "true" : "false")})";
        }

        void WriteBranches(SourceWriter w, BranchesSpec branches)
        {
            var outputs = new System.Collections.Generic.List<string>();
            for (int i = 0; i < decl.Members.Count; i++)
            {
                int source = BranchPaths.Source(decl, i);
                if (source >= 0) w.Line($"__x = __branch{source.ToString(System.Globalization.CultureInfo.InvariantCulture)};");
                else if (i > 0) w.Line("__x = __input;");
                WriteMember(w, decl.Members[i]);
                string name = "__branch" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                w.Line($"var {name} = __x;");
                if (BranchPaths.IsOutput(decl, i)) outputs.Add(name);
            }
            if (branches.Merge == "Concat")
                w.Line($"__x = global::TorchSharp.torch.cat(new[] {{ {string.Join(", ", outputs)} }}, 1);");
            else
            {
                // The first add makes a fresh tensor; the rest accumulate into it in place.
                string sum = outputs[0];
                for (int i = 1; i < outputs.Count; i++)
                    sum = $"global::NetDsl.Compute.Add({sum}, {outputs[i]}, {(i == 1 ? "false" : "true")})";
                w.Line($"__x = {sum};");
            }
            if (branches.After != "None") w.Line($"__x = global::NetDsl.Activations.Apply(global::NetDsl.Act.{branches.After}, __x, true);");
            if (branches.Shuffle is { } shuffle)
                w.Line($"__x = global::NetDsl.Modules.ChannelOps.ShuffleChannels(__x, {ArgCode.ForForward(decl).Of(shuffle, ArgType.Int)});");
        }

        /// <summary>[Residual(LayerScale, StochasticDepth)]: the body's output scaled, then dropped per sample (or for the batch) in training, before the add.</summary>
        void WriteScaleAndDrop(SourceWriter w, ResidualSpec residual, ref string? lastKind)
        {
            if (residual.LayerScale != null)
            {
                w.Line($"__x = __x.mul(this.@{ResidualSpec.LayerScaleName}!);");
                lastKind = null; // a fresh product: keep the add out of place, as for any layer of unknown safety
            }
            if (residual.StochasticDepth != null)
            {
                // With IfShapesMatch the drop, like the add, runs only where the skip exists (BuildEmitter records it so).
                string ifSkip = residual.Merge != "Concat" && residual.IfShapesMatch ? "if (this.__skip) " : "";
                var code = ArgCode.ForForward(decl);
                w.Line(residual.StochasticDepthMode is { } mode
                    ? $"{ifSkip}__x = global::NetDsl.Modules.AxisOps.Drop(__x, {code.Of(residual.StochasticDepth, ArgType.Double)}, {code.Of(mode, ArgType.String)}, this.training);"
                    : $"{ifSkip}__x = global::NetDsl.Modules.AxisOps.DropRows(__x, {code.Of(residual.StochasticDepth, ArgType.Double)}, this.training);");
                lastKind = null;
            }
        }

        // In place only when the body's last output is not needed by its own backward pass.
        static string InPlace(string? lastKind) => MemberLayout.InPlaceSafeAfter(lastKind) ? "true" : "false";

        static void WriteResidual(SourceWriter w, ResidualSpec residual, string? lastKind)
        {
            if (residual.Merge == "Concat")
            {
                w.Line("__x = global::TorchSharp.torch.cat(new[] { __input, __x }, 1);");
                if (residual.After != "None") w.Line($"__x = global::NetDsl.Activations.Apply(global::NetDsl.Act.{residual.After}, __x, true);");
                return;
            }
            if (residual.IfShapesMatch)
            {
                w.Line($"if (this.__skip) __x = global::NetDsl.Compute.Add(__x, __input, {InPlace(lastKind)});");
                if (residual.After != "None") w.Line($"__x = global::NetDsl.Activations.Apply(global::NetDsl.Act.{residual.After}, __x, true);");
                return;
            }
            string shortcut = residual.Projection == null
                ? "__input"
                : $"this.@{residual.Projection} is null ? __input : {PrecisionCode.Projection(residual.Projection, "__input")}";
            w.Line($"__x = global::NetDsl.Compute.Add(__x, {shortcut}, {InPlace(lastKind)});");
            if (residual.After != "None") w.Line($"__x = global::NetDsl.Activations.Apply(global::NetDsl.Act.{residual.After}, __x, true);");
        }
    }
}
