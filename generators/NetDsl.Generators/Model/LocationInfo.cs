using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace NetDsl.Generators.Model
{
    /// <summary>
    /// A source location kept as plain data (a Location would pin the compilation): a small value compared by its file, span and
    /// line span, so models holding one compare equal when the code is where it was.
    /// </summary>
    public readonly record struct LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

        public static LocationInfo? From(SyntaxNode? node) => node == null ? null : From(node.GetLocation());

        public static LocationInfo? From(Location? location)
        {
            if (location == null || location.SourceTree == null) return null;
            return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
        }
    }
}
