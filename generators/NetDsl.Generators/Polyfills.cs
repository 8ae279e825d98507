// Lets netstandard2.0 use init accessors and records.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit { }
}
