using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using NetDsl.Shapes;

namespace NetDsl.Generators.Diagnostics
{
    /// <summary>Every diagnostic NetDsl reports (tracked in AnalyzerReleases.Unshipped.md; see docs/diagnostics.md).</summary>
    public static class DiagnosticCatalog
    {
        const string Category = "NetDsl";

        static DiagnosticDescriptor Error(string id, string title) =>
            new DiagnosticDescriptor(id, title, "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
                helpLinkUri: "docs/diagnostics.md#" + id.ToLowerInvariant());

        public static readonly DiagnosticDescriptor InvalidInput = Error(ShapeIssueIds.InvalidInput, "Network input is not a shape");
        public static readonly DiagnosticDescriptor BadExpression = Error(ShapeIssueIds.BadExpression, "Attribute expression cannot be evaluated");
        public static readonly DiagnosticDescriptor UnknownBlock = Error(ShapeIssueIds.UnknownBlock, "Unknown block type");
        public static readonly DiagnosticDescriptor RepeatCount = Error(ShapeIssueIds.RepeatCount, "Repeat count below 1");
        public static readonly DiagnosticDescriptor ResidualChannels = Error(ShapeIssueIds.ResidualChannels, "Channel mismatch at a residual add");
        public static readonly DiagnosticDescriptor ResidualSpatial = Error(ShapeIssueIds.ResidualSpatial, "Spatial mismatch at a residual add");
        public static readonly DiagnosticDescriptor NonPositiveSize = Error(ShapeIssueIds.NonPositiveSize, "Layer output size is not positive");
        public static readonly DiagnosticDescriptor PinnedSize = Error(ShapeIssueIds.PinnedSize, "Pinned input size does not match");
        public static readonly DiagnosticDescriptor NotFlattened = Error(ShapeIssueIds.NotFlattened, "Linear on a feature map");
        public static readonly DiagnosticDescriptor Groups = Error(ShapeIssueIds.Groups, "Groups do not divide the channels");
        public static readonly DiagnosticDescriptor NeedsFeatureMap = Error(ShapeIssueIds.NeedsFeatureMap, "Layer needs a CxHxW feature map");
        public static readonly DiagnosticDescriptor BlockCycle = Error(ShapeIssueIds.BlockCycle, "Block contains itself");
        public static readonly DiagnosticDescriptor InvalidArgument = Error(ShapeIssueIds.InvalidArgument, "Invalid layer argument");
        public static readonly DiagnosticDescriptor NotPartial = Error(ShapeIssueIds.NotPartial, "Declaration must be a top-level partial class");
        public static readonly DiagnosticDescriptor InternalError = new DiagnosticDescriptor(ShapeIssueIds.InternalError,
            "NetDsl generator error", "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
        public static readonly DiagnosticDescriptor BlockArguments = Error(ShapeIssueIds.BlockArguments, "Block or variant arguments do not match its parameters");
        public static readonly DiagnosticDescriptor ConcatSpatial = Error(ShapeIssueIds.ConcatSpatial, "Spatial mismatch at a concat");
        public static readonly DiagnosticDescriptor SqueezeChannels = Error(ShapeIssueIds.SqueezeChannels, "Squeeze-excite leaves no channels");

        public static readonly DiagnosticDescriptor UnknownTap = Error(ShapeIssueIds.UnknownTap, "Wiring names no earlier member");
        public static readonly DiagnosticDescriptor CropTooSmall = Error(ShapeIssueIds.CropTooSmall, "Cropped map is smaller than the map it joins");
        public static readonly DiagnosticDescriptor TapMisuse = Error(ShapeIssueIds.TapMisuse, "Wiring attribute used where it cannot apply");

        public static readonly DiagnosticDescriptor InputConstraint = Error(ShapeIssueIds.InputConstraint, "Input does not meet the constraints derived from the layers");
        public static readonly DiagnosticDescriptor SymbolicFlatten = Error(ShapeIssueIds.SymbolicFlatten, "Flat or last-axis layer size follows a symbolic input size");
        public static readonly DiagnosticDescriptor OutputShape = Error(ShapeIssueIds.OutputShape, "Network output differs from the declared output");
        public static readonly DiagnosticDescriptor TwoDimensionalOnly = Error(ShapeIssueIds.TwoDimensionalOnly, "A 2-D-only layer or argument on a 1-D (CxL) map");
        public static readonly DiagnosticDescriptor ReshapeElements = Error(ShapeIssueIds.ReshapeElements, "Reshape target does not hold the input's elements");

        static DiagnosticDescriptor Warning(string id, string title) =>
            new DiagnosticDescriptor(id, title, "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
                helpLinkUri: "docs/diagnostics.md#" + id.ToLowerInvariant());

        public static readonly DiagnosticDescriptor CheckerboardLint = Warning(ShapeIssueIds.CheckerboardLint, "Transposed convolution kernel is not a multiple of its stride");
        public static readonly DiagnosticDescriptor BatchNormOnePixelLint = Warning(ShapeIssueIds.BatchNormOnePixelLint, "BatchNorm over a 1x1 map");
        public static readonly DiagnosticDescriptor RoundedMergeLint = Warning(ShapeIssueIds.RoundedMergeLint, "A strided step rounds an odd size on a path upsampled to meet a skip");
        public static readonly DiagnosticDescriptor ShallowFieldLint = Warning(ShapeIssueIds.ShallowFieldLint, "A classifier pools features whose receptive field is smaller than its input");
        public static readonly DiagnosticDescriptor DuplicateModelName = Warning(ShapeIssueIds.DuplicateModelName, "Two networks have the same model name; the catalogue lists the first");
        public static readonly DiagnosticDescriptor ChannelsLastInputLint = Warning(ShapeIssueIds.ChannelsLastInputLint, "The declared input looks HxWxC where NetDsl reads CxHxW");

        static readonly Dictionary<string, DiagnosticDescriptor> byId = Index();

        static Dictionary<string, DiagnosticDescriptor> Index()
        {
            var all = new[]
            {
                InvalidInput, BadExpression, UnknownBlock, RepeatCount, ResidualChannels, ResidualSpatial, NonPositiveSize,
                PinnedSize, NotFlattened, Groups, NeedsFeatureMap, BlockCycle, InvalidArgument, NotPartial, InternalError, BlockArguments, ConcatSpatial, SqueezeChannels,
                UnknownTap, CropTooSmall, TapMisuse, InputConstraint, SymbolicFlatten, OutputShape, TwoDimensionalOnly, ReshapeElements, CheckerboardLint, BatchNormOnePixelLint,
                RoundedMergeLint, ShallowFieldLint, ChannelsLastInputLint, DuplicateModelName,
            };
            var map = new Dictionary<string, DiagnosticDescriptor>();
            foreach (var d in all) map[d.Id] = d;
            return map;
        }

        public static DiagnosticDescriptor ById(string id) => byId.TryGetValue(id, out var d) ? d : InternalError;
    }
}
