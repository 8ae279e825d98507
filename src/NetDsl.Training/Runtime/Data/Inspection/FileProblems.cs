using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// Where a data check collects what training would throw at (a bad file: its path and the same message), so one
    /// pass names every bad file; the listing and decode code takes one where it would otherwise stop at the first.
    /// Safe to add to from several threads.
    /// </summary>
    internal sealed class FileProblems
    {
        readonly HashSet<(string Path, string Message)> seen = new();

        public void Add(string path, string message)
        {
            lock (seen) seen.Add((path, message));
        }

        /// <summary>Exceptions a bad data file raises (its path leads the message); anything else is no data problem and is not caught.</summary>
        public static bool IsFileProblem(Exception e) => e is InvalidDataException or IOException or ArgumentException or UnauthorizedAccessException;

        /// <summary>Every problem once, sorted by path then message (ordinal) so parallel decoding reports in a stable order.</summary>
        public IReadOnlyList<DataProblem> Sorted()
        {
            lock (seen)
                return seen.OrderBy(p => p.Path, StringComparer.Ordinal).ThenBy(p => p.Message, StringComparer.Ordinal)
                    .Select(p => new DataProblem(p.Path, p.Message)).ToArray();
        }
    }
}
