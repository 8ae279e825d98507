using System.Collections.Generic;
using System.IO;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// A run was asked to train into a folder that already holds one (<see cref="Files"/>: its checkpoint, best weights or
    /// metrics) without <see cref="TrainerOptions.Resume"/>; nothing in the folder was touched. The message is worded for
    /// the C# API; a host with its own spelling of the options (the CLI's <c>--resume</c>/<c>--out</c>) words its own from
    /// <see cref="Directory"/>, <see cref="Files"/> and <see cref="FreeFolder"/>.
    /// </summary>
    public sealed class ExistingRunException : IOException
    {
        /// <summary>An exception for <paramref name="directory"/>, which holds <paramref name="files"/>; <paramref name="freeFolder"/> does not exist yet.</summary>
        public ExistingRunException(string directory, IReadOnlyList<string> files, string freeFolder)
            : base($"{directory}: already holds a run ({string.Join(", ", files)}); nothing was changed. " +
                   $"Set TrainerOptions.Resume = true to continue it, or train into another folder (TrainerOptions.OutDir = \"{freeFolder}\")")
        {
            Directory = directory;
            Files = files;
            FreeFolder = freeFolder;
        }

        /// <summary>The output folder that was refused.</summary>
        public string Directory { get; }

        /// <summary>The run files found in it (<c>checkpoint.bin</c>, <c>best.bin</c>, <c>metrics.csv</c>), by name.</summary>
        public IReadOnlyList<string> Files { get; }

        /// <summary>The first of <c>DIR-2</c>, <c>DIR-3</c>, … that does not exist yet: a folder to suggest instead.</summary>
        public string FreeFolder { get; }
    }
}
