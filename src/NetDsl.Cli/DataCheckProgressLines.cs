using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using NetDsl.Runtime.Data;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>data check</c>'s progress: a plain line every <c>--progress-every</c> seconds while samples are read (a 200,000-file folder
    /// takes tens of seconds), <c>data check: train 1200/200000 samples read, elapsed 0:05, eta 1:20</c>, as <c>train</c>'s step lines.
    /// Reports come from the reading threads at once, so a lock keeps lines whole and the clock's last line consistent.
    /// </summary>
    internal sealed class DataCheckProgressLines : IProgress<DataCheckProgress>
    {
        readonly TextWriter output;
        readonly double every;
        readonly Stopwatch clock = Stopwatch.StartNew();
        readonly object gate = new();
        double lastLine, splitStart;
        string? split;

        /// <param name="output">where the lines go</param>
        /// <param name="every">seconds between two lines (0: after every sample)</param>
        public DataCheckProgressLines(TextWriter output, double every)
        {
            this.output = output;
            this.every = every;
        }

        public void Report(DataCheckProgress p)
        {
            lock (gate)
            {
                double now = clock.Elapsed.TotalSeconds;
                if (p.Split != split) (split, splitStart) = (p.Split, now);
                if (every > 0 && now - lastLine < every) return;
                lastLine = now;
                double spent = now - splitStart, eta = p.Checked > 0 ? spent / p.Checked * (p.Total - p.Checked) : 0;
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "data check: {0} {1}/{2} samples read, elapsed {3}, eta {4}",
                    p.Split, p.Checked, p.Total, PlainProgressObserver.Clock(now), PlainProgressObserver.Clock(eta)));
            }
        }
    }
}
