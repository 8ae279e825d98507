using System.Collections.Generic;

namespace NetDsl.Runtime.Training
{
    /// <summary>One class's row of a <see cref="ClassificationReport"/> (or an average's: <c>macro avg</c>, <c>weighted avg</c>).</summary>
    public sealed record ClassScores(string Class, double Precision, double Recall, double F1, long Support);

    /// <summary>
    /// What sklearn's <c>classification_report(y_true, y_pred, labels=range(K), zero_division=0)</c> and
    /// <c>balanced_accuracy_score</c> give, computed from a confusion matrix (rows: truth, columns: predicted) over the data's
    /// classes: every class is a row, also one absent from the test set (recall 0) or never predicted (precision 0); a 0/0 is 0.
    /// Predictions of head outputs beyond the data's classes (<see cref="ConfusionCounts.Table"/>'s "other") count as misses.
    /// </summary>
    public sealed class ClassificationReport
    {
        ClassificationReport(IReadOnlyList<ClassScores> classes, ClassScores macro, ClassScores weighted, double accuracy, double balancedAccuracy, long total)
        {
            (Classes, MacroAverage, WeightedAverage, Accuracy, BalancedAccuracy, Total) = (classes, macro, weighted, accuracy, balancedAccuracy, total);
        }

        /// <summary>Per class, in the data's order: precision tp/(tp+fp), recall tp/(tp+fn), F1 2tp/(2tp+fp+fn), support (true samples).</summary>
        public IReadOnlyList<ClassScores> Classes { get; }

        /// <summary>The unweighted mean of the classes' precision, recall and F1 (every class counts, absent ones with their zeros).</summary>
        public ClassScores MacroAverage { get; }

        /// <summary>The classes' precision, recall and F1 weighted by support.</summary>
        public ClassScores WeightedAverage { get; }

        /// <summary>Correct predictions over all samples.</summary>
        public double Accuracy { get; }

        /// <summary>The mean recall over the classes present in the test set (sklearn's <c>balanced_accuracy_score</c>).</summary>
        public double BalancedAccuracy { get; }

        /// <summary>All samples scored.</summary>
        public long Total { get; }

        /// <summary>
        /// The report of <paramref name="confusion"/> over <paramref name="classNames"/> (empty: every output, named <c>classK</c>,
        /// as <see cref="ConfusionCounts.Table"/> names them).
        /// </summary>
        public static ClassificationReport From(ConfusionCounts confusion, IReadOnlyList<string>? classNames = null)
        {
            var (_, rows) = confusion.Table(classNames ?? System.Array.Empty<string>());
            int k = rows.Count;
            var classes = new List<ClassScores>(k);
            long total = 0, correct = 0;
            double recallSum = 0;
            int present = 0;
            for (int c = 0; c < k; c++)
            {
                long tp = rows[c].Counts[c], support = 0, predicted = 0;
                foreach (long n in rows[c].Counts) support += n;
                foreach (var row in rows) predicted += row.Counts[c];
                long fp = predicted - tp, fn = support - tp;
                var scores = new ClassScores(rows[c].Truth, Ratio(tp, tp + fp), Ratio(tp, tp + fn), Ratio(2 * tp, 2 * tp + fp + fn), support);
                classes.Add(scores);
                total += support;
                correct += tp;
                if (support > 0) { recallSum += scores.Recall; present++; }
            }
            double Mean(System.Func<ClassScores, double> score, bool weighted)
            {
                double sum = 0, weights = 0;
                foreach (var c in classes) { double w = weighted ? c.Support : 1; sum += w * score(c); weights += w; }
                return weights == 0 ? 0 : sum / weights;
            }
            ClassScores Average(string name, bool weighted) =>
                new ClassScores(name, Mean(c => c.Precision, weighted), Mean(c => c.Recall, weighted), Mean(c => c.F1, weighted), total);
            return new ClassificationReport(classes, Average("macro avg", false), Average("weighted avg", true),
                Ratio(correct, total), present == 0 ? 0 : recallSum / present, total);
        }

        /// <summary>sklearn's zero_division=0: a ratio whose denominator is 0 is 0.</summary>
        static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
    }
}
