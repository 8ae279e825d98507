using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace NetDsl.Runtime.Training
{
    /// <summary>One optimizer step as <c>steps.csv</c> records it.</summary>
    internal sealed record StepRecord(long Step, int Epoch, int EpochStep, int Steps, double Loss, double MeanLoss, double LearningRate, double ImagesPerSecond)
    {
        /// <summary>Position in epochs (1.5 = half-way through epoch 2), the x axis that lines steps up with epochs.</summary>
        public double EpochPosition => Epoch - 1 + (double)EpochStep / Steps;
    }

    /// <summary>
    /// Per-step metrics of a run folder, <c>steps.csv</c>: one line per optimizer step, appended and flushed as the
    /// step ends. A resumed run first drops lines after the checkpoint's step (written by the run it replaces after its
    /// last checkpoint) and any half-written last line, so the file always reads as one uninterrupted run.
    /// </summary>
    internal sealed class StepLog
    {
        /// <summary>The file name inside the run folder.</summary>
        public const string FileName = "steps.csv";

        /// <summary>The CSV header.</summary>
        public const string Header = "step,epoch,epoch_step,steps,loss,mean_loss,lr,images_per_second";

        readonly string path;
        readonly List<StepRecord> records = new List<StepRecord>();

        /// <summary>The log at <c>directory/steps.csv</c>.</summary>
        public StepLog(string directory) => path = Path.Combine(directory, FileName);

        /// <summary>Every step so far (those kept from before a resume included).</summary>
        public IReadOnlyList<StepRecord> Records => records;

        /// <summary>Starts the file: empty for a fresh run, or the lines up to <paramref name="resumedStep"/> of a resumed one.</summary>
        public void Open(long? resumedStep)
        {
            records.Clear();
            if (resumedStep is long last && File.Exists(path))
                foreach (string line in File.ReadLines(path))
                    if (Parse(line) is StepRecord r && r.Step <= last) records.Add(r);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            using var writer = new StreamWriter(path, append: false);
            writer.WriteLine(Header);
            foreach (var r in records) writer.WriteLine(Format(r));
        }

        /// <summary>Appends one step.</summary>
        public void Add(StepRecord record)
        {
            records.Add(record);
            File.AppendAllText(path, Format(record) + "\n");
        }

        static string Format(StepRecord r) => string.Join(",", r.Step.ToString(CultureInfo.InvariantCulture),
            r.Epoch.ToString(CultureInfo.InvariantCulture), r.EpochStep.ToString(CultureInfo.InvariantCulture), r.Steps.ToString(CultureInfo.InvariantCulture),
            Number(r.Loss), Number(r.MeanLoss), Number(r.LearningRate), Number(r.ImagesPerSecond));

        static string Number(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";

        static StepRecord? Parse(string line)
        {
            var f = line.Split(',');
            var c = CultureInfo.InvariantCulture;
            if (f.Length != 8 || !long.TryParse(f[0], NumberStyles.Integer, c, out long step) || !int.TryParse(f[1], NumberStyles.Integer, c, out int epoch)
                || !int.TryParse(f[2], NumberStyles.Integer, c, out int inEpoch) || !int.TryParse(f[3], NumberStyles.Integer, c, out int steps)
                || !double.TryParse(f[7], NumberStyles.Float, c, out double speed))
                return null;
            return new StepRecord(step, epoch, inEpoch, steps, Value(f[4]), Value(f[5]), Value(f[6]), speed);
        }

        static double Value(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;
    }
}
