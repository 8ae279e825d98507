using System.Collections.Generic;
using NetDsl.Generators.Expressions;
using NetDsl.Generators.Model;
using NetDsl.Shapes;

namespace NetDsl.Generators.Checking
{
    /// <summary>Checks [Repeat] and [Use]: each block instance with the values it is given.</summary>
    internal static class BlockUse
    {
        public static bool Check(Instantiator run, LayerSpec layer, ArgResolver resolver, string path, ref TensorShape shape)
        {
            var typeArg = layer.Arg("block");
            string display = typeArg.Text.StartsWith("global::", System.StringComparison.Ordinal) ? typeArg.Text.Substring(8) : typeArg.Text;
            if (typeArg.IsNetworkType)
                return run.Fail(ShapeIssueIds.UnknownBlock,
                    $"{path}: {display} is a [Network], which [{layer.Kind}] cannot take (a network is a whole model, with its own input); " +
                    $"move the layers both need into a [Block] and [Use] it in both, or name a block type.", typeArg.Location ?? layer.Location);
            if (typeArg.Kind == ValueKind.Type && typeArg.ReferencedBlockAssembly is { } assembly)
                return run.Fail(ShapeIssueIds.UnknownBlock,
                    $"{path}: {display} is a [Block] declared in the referenced assembly {assembly}, but NetDsl checks and builds a block from its source, " +
                    $"which only the project that declares it has; declare the block in this project (copy or link its file), or name a block type declared here.", typeArg.Location ?? layer.Location);
            if (typeArg.Kind != ValueKind.Type || !run.TryGetBlock(typeArg.Text, out var block))
                return run.Fail(ShapeIssueIds.UnknownBlock,
                    $"{path}: {display} is not a [Block] class; mark it [Block] and partial, or name a block type.", typeArg.Location ?? layer.Location);
            int count = 1, start = 0;
            string names = "";
            bool repeat = layer.Kind == "Repeat";
            if (repeat)
            {
                var args = (RepeatArgs?)LayerChecker.Bind(layer, KindSchema.Find("Repeat")!, resolver.At(shape), path, out var error);
                if (error != null) return run.Fail(error);
                count = args!.Count;
                names = args.Prefix;
                start = args.Start;
                var issue = StructureRules.RepeatCount(path, block.Name, count) ?? StructureRules.RepeatTotal(path, block.Name, count, run.Repeated);
                if (issue != null) return run.Fail(issue, layer.Arg("count").Location ?? layer.Location);
            }
            var assigned = BlockArguments.Of(block, layer, path, out var assignError);
            if (assigned == null) return run.Fail(assignError!);
            if (run.Active.Contains(block.FullName))
                return run.Fail(ShapeIssueIds.BlockCycle,
                    $"{path}: block {block.Name} contains itself ({Chain(run, block)}); a block cannot use itself, directly or through other blocks.", layer.Location);
            run.Active.Add(block.FullName);
            long repeated = run.Repeated;
            run.Repeated = repeated * count;
            try
            {
                for (int i = 0; i < count; i++)
                {
                    // Arguments are bound per instance: C, H and W name the shape entering that instance.
                    var here = repeat ? resolver.At(shape).WithIndex(i) : resolver.At(shape);
                    var env = Binding.Bind(block, assigned.For(i), here, path, layer.Location, out var bindError);
                    if (env == null) return run.Fail(bindError!);
                    string prefix = repeat ? path + "." + RepeatPlan.InstanceName(names, start, i) + "." : path + ".";
                    int before = run.DiagnosticCount;
                    var outer = run.Frame;
                    run.Frame = new BlockFrame(block, layer, assigned.For(i), outer);
                    bool ran;
                    try { ran = run.Run(block, env, prefix, ref shape); }
                    finally { run.Frame = outer; }
                    // The block's rules broke for the arguments chosen here: report at this [Use]/[Repeat], the block as also.
                    run.Relocate(before, layer.Location);
                    if (!ran) return false;
                    if (repeat) run.Outputs[prefix.TrimEnd('.')] = (shape, run.Path);
                }
                return true;
            }
            finally
            {
                run.Active.RemoveAt(run.Active.Count - 1);
                run.Repeated = repeated;
            }
        }

        static string Chain(Instantiator run, DeclarationSpec block)
        {
            var names = new List<string>();
            foreach (var full in run.Active)
            {
                int dot = full.LastIndexOf('.');
                names.Add(dot >= 0 ? full.Substring(dot + 1) : full.Replace("global::", ""));
            }
            names.Add(block.Name);
            return string.Join(" → ", names);
        }
    }
}
