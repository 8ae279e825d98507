using System.Collections.Generic;
using System.Globalization;
using NetDsl.Generators.Checking;
using NetDsl.Generators.Expressions;
using NetDsl.Generators.Model;

namespace NetDsl.Generators.Emit
{
    /// <summary>Emits NetDsl.Generated.ModelCatalog: one entry per checked network instance, in name order.</summary>
    internal static class CatalogEmitter
    {
        /// <summary>
        /// Whether the catalogue lists the network: checked without errors, not abstract, and constructible by <c>new T(…)</c> (a
        /// network whose constructors all take arguments is created by the app, which knows them, not by name).
        /// </summary>
        static bool Listed(CheckedDeclaration item) => !item.HasErrors && !item.Spec.IsAbstract && item.Spec.Constructible;

        /// <summary>
        /// ND0027 (a warning) for each network instance left out of the catalogue because an earlier one has its name (two Net in
        /// different namespaces, two [Network(Name = "same")]), at the one left out, naming both.
        /// </summary>
        public static IEnumerable<DiagnosticInfo> Duplicates(IReadOnlyList<CheckedDeclaration> networks)
        {
            var first = new Dictionary<string, (string FullName, LocationInfo? At)>(System.StringComparer.Ordinal);
            // Every name the catalogue would list, so the advised Name is one no network has (else applying it repeats the warning).
            var taken = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var item in networks)
                if (Listed(item))
                    foreach (var instance in item.Instances) if (instance.Ok) taken.Add(instance.Name);
            foreach (var item in networks)
            {
                if (!Listed(item)) continue;
                var spec = item.Spec;
                foreach (var instance in item.Instances)
                {
                    if (!instance.Ok) continue;
                    string fullName = spec.FullName.Replace("global::", "");
                    LocationInfo? at = spec.Location;
                    foreach (var v in spec.Variants) if (v.Name == instance.Name && v.Location != null) at = v.Location;
                    if (!first.TryGetValue(instance.Name, out var kept))
                    {
                        first[instance.Name] = (fullName, at);
                        continue;
                    }
                    string other = FreeName(fullName.Replace("@", "").ToLowerInvariant(), taken);
                    yield return new DiagnosticInfo(NetDsl.Shapes.ShapeIssueIds.DuplicateModelName,
                        $"{spec.Name}: the model catalogue already lists {kept.FullName} as \"{instance.Name}\", so {fullName} is left out of it (ModelCatalog.All, the CLI's list and create by name); " +
                        (spec.Variants.Count > 0 ? "rename the variant" : $"name it with [Network(Name = \"{other}\")]") + " or rename one of the two.",
                        at, kept.At == null ? default : EquatableArray.From(new[] { kept.At.Value }));
                }
            }
        }

        /// <summary><paramref name="wanted"/>, or "wanted-2", "wanted-3", … where a network already has it; reserved once advised.</summary>
        static string FreeName(string wanted, HashSet<string> taken)
        {
            string name = wanted;
            for (int n = 2; taken.Contains(name); n++) name = wanted + "-" + n.ToString(CultureInfo.InvariantCulture);
            taken.Add(name);
            return name;
        }

        public static string? Emit(IReadOnlyList<CheckedDeclaration> networks)
        {
            var entries = new SortedDictionary<string, string>(System.StringComparer.Ordinal);
            foreach (var item in networks)
            {
                if (!Listed(item)) continue;
                var spec = item.Spec;
                foreach (var instance in item.Instances)
                {
                    if (!instance.Ok || entries.ContainsKey(instance.Name)) continue;
                    entries[instance.Name] =
                        $"new global::NetDsl.ModelEntry({Literals.String(instance.Name)}, {Literals.String(spec.FullName.Replace("global::", ""))}, " +
                        $"{Names.ShapeLiteral(instance.Input)}, {instance.Parameters.ToString(CultureInfo.InvariantCulture)}, " +
                        $"{instance.MultiplyAdds.ToString(CultureInfo.InvariantCulture)}, () => {ModuleEmitter.VariantConstruction(spec, instance.Name)}" +
                        (spec.LearningRate > 0 ? $", learningRate: {Literals.Double(spec.LearningRate)}" : "") +
                        (spec.Task != "Classification" ? $", task: global::NetDsl.ModelTask.{spec.Task}" : "") +
                        (spec.Optimizer != null ? $", optimizer: {Literals.String(spec.Optimizer)}" : "") +
                        $", type: typeof({spec.FullName})),";
                }
            }
            if (entries.Count == 0) return null;
            var w = new SourceWriter();
            w.Header();
            w.Open("namespace NetDsl.Generated");
            // Internal: every project with networks has its own, and a public one in this fixed namespace would clash (CS0436) with
            // that of each referenced library (NetDsl.Models); a library exposes its models through its own API (Models.All).
            w.Line("/// <summary>Every network declared in this project, as checked at compile time (internal: a library exposes its models through its own API).</summary>");
            w.Open("internal static class ModelCatalog");
            w.Line("/// <summary>All entries, ordered by name.</summary>");
            w.Line("public static global::System.Collections.Generic.IReadOnlyList<global::NetDsl.ModelEntry> All { get; } = new global::NetDsl.ModelEntry[]");
            w.Line("{");
            foreach (var entry in entries.Values) w.Line("    " + entry);
            w.Line("};");
            w.Close();
            w.Close();
            return w.ToString();
        }
    }
}
