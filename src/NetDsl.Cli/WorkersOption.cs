using NetDsl.Runtime.Data;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>--workers N</c>: the background threads that decode and augment file data's batches (<see cref="PrefetchOptions.Workers"/>,
    /// PyTorch's <c>DataLoader(num_workers=N)</c>); 0 decodes on the training thread. Data held in memory (shapes, mnist) has no loader.
    /// </summary>
    internal static class WorkersOption
    {
        public const string Name = "workers";

        /// <summary>The loader's settings for <c>--workers</c>; null (the library's default, one worker) when not given.</summary>
        public static PrefetchOptions? Read(CliArguments args) =>
            args.Value(Name) == null ? null : new PrefetchOptions(Workers: args.Int(Name, 1, 0));
    }
}
