using System;
using System.Threading;

namespace NetDsl
{
    /// <summary>
    /// Counts the calls running on a disposable object so that disposing it while calls are in flight lets them finish:
    /// the release runs once, when it is disposed and its last call has left. A call that starts after disposal is refused.
    /// Lock-free: entering raises the count before reading the disposed flag, disposing sets the flag before reading the
    /// count (both interlocked), so one of the two always sees the other. A call made on a thread already inside one (a
    /// <see cref="PredictorHandle"/>'s call, then the predictor's own) is part of it and never refused.
    /// </summary>
    internal sealed class InFlightCalls
    {
        readonly Action release;
        int calls, disposed, released;
        // Calls this thread has inside: a nested entry is let in even after disposal, as the outer call keeps it alive.
        readonly ThreadLocal<int> held = new(() => 0);

        public InFlightCalls(Action release) => this.release = release;

        /// <summary>Whether it was disposed (calls may still be finishing).</summary>
        public bool IsDisposed => Volatile.Read(ref disposed) == 1;

        /// <summary>Starts a call; false once disposed (no call is started then).</summary>
        public bool TryEnter()
        {
            Interlocked.Increment(ref calls);
            if (held.Value > 0 || Volatile.Read(ref disposed) == 0)
            {
                held.Value++;
                return true;
            }
            Leave();
            return false;
        }

        /// <summary>Ends a call that <see cref="TryEnter"/> started; the last one after disposal releases.</summary>
        public void Exit()
        {
            held.Value--;
            Leave();
        }

        void Leave()
        {
            if (Interlocked.Decrement(ref calls) == 0 && Volatile.Read(ref disposed) == 1) Release();
        }

        /// <summary>Refuses further calls and releases now, or when the last call in flight ends.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 1) return;
            if (Volatile.Read(ref calls) == 0) Release();
        }

        void Release()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) release();
        }
    }
}
