using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// A module used after <c>Dispose()</c> (a <c>using var</c> whose scope ended): TorchSharp says "Cannot access a disposed
    /// object." naming nothing, or worse, a disposed module lists no parameters, so saving it wrote an empty state dict.
    /// </summary>
    public static class DisposedModule
    {
        /// <summary>Throws <see cref="System.ObjectDisposedException"/> naming <paramref name="module"/>'s type and <paramref name="action"/> when it was disposed.</summary>
        public static void ThrowIf(nn.Module module, string action)
        {
            try
            {
                _ = module.training;   // TorchSharp's handle check: throws once the module is disposed
            }
            catch (System.ObjectDisposedException)
            {
                string name = module.GetType().Name;
                throw new System.ObjectDisposedException(name,
                    $"{name} was disposed before {action} (a 'using' whose scope had ended?); keep the network undisposed until its last use, or build a new one");
            }
        }
    }
}
