using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// Items <c>start .. end-1</c> built on background workers and taken in order: the engine of one
    /// <see cref="PrefetchLoader"/> epoch. Workers claim item numbers in increasing order, at most
    /// <c>depth</c> claimed and not yet taken, so the item the consumer waits for is always claimed first
    /// and memory stays bounded. Dispose cancels and joins the workers and frees every item built but
    /// not taken with the given <c>free</c> action.
    /// </summary>
    internal sealed class OrderedPrefetch<T> : IDisposable where T : notnull
    {
        sealed record Result(T? Item, ExceptionDispatchInfo? Error);

        readonly Func<int, CancellationToken, T> build;
        readonly Action<T> free;
        readonly int end;
        readonly SemaphoreSlim slots;
        readonly CancellationTokenSource stop = new();
        readonly Dictionary<int, Result> ready = new();
        readonly object gate = new();
        readonly Task[] workers;
        int nextClaim;
        bool disposed;

        public OrderedPrefetch(Func<int, CancellationToken, T> build, Action<T> free, int start, int end, int workerCount, int depth)
        {
            if (workerCount < 1) throw new ArgumentOutOfRangeException(nameof(workerCount), workerCount, "at least one worker");
            if (depth < 1) throw new ArgumentOutOfRangeException(nameof(depth), depth, "depth must be at least 1");
            this.build = build;
            this.free = free;
            this.end = end;
            nextClaim = start;
            slots = new SemaphoreSlim(depth, depth);
            workers = new Task[workerCount];
            for (int i = 0; i < workerCount; i++)
                workers[i] = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        /// <summary>Waits for item <paramref name="index"/>; rethrows, unchanged, the exception its worker hit.</summary>
        public T Take(int index)
        {
            Result result;
            lock (gate)
                while (!ready.Remove(index, out result!)) Monitor.Wait(gate);
            slots.Release();
            result.Error?.Throw();
            return result.Item!;
        }

        void Work()
        {
            try
            {
                while (true)
                {
                    slots.Wait(stop.Token);
                    int index = Interlocked.Increment(ref nextClaim) - 1;
                    if (index >= end) return;
                    Result result;
                    try { result = new Result(build(index, stop.Token), null); }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
                    catch (Exception e) { result = new Result(default, ExceptionDispatchInfo.Capture(e)); }
                    lock (gate)
                    {
                        if (disposed) { Free(result); return; }
                        ready[index] = result;
                        Monitor.PulseAll(gate);
                    }
                    // Later items are not needed: the consumer stops at this one.
                    if (result.Error != null) return;
                }
            }
            catch (OperationCanceledException) { }
        }

        void Free(Result result)
        {
            if (result.Error == null) free(result.Item!);
        }

        public void Dispose()
        {
            if (disposed) return;
            stop.Cancel();
            Task.WaitAll(workers);   // Work catches everything, so this only waits
            lock (gate)
            {
                disposed = true;
                foreach (var result in ready.Values) Free(result);
                ready.Clear();
            }
            slots.Dispose();
            stop.Dispose();
        }
    }
}
