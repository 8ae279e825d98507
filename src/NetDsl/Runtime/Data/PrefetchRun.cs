using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// One epoch's background work for <see cref="PrefetchLoader"/>: workers claim batch numbers in
    /// increasing order, at most <c>depth</c> claimed and not yet taken, so the batch the consumer waits
    /// for is always claimed first and memory stays bounded. Dispose cancels, joins and frees.
    /// </summary>
    sealed class PrefetchRun : IDisposable
    {
        sealed record Result((Tensor Images, Tensor Targets)? Batch, ExceptionDispatchInfo? Error);

        readonly Func<int, CancellationToken, (Tensor, Tensor)> build;
        readonly int end;
        readonly SemaphoreSlim slots;
        readonly CancellationTokenSource stop = new();
        readonly Dictionary<int, Result> ready = new();
        readonly object gate = new();
        readonly Task[] workers;
        int nextClaim;
        bool disposed;

        public PrefetchRun(Func<int, CancellationToken, (Tensor, Tensor)> build, int start, int end, int workerCount, int depth)
        {
            this.build = build;
            this.end = end;
            nextClaim = start;
            slots = new SemaphoreSlim(depth, depth);
            workers = new Task[workerCount];
            for (int i = 0; i < workerCount; i++)
                workers[i] = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        /// <summary>Number of batches finished and not yet taken (for tests of the bound).</summary>
        public int ReadyCount { get { lock (gate) return ready.Count; } }

        /// <summary>Waits for batch <paramref name="batch"/>; rethrows the exception its worker hit.</summary>
        public (Tensor, Tensor) Take(int batch)
        {
            Result result;
            lock (gate)
                while (!ready.Remove(batch, out result!)) Monitor.Wait(gate);
            slots.Release();
            result.Error?.Throw();
            return result.Batch!.Value;
        }

        void Work()
        {
            try
            {
                while (true)
                {
                    slots.Wait(stop.Token);
                    int batch = Interlocked.Increment(ref nextClaim) - 1;
                    if (batch >= end) return;
                    Result result;
                    try { result = new Result(build(batch, stop.Token), null); }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
                    catch (Exception e) { result = new Result(null, ExceptionDispatchInfo.Capture(e)); }
                    lock (gate)
                    {
                        if (disposed) { Free(result); return; }
                        ready[batch] = result;
                        Monitor.PulseAll(gate);
                    }
                    // Later batches are not needed: the consumer stops at this one.
                    if (result.Error != null) return;
                }
            }
            catch (OperationCanceledException) { }
        }

        static void Free(Result result)
        {
            if (result.Batch is not { } batch) return;
            batch.Images.Dispose();
            batch.Targets.Dispose();
        }

        public void Dispose()
        {
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
