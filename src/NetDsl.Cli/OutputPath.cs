using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetDsl.Weights;

namespace NetDsl.Cli
{
    /// <summary>
    /// Checks where a command will write before it computes anything: a folder on the way that is a file is named as such
    /// (the file system's own "The file … already exists" names neither the option nor what is wrong); an output that is one of
    /// the files the command reads (<c>--checkpoint</c>, <c>--weights</c>, <c>--input</c>, <c>--labels</c>, an image) or an existing
    /// NetDsl training checkpoint is refused, so no run replaces its own input or a trained model; so is an existing file a run wrote in its
    /// folder (one holding a NetDsl checkpoint: its metrics.csv, steps.csv, …) and a file path ending in a folder separator.
    /// </summary>
    internal static class OutputPath
    {
        /// <summary>The options whose values name files a command reads, checked against its outputs when it declares them.</summary>
        static readonly string[] InputOptions = { "checkpoint", "weights", "input", "labels" };

        /// <summary>
        /// <paramref name="path"/>, from <paramref name="option"/>, checked for writing a file (or a folder when <paramref name="isFolder"/>):
        /// not one of the files <paramref name="args"/>' input options (and <paramref name="images"/>) name, not an existing checkpoint.
        /// </summary>
        public static string Check(string path, string option, bool isFolder = false, CliArguments? args = null, IEnumerable<string>? images = null)
        {
            if (isFolder && File.Exists(path)) throw new IOException($"{path}: is a file, not a folder; choose another {option}");
            // "out/" names a folder, existing or not, so it is a usage error (exit 2) before the file system is asked; a folder
            // not yet there is refused here, not after the whole model ran ("Could not find a part of the path").
            if (!isFolder && EndsInSeparator(path)) throw new CliUsageException($"{option} {path}: ends in a folder separator; {option} names the file to write, not a folder");
            if (!isFolder && Directory.Exists(path)) throw new IOException($"{path}: is a folder; {option} names the file to write");
            for (string? folder = Path.GetDirectoryName(Path.GetFullPath(path)); !string.IsNullOrEmpty(folder); folder = Path.GetDirectoryName(folder))
                if (File.Exists(folder)) throw new IOException($"{path}: cannot be written: {folder} is a file, not a folder; choose another {option}");
            // A read-only or unwritable folder is found now, as train finds it, not after all the work.
            if (NetDsl.Files.WriteFailure.FolderProblem(isFolder ? path : Path.GetDirectoryName(Path.GetFullPath(path))!) is string problem)
                throw new IOException($"{option} {path}: {problem}; choose another {option}");
            if (isFolder) return path;
            if (args != null)
                foreach (string name in InputOptions)
                    if (args.Declares(name) && args.Value(name) is string read && SameFile(path, read))
                        throw new IOException($"{option} {path} is the --{name} it reads; write elsewhere");
            foreach (string image in images ?? Array.Empty<string>())
                if (SameFile(path, image))
                    throw new IOException($"{option} {path} is an image it reads; write elsewhere");
            if (IsCheckpoint(path))
                throw new IOException($"{option} {path} is a NetDsl training checkpoint; write elsewhere (delete it first to replace it)");
            if (File.Exists(path) && RunFolderOf(path) is string run)
                throw new IOException($"{option} {path} would replace a file of the run folder {run} (it holds a NetDsl checkpoint); write elsewhere");
            return path;
        }

        /// <summary>
        /// A <paramref name="prefix"/> a command appends <paramref name="extensions"/> to (<c>lr-find</c>, <c>compare</c>: PREFIX.csv, PREFIX.png):
        /// refused when it names a folder (it would write hidden ".csv" files into it), each file checked as <see cref="Check"/> does.
        /// </summary>
        public static string CheckPrefix(string prefix, string option, CliArguments? args, params string[] extensions)
        {
            if (EndsInSeparator(prefix) || prefix.Length == 0 || Directory.Exists(prefix))
                throw new CliUsageException($"{option} {prefix}: names a folder; {option} names the files' prefix (writes {string.Join(" and ", Array.ConvertAll(extensions, e => "PREFIX" + e))}), not a folder");
            foreach (string extension in extensions) Check(prefix + extension, option, args: args);
            return prefix;
        }

        static bool EndsInSeparator(string path) =>
            path.Length > 0 && (path[^1] == Path.DirectorySeparatorChar || path[^1] == Path.AltDirectorySeparatorChar);

        /// <summary>
        /// The folder <paramref name="path"/> lies in when it names one of the files a run writes (<see cref="NetDsl.Runtime.Training.RunFiles.Written"/>)
        /// and that folder holds a NetDsl training checkpoint (a run folder); else null. Other files there (an export re-written
        /// into its run's folder) are the user's to replace.
        /// </summary>
        static string? RunFolderOf(string path)
        {
            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (string.IsNullOrEmpty(folder) || !NetDsl.Runtime.Training.RunFiles.Written.Contains(Path.GetFileName(path))) return null;
            foreach (string name in new[] { NetDsl.Runtime.Training.Checkpoint.FileName, NetDsl.Runtime.Training.Checkpoint.BestFileName })
                if (IsCheckpoint(Path.Combine(folder, name))) return Path.GetDirectoryName(path) is { Length: > 0 } given ? given : folder;
            return null;
        }

        /// <summary>Whether both paths name one existing file (full paths, symbolic links followed).</summary>
        static bool SameFile(string a, string b) =>
            File.Exists(a) && File.Exists(b) && string.Equals(Resolve(a), Resolve(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

        static string Resolve(string path)
        {
            string full = Path.GetFullPath(path);
            try
            {
                var target = new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true);
                return target == null ? full : Path.GetFullPath(target.FullName);
            }
            catch (IOException) { return full; }
        }

        /// <summary>Whether <paramref name="path"/> is an existing file that starts as a NetDsl checkpoint does.</summary>
        static bool IsCheckpoint(string path)
        {
            if (!File.Exists(path)) return false;
            var magic = FileSignatures.NetDslCheckpoint;
            Span<byte> head = stackalloc byte[magic.Length];
            try
            {
                using var file = File.OpenRead(path);
                return file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual(magic);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
        }
    }
}
