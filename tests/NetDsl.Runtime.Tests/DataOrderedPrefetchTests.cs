using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading;
using NetDsl.Runtime.Data;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    public class DataOrderedPrefetchTests
    {
        sealed class Item(int index)
        {
            public int Index { get; } = index;
            public int Frees;
        }

        [Fact]
        public void ItemsComeInOrderEvenWhenLaterOnesFinishFirst()
        {
            using var laterDone = new CountdownEvent(3);
            Item Build(int i, CancellationToken _)
            {
                if (i == 0) laterDone.Wait();   // item 0 finishes only after items 1..3
                else if (i <= 3) laterDone.Signal();
                return new Item(i);
            }
            using var run = new OrderedPrefetch<Item>(Build, _ => { }, 0, 10, workerCount: 4, depth: 4);
            Assert.Equal(Enumerable.Range(0, 10), Enumerable.Range(0, 10).Select(i => run.Take(i).Index));
        }

        [Fact]
        public void DisposingEarlyFreesEveryItemBuiltButNotTakenAndStopsBuilding()
        {
            var built = new ConcurrentBag<Item>();
            var run = new OrderedPrefetch<Item>((i, _) => { var item = new Item(i); built.Add(item); return item; },
                item => Interlocked.Increment(ref item.Frees), 0, 1000, workerCount: 3, depth: 5);
            var taken = new[] { run.Take(0), run.Take(1) };
            run.Dispose();

            int count = built.Count;
            Assert.InRange(count, 2, 2 + 5);   // at most depth items beyond those taken were ever claimed
            Assert.All(taken, item => Assert.Equal(0, item.Frees));
            Assert.All(built.Where(item => !taken.Contains(item)), item => Assert.Equal(1, item.Frees));
            Thread.Sleep(100);   // not a timing assert: a worker still alive would build more meanwhile
            Assert.Equal(count, built.Count);
        }

        [Fact]
        public void AFailedItemRethrowsTheWorkersExceptionWhenReached()
        {
            using var run = new OrderedPrefetch<Item>((i, _) => i == 2 ? throw new InvalidDataException($"item{i}.png: truncated") : new Item(i),
                _ => { }, 0, 10, workerCount: 2, depth: 3);
            Assert.Equal(0, run.Take(0).Index);
            Assert.Equal(1, run.Take(1).Index);
            var error = Assert.Throws<InvalidDataException>(() => run.Take(2));
            Assert.Equal("item2.png: truncated", error.Message);
            Assert.Contains(nameof(AFailedItemRethrowsTheWorkersExceptionWhenReached), error.StackTrace);   // the worker's frames are kept
        }
    }
}
