using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Augmentations;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>--augment none|standard|crop[=PIXELS],flip,jitter[=STRENGTH]</c>: the training augmentation of file data
    /// (<c>cifar10:</c>, <c>folder:</c>, <c>maskfolder:</c>), <see cref="AugmentationOptions.Parse"/>'s syntax. An unknown
    /// word is a usage error naming it and the accepted ones; asking to augment data held in memory (the built-in shapes
    /// set, MNIST), which is never augmented, is refused rather than ignored.
    /// </summary>
    internal static class AugmentOption
    {
        /// <summary>The option's name.</summary>
        public const string Name = "augment";

        /// <summary>The words <see cref="AugmentationOptions.Parse"/> accepts, for help text.</summary>
        public const string Syntax = "none|standard|crop[=PIXELS],flip,jitter[=STRENGTH]";

        /// <summary>The option's value; null when not given.</summary>
        public static AugmentationOptions? Read(CliArguments args, DataSource data)
        {
            string? text = args.Value(Name);
            if (text == null) return null;
            AugmentationOptions options;
            try { options = AugmentationOptions.Parse(text); }
            catch (System.ArgumentException e) { throw new CliUsageException($"--{Name}: {e.Message}"); }
            if (!data.IsFileBacked && options != AugmentationOptions.None)
                throw new CliUsageException($"--{Name} {text}: {data.KindName} data is held in memory and never augmented; " +
                                            "--augment applies to cifar10:, folder: and maskfolder: data (or give --augment none)");
            return options;
        }
    }
}
