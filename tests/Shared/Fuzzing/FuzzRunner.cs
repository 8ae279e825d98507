using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;

namespace NetDsl.Fuzzing
{
    /// <summary>
    /// One reader under fuzzing: valid seed inputs, how a (mutated) input is fed to the reader inside a scratch
    /// folder, and the exception types it documents for bad input. <see cref="Repair"/>, when set, is applied
    /// to every other input after mutation (e.g. recomputing a checksum) so the parser behind a checksum is
    /// reached too.
    /// </summary>
    public sealed record FuzzTarget(string Name, IReadOnlyList<byte[]> Seeds, Action<string, byte[]> Read, Type[] Documented)
    {
        public Func<byte[], byte[]>? Repair { get; init; }
    }

    /// <summary>What a fuzzing run saw: inputs fed, accepted, each documented rejection by type, and every finding.</summary>
    public sealed class FuzzReport
    {
        public string Target { get; init; } = "";
        public int Inputs { get; set; }
        public int Accepted { get; set; }
        public SortedDictionary<string, int> Rejected { get; } = new SortedDictionary<string, int>(StringComparer.Ordinal);
        public List<string> Findings { get; } = new List<string>();
        public long MaxAllocated { get; set; }

        /// <summary>The size of the input behind <see cref="MaxAllocated"/>.</summary>
        public long MaxAllocatedInput { get; set; }
        public double SlowestSeconds { get; set; }

        public override string ToString() =>
            $"{Target}: {Inputs} inputs, {Accepted} accepted, rejected {string.Join(", ", Rejected.Select(r => $"{r.Key} {r.Value}"))}; " +
            $"{Findings.Count} findings; largest managed allocation {MaxAllocated:N0} bytes (for a {MaxAllocatedInput:N0}-byte input); slowest {SlowestSeconds * 1000:F0} ms";
    }

    /// <summary>
    /// Feeds mutated inputs to a reader on a worker thread, one at a time, and flags an exception type the
    /// reader does not document, a message that does not name the input, a hang (no answer within the
    /// timeout) and managed allocation beyond a budget proportional to the input's size.
    /// </summary>
    public static class FuzzRunner
    {
        /// <summary>
        /// Managed bytes an input may cost: per file the reader is given, a fixed allowance (one image decoded and
        /// converted) plus a multiple of the file's size. A folder target writes the input into many files, and
        /// reading N files honestly costs N times one: the budget bounds what one file can make the reader allocate.
        /// </summary>
        public const long AllocationAllowance = 16 << 20, AllocationPerInputByte = 16;

        /// <summary>The allocation budget for an input written into <paramref name="files"/> files of <paramref name="bytes"/> bytes in all.</summary>
        public static long AllocationBudget(int files, long bytes) => AllocationAllowance * Math.Max(1, files) + AllocationPerInputByte * bytes;

        public static FuzzReport Run(FuzzTarget target, int inputs, int seed, TimeSpan? timeout = null, string? scratch = null)
        {
            var limit = timeout ?? TimeSpan.FromSeconds(20);
            var random = new Random(seed);
            var report = new FuzzReport { Target = target.Name };
            // tmpfs when there is one: the folder readers write a few files per input.
            string temp = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
            string root = scratch ?? Path.Combine(temp, "netdsl-fuzz-" + Guid.NewGuid().ToString("N"));
            var worker = new Worker();
            try
            {
                for (int i = 0; i < inputs; i++)
                {
                    byte[] input = Mutations.Mutate(target.Seeds[random.Next(target.Seeds.Count)], random);
                    if (target.Repair != null && i % 2 == 1) input = target.Repair(input);
                    string folder = Path.Combine(root, (i % 4).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
                    Directory.CreateDirectory(folder);
                    if (!FeedOne(worker, target, folder, input, limit, report, i)) worker = new Worker();   // the hung one is abandoned
                    report.Inputs++;
                    if (report.Findings.Count >= 20) break;   // enough to act on
                }
            }
            finally
            {
                worker.Stop();
                try { Directory.Delete(root, recursive: true); } catch (IOException) { }
            }
            return report;
        }

        static (int Files, long Bytes) FilesIn(string folder)
        {
            int files = 0;
            long bytes = 0;
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories)) { files++; bytes += file.Length; }
            return (files, bytes);
        }

        /// <summary>Feeds one input on the worker thread; false when it did not answer in time.</summary>
        static bool FeedOne(Worker worker, FuzzTarget target, string folder, byte[] input, TimeSpan limit, FuzzReport report, int index)
        {
            var clock = Stopwatch.StartNew();
            var (answered, thrown, allocated) = worker.Run(() => target.Read(folder, input), limit);
            if (!answered)
            {
                report.Findings.Add($"input {index} ({input.Length} bytes): no answer within {limit.TotalSeconds:F0} s (hang)");
                return false;
            }
            report.SlowestSeconds = Math.Max(report.SlowestSeconds, clock.Elapsed.TotalSeconds);
            if (allocated > report.MaxAllocated) (report.MaxAllocated, report.MaxAllocatedInput) = (allocated, input.Length);
            var (files, bytes) = FilesIn(folder);
            long budget = AllocationBudget(files, Math.Max(bytes, input.Length));
            if (allocated > budget)
                report.Findings.Add($"input {index} ({input.Length} bytes, written as {files} file(s) of {bytes:N0} bytes): allocated {allocated:N0} bytes, budget {budget:N0}");
            if (thrown == null) { report.Accepted++; return true; }
            var type = thrown.GetType();
            if (!target.Documented.Any(t => t.IsAssignableFrom(type)))
                report.Findings.Add($"input {index} ({input.Length} bytes): undocumented {type.Name}: {thrown.Message}\n{thrown.StackTrace}");
            else if (!thrown.Message.Contains(folder, StringComparison.Ordinal) && !target.Name.StartsWith("cli", StringComparison.Ordinal))
                report.Findings.Add($"input {index}: {type.Name} does not name the input: {thrown.Message}");
            else
                report.Rejected[type.Name] = report.Rejected.GetValueOrDefault(type.Name) + 1;
            return true;
        }

        /// <summary>
        /// One long-lived thread that runs each input's read and measures what it allocated (per-thread
        /// counters), so feeding an input costs no thread start.
        /// </summary>
        sealed class Worker
        {
            readonly BlockingCollection<Job> jobs = new BlockingCollection<Job>();

            sealed class Job(Action read)
            {
                public Action Read { get; } = read;
                public Exception? Thrown;
                public long Allocated;
                public readonly ManualResetEventSlim Done = new ManualResetEventSlim();
            }

            public Worker()
            {
                var thread = new Thread(() =>
                {
                    foreach (var job in jobs.GetConsumingEnumerable())
                    {
                        long before = GC.GetAllocatedBytesForCurrentThread();
                        try { job.Read(); }
                        catch (Exception e) { job.Thrown = e; }
                        job.Allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                        job.Done.Set();
                    }
                }) { IsBackground = true, Name = "fuzz worker" };
                thread.Start();
            }

            public (bool Answered, Exception? Thrown, long Allocated) Run(Action read, TimeSpan limit)
            {
                var job = new Job(read);
                jobs.Add(job);
                if (!job.Done.Wait(limit)) return (false, null, 0);
                job.Done.Dispose();
                return (true, job.Thrown, job.Allocated);
            }

            public void Stop() => jobs.CompleteAdding();
        }
    }
}
