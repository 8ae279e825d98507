using System;
using System.IO;

namespace NetDsl.Files
{
    /// <summary>
    /// A file written piece by piece into the hidden temporary beside it (<see cref="ReplacingWrite.TemporaryBeside"/>) and renamed
    /// over the target only by <see cref="Commit"/>: a long writer (predict over a million images) streams its rows to disk as it
    /// goes, and a write that fails or is abandoned still never leaves a truncated file where an earlier one was. Disposed
    /// without a commit, the temporary is removed; a process killed outright leaves it, holding the rows written so far.
    /// </summary>
    internal sealed class ReplacingFile : IDisposable
    {
        readonly string path;
        readonly FileStream file;
        bool done;

        /// <summary>Opens the temporary for <paramref name="path"/> (its missing parent folders are created).</summary>
        public ReplacingFile(string path)
        {
            this.path = path;
            Temporary = ReplacingWrite.TemporaryBeside(path);
            try
            {
                file = new FileStream(Temporary, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw WriteFailure.Naming(path, e);
            }
            Write(_ => ReplacingWrite.Writing.Value?.Invoke(path));
        }

        /// <summary>The hidden temporary the rows go to until <see cref="Commit"/>.</summary>
        public string Temporary { get; }

        /// <summary>Appends what <paramref name="write"/> writes to the stream; a failed write is named by the target, the temporary removed.</summary>
        public void Write(Action<Stream> write)
        {
            if (done) throw new InvalidOperationException($"{path}: already written");
            try
            {
                write(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Abandon();
                throw WriteFailure.Naming(path, e);
            }
            catch
            {
                Abandon();
                throw;
            }
        }

        /// <summary>Appends <paramref name="text"/> (UTF-8, no byte-order mark) and hands it to the operating system, so the temporary holds it.</summary>
        public void Append(string text) => Write(stream =>
        {
            stream.Write(Utf8.GetBytes(text));
            stream.Flush();
        });

        /// <summary>Flushes the temporary to disk and renames it over the target.</summary>
        public void Commit()
        {
            Write(stream => ((FileStream)stream).Flush(flushToDisk: true));
            file.Dispose();
            try
            {
                File.Move(Temporary, path, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Abandon();
                throw WriteFailure.Naming(path, e);
            }
            done = true;
        }

        /// <summary>Removes the temporary unless committed.</summary>
        public void Dispose()
        {
            if (!done) Abandon();
        }

        void Abandon()
        {
            done = true;
            file.Dispose();
            ReplacingWrite.Remove(Temporary);
        }

        static readonly System.Text.UTF8Encoding Utf8 = new(false);
    }
}
