using System;
using System.Collections.Generic;
using System.Linq;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// What <see cref="DataCheck.Run"/> found: the source, its classes, each split (<see cref="DataSplitCheck"/>), how many
    /// files it read (<see cref="Files"/>; 0 for the in-memory shapes set, which is counted, not decoded) and every file
    /// training could not use (<see cref="Problems"/>, sorted by path).
    /// </summary>
    public sealed record DataCheckReport(
        string Source, IReadOnlyList<string> ClassNames, bool HasMasks, DataSplitCheck Train, DataSplitCheck Test,
        int Files, IReadOnlyList<DataProblem> Problems)
    {
        /// <summary>Whether every file can be used.</summary>
        public bool IsClean => Problems.Count == 0;

        /// <summary>How many distinct files have a problem (a file may have more than one).</summary>
        public int BadFiles => Problems.Select(p => p.Path).Distinct(StringComparer.Ordinal).Count();

        /// <summary>One JSON object: source, classes, file counts, the splits and at most <paramref name="maxProblems"/> problems (null: all).</summary>
        public string ToJson(int? maxProblems = null) => DataCheckJson.Write(this, maxProblems);
    }
}
