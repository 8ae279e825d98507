using System;
using System.Collections.Generic;
using System.Linq;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// What <see cref="DataCheck.Run(DataSource, DataCheckOptions?)"/> found: the source, its classes, each split (<see cref="DataSplitCheck"/>), how many
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

        /// <summary>
        /// The classes with training images but no test image (a test/ folder lacking them, a split class of one image): a
        /// classifier's test accuracy never measures them. Empty for masks and for data counted per image (the shapes set).
        /// </summary>
        public IReadOnlyList<string> ClassesWithoutTest => HasMasks || Test.PerClass.Count == 0 && Train.PerClass.Count == 0
            ? Array.Empty<string>()
            : ClassNames.Where((_, c) => (c < Train.PerClass.Count ? Train.PerClass[c] : 0) > 0 && (c < Test.PerClass.Count ? Test.PerClass[c] : 0) == 0).ToArray();

        /// <summary>One JSON object: source, classes, file counts, the splits and at most <paramref name="maxProblems"/> problems (null: all).</summary>
        public string ToJson(int? maxProblems = null) => DataCheckJson.Write(this, maxProblems);
    }
}
