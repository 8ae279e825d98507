using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetDsl.Generators.Checking;
using NetDsl.Generators.Diagnostics;
using NetDsl.Generators.Emit;
using NetDsl.Generators.Model;
using NetDsl.Generators.Parsing;

namespace NetDsl.Generators
{
    /// <summary>
    /// Parse [Network]/[Block] classes into equatable specs, check every instance's shapes, emit one
    /// file per declaration plus the model catalogue. Every stage catches its own failures: an
    /// exception here would silently drop all output, so it becomes an ND0015 diagnostic instead.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class NetDslGenerator : IIncrementalGenerator
    {
        public static class Steps
        {
            public const string Networks = "NetworkSpecs";
            public const string Blocks = "BlockSpecs";
            public const string AllBlocks = "AllBlocks";
            public const string NetworkInputs = "NetworkInputs";
            public const string BlockInputs = "BlockInputs";
            public const string CheckedNetworks = "CheckedNetworks";
            public const string CheckedBlocks = "CheckedBlocks";
            public const string NetworkSources = "NetworkSources";
            public const string BlockSources = "BlockSources";
            public const string Catalog = "Catalog";
            public const string HintNames = "HintNames";
            public const string NetworkFiles = "NetworkFiles";
            public const string BlockFiles = "BlockFiles";
            public const string Findings = "Findings";
        }

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var networks = context.SyntaxProvider.ForAttributeWithMetadataName("NetDsl.NetworkAttribute",
                    static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                    static (ctx, ct) => Safe(() => DeclarationParser.Parse(ctx, DeclarationKind.Network, ct), ctx))
                .WithTrackingName(Steps.Networks);
            var blocks = context.SyntaxProvider.ForAttributeWithMetadataName("NetDsl.BlockAttribute",
                    static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                    static (ctx, ct) => Safe(() => DeclarationParser.Parse(ctx, DeclarationKind.Block, ct), ctx))
                .WithTrackingName(Steps.Blocks);

            var allBlocks = blocks.Collect()
                .Select(static (items, _) => EquatableArray.From(items.Where(b => b.Kind == DeclarationKind.Block).OrderBy(b => b.FullName, StringComparer.Ordinal)))
                .WithTrackingName(Steps.AllBlocks);

            // Each declaration is checked against only the blocks it reaches: a block edit re-checks its users alone.
            var networkInputs = networks.Combine(allBlocks)
                .Select(static (pair, _) => UsedBlocks.For(pair.Left, pair.Right))
                .WithTrackingName(Steps.NetworkInputs);
            var blockInputs = blocks.Combine(allBlocks)
                .Select(static (pair, _) => UsedBlocks.For(pair.Left, pair.Right))
                .WithTrackingName(Steps.BlockInputs);
            var checkedNetworks = networkInputs
                .Select(static (input, _) => CheckSafely(input))
                .WithTrackingName(Steps.CheckedNetworks);
            var checkedBlocks = blockInputs
                .Select(static (input, _) => CheckSafely(input))
                .WithTrackingName(Steps.CheckedBlocks);

            // Sources and diagnostics are separate outputs (as System.Text.Json's generator does): the source stage sees only
            // the emitted text, so moving code (new locations, same declaration) re-reports diagnostics at their new places
            // while the generated files compare equal and are not added again.
            var networkSources = checkedNetworks.Select(static (c, _) => EmitSafely(c)).WithTrackingName(Steps.NetworkSources);
            var blockSources = checkedBlocks.Select(static (c, _) => EmitSafely(c)).WithTrackingName(Steps.BlockSources);
            var catalog = checkedNetworks.Collect().Select(static (items, _) => EmitCatalogSafely(items)).WithTrackingName(Steps.Catalog);
            // AddSource throws on a hint name used twice (compared case-insensitively), and that exception would drop every
            // generated file, so names are made unique across all files. Only the claimed names are collected (not the texts):
            // an edit that changes one declaration's code leaves the assignment Cached, and each file is its own output, so
            // that edit adds that declaration's file again and no other.
            var hintNames = catalog.Select(static (c, _) => c?.Text != null)
                .Combine(networkSources.Select(static (s, _) => HintClaim.Of(s)).Collect())
                .Combine(blockSources.Select(static (s, _) => HintClaim.Of(s)).Collect())
                .Select(static (all, _) => HintClaim.Assign(all.Left.Left, all.Left.Right, all.Right))
                .WithTrackingName(Steps.HintNames);
            var networkFiles = networkSources.Combine(hintNames).Select(static (pair, _) => HintClaim.Named(pair.Left, pair.Right))
                .WithTrackingName(Steps.NetworkFiles);
            var blockFiles = blockSources.Combine(hintNames).Select(static (pair, _) => HintClaim.Named(pair.Left, pair.Right))
                .WithTrackingName(Steps.BlockFiles);
            context.RegisterSourceOutput(catalog, static (spc, file) => AddSource(spc, file));
            context.RegisterSourceOutput(networkFiles, static (spc, file) => AddSource(spc, file));
            context.RegisterSourceOutput(blockFiles, static (spc, file) => AddSource(spc, file));
            // Diagnostics are reported against the compilation's syntax trees, so #pragma warning and .editorconfig apply to
            // them (a lint is suppressed like any warning); only declarations with findings do any work here.
            var findings = checkedNetworks.Collect().Combine(checkedBlocks.Collect())
                .Select(static (pair, _) => EquatableArray.From(pair.Left.Concat(pair.Right).SelectMany(c => c.Diagnostics).Concat(CatalogEmitter.Duplicates(pair.Left))))
                .WithTrackingName(Steps.Findings);
            context.RegisterSourceOutput(findings.Combine(context.CompilationProvider), static (spc, pair) => Report(spc, pair.Left, pair.Right));
        }

        /// <summary>The fixed hint name of the model catalogue; a declaration whose own hint name equals it gets a suffix instead.</summary>
        public const string CatalogHintName = "NetDsl.ModelCatalog.g.cs";

        static GeneratedSource? EmitCatalogSafely(ImmutableArray<CheckedDeclaration> items)
        {
            try
            {
                string? text = CatalogEmitter.Emit(items);
                return text == null ? null : new GeneratedSource(CatalogHintName, text, null) { Key = CatalogHintName };
            }
            catch (Exception e)
            {
                return new GeneratedSource(CatalogHintName, null, new DiagnosticInfo(NetDsl.Shapes.ShapeIssueIds.InternalError, "model catalogue: " + e.Message, null)) { Key = CatalogHintName };
            }
        }

        static DeclarationSpec Safe(Func<DeclarationSpec> parse, GeneratorAttributeSyntaxContext ctx)
        {
            try
            {
                return parse();
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception e)
            {
                var here = LocationInfo.From(ctx.TargetNode.GetLocation());
                var diagnostic = new DiagnosticInfo(NetDsl.Shapes.ShapeIssueIds.InternalError,
                    $"{ctx.TargetSymbol.Name}: NetDsl could not read this declaration ({e.GetType().Name}: {e.Message}); please report it.", here);
                return new DeclarationSpec
                {
                    Kind = DeclarationKind.Network,
                    Namespace = "",
                    Name = ctx.TargetSymbol.Name,
                    FullName = ctx.TargetSymbol.Name,
                    Accessibility = "internal",
                    IsPartial = false,
                    ParseDiagnostics = EquatableArray.From(new[] { diagnostic }),
                    HasInvalidAttributes = true,
                    Location = here,
                };
            }
        }

        static CheckedDeclaration CheckSafely(CheckInput input)
        {
            var spec = input.Spec;
            try
            {
                return DeclarationChecker.Check(spec, input.Blocks);
            }
            catch (OverflowException e)
            {
                // Sizes or counts beyond 32-bit tensor dimensions (e.g. a Flatten of a huge map): the user's numbers, not a NetDsl bug.
                var diagnostic = new DiagnosticInfo(NetDsl.Shapes.ShapeIssueIds.InvalidArgument,
                    $"{spec.Name}: a size or count in this declaration overflows a tensor dimension ({e.Message}); use smaller channel counts, sizes or multipliers.", spec.Location);
                return new CheckedDeclaration(spec, EquatableArray<InstanceResult>.Empty, EquatableArray.From(new[] { diagnostic }), input.Blocks);
            }
            catch (Exception e)
            {
                var diagnostic = new DiagnosticInfo(NetDsl.Shapes.ShapeIssueIds.InternalError,
                    $"{spec.Name}: NetDsl could not check this declaration ({e.GetType().Name}: {e.Message}); please report it.", spec.Location);
                return new CheckedDeclaration(spec, EquatableArray<InstanceResult>.Empty, EquatableArray.From(new[] { diagnostic }), input.Blocks);
            }
        }

        static void Report(SourceProductionContext spc, EquatableArray<DiagnosticInfo> findings, Compilation compilation)
        {
            if (findings.Count == 0) return;
            var trees = new Dictionary<string, SyntaxTree>();
            foreach (var tree in compilation.SyntaxTrees) trees[tree.FilePath] = tree;
            foreach (var d in findings) spc.ReportDiagnostic(ToDiagnostic(d, trees));
        }

        /// <summary>A finding as a Roslyn diagnostic: its fix's target first among the additional locations (then the targets of its further edits), the edit as properties.</summary>
        static Diagnostic ToDiagnostic(DiagnosticInfo d, Dictionary<string, SyntaxTree> trees)
        {
            var also = new List<Location>();
            var properties = ImmutableDictionary<string, string?>.Empty;
            if (d.Fix != null)
            {
                also.Add(At(d.Fix.Target, trees));
                properties = properties.Add(FixEdit.Keys.Action, d.Fix.Action.ToString())
                    .Add(FixEdit.Keys.Argument, d.Fix.Argument).Add(FixEdit.Keys.Value, d.Fix.Value);
                if (d.Fix.Alone) properties = properties.Add(FixEdit.Keys.Alone, "true");
                if (d.Fix.Title != null) properties = properties.Add(FixEdit.Keys.Title, d.Fix.Title);
                if (d.Fix.Then.Count > 0)
                {
                    properties = properties.Add(FixEdit.Keys.More, d.Fix.Then.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    int i = 0;
                    foreach (var more in d.Fix.Then)
                    {
                        string n = "." + (++i).ToString(System.Globalization.CultureInfo.InvariantCulture);
                        also.Add(At(more.Target, trees));
                        properties = properties.Add(FixEdit.Keys.Action + n, more.Action.ToString())
                            .Add(FixEdit.Keys.Argument + n, more.Argument).Add(FixEdit.Keys.Value + n, more.Value);
                    }
                }
            }
            foreach (var at in d.Also) also.Add(At(at, trees));
            return Diagnostic.Create(DiagnosticCatalog.ById(d.Id), d.Location is not { } where ? Location.None : At(where, trees), also, properties, d.Message);
        }

        /// <summary>The location in the compilation's tree of that file (a source location, which suppressions see), else a file location.</summary>
        static Location At(LocationInfo at, Dictionary<string, SyntaxTree> trees) =>
            trees.TryGetValue(at.FilePath, out var tree) && at.Span.End <= tree.Length ? Location.Create(tree, at.Span) : at.ToLocation();

        /// <summary>The declaration's generated file as plain text (equatable), or the reason it could not be emitted.</summary>
        static GeneratedSource? EmitSafely(CheckedDeclaration item)
        {
            if (!item.Spec.IsPartial) return null;
            string hint = Names.Hint(item.Spec.Namespace, item.Spec.Name);
            string key = item.Spec.Kind + ":" + item.Spec.FullName;
            try
            {
                var blocks = new Dictionary<string, DeclarationSpec>();
                foreach (var b in item.UsedBlocks) blocks[b.FullName] = b;
                return new GeneratedSource(hint, ModuleEmitter.Emit(item, blocks), null) { Key = key };
            }
            catch (Exception e)
            {
                return new GeneratedSource(hint, null, new DiagnosticInfo(NetDsl.Shapes.ShapeIssueIds.InternalError,
                    $"{item.Spec.Name}: NetDsl could not emit this declaration ({e.GetType().Name}: {e.Message}); please report it.", item.Spec.Location)) { Key = key };
            }
        }

        /// <summary>Adds the file under its (already unique) hint name and reports why it could not be emitted, if it could not.</summary>
        static void AddSource(SourceProductionContext spc, GeneratedSource? file)
        {
            if (file == null) return;
            if (file.Text != null)
            {
                try
                {
                    spc.AddSource(file.HintName, file.Text);
                }
                catch (ArgumentException e)
                {
                    // Never expected (HintClaim made the name unique, of identifier characters), but an exception here would lose every file.
                    spc.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalog.InternalError, Location.None, file.HintName + ": " + e.Message));
                }
            }
            if (file.Error != null)
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticCatalog.ById(file.Error.Id), file.Error.Location?.ToLocation() ?? Location.None, file.Error.Message));
        }
    }
}
