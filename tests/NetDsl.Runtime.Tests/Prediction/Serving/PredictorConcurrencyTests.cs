using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// <see cref="Predictor"/> under load: 8 threads get the single-threaded answers (no shared mode flag toggles), and a
    /// <see cref="PredictorHandle"/> swaps models under 4 predicting threads without a failed call.
    /// </summary>
    public class PredictorConcurrencyTests(ServedModel served, ITestOutputHelper log) : IClassFixture<ServedModel>
    {
        [Fact]
        public void EightThreads_GetTheSingleThreadedAnswers()
        {
            using var predictor = served.Load(new PredictorOptions { Top = 6 });
            var expected = served.Files.Select(f => predictor.Classify(f)).ToList();
            var answers = new ConcurrentBag<(int File, ImageClassification Answer)>();
            Parallel.For(0, 8 * 60, new ParallelOptions { MaxDegreeOfParallelism = 8 }, n =>
            {
                int file = n % served.Files.Count;
                answers.Add((file, predictor.Classify(served.Files[file])));
            });
            Assert.Equal(480, answers.Count);
            double worst = 0;
            foreach (var (file, answer) in answers)
            {
                Assert.Equal(expected[file].Top.Select(s => s.Index), answer.Top.Select(s => s.Index));
                worst = Math.Max(worst, answer.Top.Zip(expected[file].Top).Max(p => Math.Abs(p.First.Probability - p.Second.Probability)));
            }
            log.WriteLine($"480 answers on 8 threads; largest probability difference from single-threaded: {worst:G3}");
            Assert.True(worst < 1e-5, $"largest probability difference {worst}");
            Assert.Equal(expected.Select(a => a.Top), served.Files.Select(f => predictor.Classify(f).Top));   // nothing changed for good
        }

        [Fact]
        public void Swap_UnderFourPredictingThreads_FailsNoCall_AndFreesEachOldModelAfterItsLastCall()
        {
            using var handle = new PredictorHandle(served.Load());
            var expected = served.Files.Take(8).Select(f => handle.Classify(f).Best.Index).ToArray();
            using var stop = new CancellationTokenSource();
            var errors = new ConcurrentQueue<Exception>();
            int calls = 0, wrong = 0;
            var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
            {
                for (int n = t; !stop.IsCancellationRequested; n++)
                {
                    try
                    {
                        if (handle.Classify(served.Files[n % 8]).Best.Index != expected[n % 8]) Interlocked.Increment(ref wrong);
                        Interlocked.Increment(ref calls);
                    }
                    catch (Exception e) { errors.Enqueue(e); }
                }
            })).ToArray();
            foreach (var thread in threads) thread.Start();
            var swappedOut = new List<Predictor>();
            for (int swap = 0; swap < 10; swap++)
            {
                swappedOut.Add(handle.Current);
                handle.Swap(served.Load());
                Thread.Sleep(20);
            }
            stop.Cancel();
            foreach (var thread in threads) thread.Join();
            log.WriteLine($"{calls} calls on 4 threads over 10 swaps; {errors.Count} errors, {wrong} wrong answers");
            Assert.Empty(errors);
            Assert.Equal(0, wrong);
            Assert.True(calls > 10, $"{calls} calls");
            Assert.All(swappedOut, p => Assert.True(p.IsDisposed));
            Assert.Throws<ObjectDisposedException>(() => swappedOut[0].Classify(served.Files[0]));
        }

        [Fact]
        public void ASwap_BetweenTheHandlesEntryAndThePredictorsOwn_DoesNotRefuseTheCallInFlight()
        {
            // The race the swap test met once in 361 calls, made certain: the handle has entered the old predictor, a swap
            // disposes it, then the call the handle makes enters it again (its own count): that call is part of the one in flight.
            using var handle = new PredictorHandle(served.Load());
            var expected = handle.Classify(served.Files[0]).Best.Index;
            Predictor? old = null;
            var answer = handle.Use(p =>
            {
                old = p;
                handle.Swap(served.Load());
                Assert.True(p.IsDisposed);
                return p.Classify(served.Files[0]);
            });
            Assert.Equal(expected, answer.Best.Index);
            Assert.Throws<ObjectDisposedException>(() => old!.Classify(served.Files[0]));   // a new call on the old one: refused
        }

        [Fact]
        public void AHandle_RefusesCallsOnceDisposed()
        {
            var handle = new PredictorHandle(served.Load());
            handle.Dispose();
            Assert.Contains("PredictorHandle", Assert.Throws<ObjectDisposedException>(() => handle.Classify(served.Files[0])).Message);
        }
    }
}
