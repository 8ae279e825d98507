using System;
using System.Collections.Generic;
using System.IO;

namespace NetDsl.Files
{
    /// <summary>
    /// Replaces several files that belong together (a model and its external data, an export folder's files) all or none:
    /// each is first written to a hidden temporary beside its target (<see cref="Stage"/>, the <c>.NAME.GUID.tmp</c> pattern
    /// of <see cref="ReplacingWrite"/>), and only once every one is complete are they flushed to disk and renamed over their
    /// targets, in the order staged (<see cref="Commit"/>). A failure before then leaves every earlier file as it was and
    /// removes the temporaries (<see cref="Dispose"/>).
    /// </summary>
    internal sealed class ReplacingFiles : IDisposable
    {
        /// <summary>
        /// Test seam: called with each target as it is staged; a throw stands for a write that fails there (a full disk), so
        /// tests prove a group is all or none without filling a disk.
        /// </summary>
        internal static readonly System.Threading.AsyncLocal<Action<string>?> Staging = new();

        readonly List<(string Temporary, string Target)> staged = new();
        bool committed;

        /// <summary>
        /// The temporary to write <paramref name="target"/>'s new content to (by any means; it does not exist yet), in the
        /// target's folder, which is created, so the rename never crosses file systems.
        /// </summary>
        public string Stage(string target)
        {
            Staging.Value?.Invoke(target);
            string temporary = ReplacingWrite.TemporaryBeside(target);
            staged.Add((temporary, target));
            return temporary;
        }

        /// <summary>Stages <paramref name="target"/> and writes it with <paramref name="write"/>, which fills the stream it is given.</summary>
        public void Write(string target, Action<Stream> write) => Produce(target, temporary =>
        {
            using var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            write(file);
        });

        /// <summary>
        /// Stages <paramref name="target"/> and has <paramref name="writeTo"/> create its temporary (a writer that takes a path);
        /// a failed write is named by <paramref name="target"/>, not the hidden temporary.
        /// </summary>
        public void Produce(string target, Action<string> writeTo)
        {
            string temporary = Stage(target);
            try { writeTo(temporary); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw WriteFailure.Naming(target, e); }
        }

        /// <summary>Stages <paramref name="target"/> with <paramref name="text"/> (UTF-8, no byte-order mark).</summary>
        public void WriteText(string target, string text) =>
            Write(target, file => file.Write(new System.Text.UTF8Encoding(false).GetBytes(text)));

        /// <summary>
        /// Flushes every staged file to disk, then renames each over its target in the order staged. A staged file that was
        /// never written is an error (nothing is renamed).
        /// </summary>
        public void Commit()
        {
            if (committed) throw new InvalidOperationException("already committed");
            // Every file durable before the first rename: a crash between renames then leaves only complete files.
            foreach (var (temporary, target) in staged)
            {
                if (!File.Exists(temporary)) throw new IOException($"{target}: its new content was never written");
                using var file = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                file.Flush(flushToDisk: true);
            }
            foreach (var (temporary, target) in staged) File.Move(temporary, target, overwrite: true);
            committed = true;
        }

        /// <summary>Removes the temporaries of a group never committed (a failed write): the targets stay as they were.</summary>
        public void Dispose()
        {
            if (committed) return;
            foreach (var (temporary, _) in staged) ReplacingWrite.Remove(temporary);
        }
    }
}
