using System.IO;

namespace NetDsl.Cli
{
    /// <summary>
    /// Checks where a command will write before it computes anything: a folder on the way that is a file is named as such
    /// (the file system's own "The file … already exists" names neither the option nor what is wrong).
    /// </summary>
    internal static class OutputPath
    {
        /// <summary><paramref name="path"/>, from <paramref name="option"/>, checked for writing a file (or a folder when <paramref name="isFolder"/>).</summary>
        public static string Check(string path, string option, bool isFolder = false)
        {
            if (isFolder && File.Exists(path)) throw new IOException($"{path}: is a file, not a folder; choose another {option}");
            if (!isFolder && Directory.Exists(path)) throw new IOException($"{path}: is a folder; {option} names the file to write");
            for (string? folder = Path.GetDirectoryName(Path.GetFullPath(path)); !string.IsNullOrEmpty(folder); folder = Path.GetDirectoryName(folder))
                if (File.Exists(folder)) throw new IOException($"{path}: cannot be written: {folder} is a file, not a folder; choose another {option}");
            return path;
        }
    }
}
