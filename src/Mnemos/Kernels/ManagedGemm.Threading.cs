// Threading: how one multiply is cut into per-thread parts, and the persistent workers that run them.
// Parts are fixed rectangles of whole tiles, so each element of C has exactly one owner and its value
// does not depend on the thread count (see the summation-order note in ManagedGemm.Blocking.cs).
using System.Diagnostics;

namespace Mnemos.Kernels;

internal sealed unsafe partial class ManagedGemm
{
    // Below this many multiply-adds (about 80³, 1 MFLOP, ~5 µs on one core) a second thread costs more
    // in hand-off, duplicate packing and cache-line transfers than it saves.
    internal const long ParallelMinFma = 1L << 19;

    // Packing one element costs about as much as this many multiply-adds in the micro-kernel
    // (a 16-lane FMA pair per cycle vs roughly one packed element per cycle).
    const long PackCostInFma = 16;

    // Splits C into at most `threads` contiguous ranges of row tiles or of column tiles, whichever
    // gives the smaller per-thread cost: a column split makes every thread pack all of A, a row split
    // every thread pack all of B.
    static void Partition(ref GemmJob job, int threads, MicroKernel kernel)
    {
        int rowTiles = (job.M + kernel.MR - 1) / kernel.MR, colTiles = (job.N + kernel.NR - 1) / kernel.NR;
        long m = job.M, n = job.N, k = job.K;
        long colCost = (colTiles + threads - 1) / threads * (long)kernel.NR * m * k + PackCostInFma * m * k;
        long rowCost = (rowTiles + threads - 1) / threads * (long)kernel.MR * n * k + PackCostInFma * n * k;
        job.SplitColumns = colCost < rowCost;
        job.Tiles = job.SplitColumns ? colTiles : rowTiles;
        job.TileSize = job.SplitColumns ? kernel.NR : kernel.MR;
        job.Parts = threads == 1 || m * n * k < ParallelMinFma ? 1 : Math.Min(threads, job.Tiles);
    }

    /// <summary>
    /// Persistent helper threads. A multiply is published as a generation; part p belongs to thread p
    /// (the caller is thread 0), but any thread that finds a part still unclaimed once its own is done
    /// takes it, so a helper that is slow to wake (another process on its core) delays nothing. Which
    /// thread runs a part never changes its result. An idle helper spins briefly (back-to-back training
    /// calls find it awake) and then sleeps on a semaphore. No allocation per multiply.
    /// </summary>
    internal sealed class GemmWorkers : IDisposable
    {
        // How long an idle helper polls for the next multiply before it blocks (Stopwatch ticks ≈ 100 µs).
        static readonly long SpinTicks = Stopwatch.Frequency / 10_000;

        // Published word: generation (bits 16..63, never wraps in practice) | part count (bits 0..15).
        const int PartBits = 16;
        internal const int MaxParts = (1 << PartBits) - 1;

        readonly Helper[] helpers;
        readonly long[] claimed; // claimed[p] = last generation whose part p has been taken by a thread
        readonly object gate = new();
        GemmJob job;
        long published;
        int completed;
        volatile bool disposed;
        Exception? failure;

        sealed class Helper
        {
            public int Ticket;   // incremented by the caller for each multiply published
            public int Sleeping; // 1 while blocked (or about to block) on Wake
            public readonly SemaphoreSlim Wake = new(0);
        }

        public GemmWorkers(int count)
        {
            helpers = new Helper[count];
            claimed = new long[count + 1];
            for (int i = 0; i < count; i++)
            {
                var helper = helpers[i] = new Helper();
                int own = i + 1;
                new Thread(() => Loop(helper, own)) { IsBackground = true, Name = $"mnemos-gemm-{own}" }.Start();
            }
        }

        /// <summary>Runs all parts of the job and returns when every one is done.</summary>
        public void Run(ref GemmJob work)
        {
            Debug.Assert(work.Parts <= Math.Min(MaxParts, claimed.Length));
            lock (gate)
            {
                if (disposed)
                {
                    for (int part = 0; part < work.Parts; part++) work.RunPart(part);
                    return;
                }
                // Publish: job fields and the completion count first, then the word (full fence).
                job = work;
                Volatile.Write(ref completed, 0);
                long generation = (published >> PartBits) + 1;
                Interlocked.Exchange(ref published, generation << PartBits | (long)work.Parts);
                int helping = Math.Min(work.Parts - 1, helpers.Length);
                for (int i = 0; i < helping; i++) Signal(helpers[i]);

                RunParts(0);
                for (int polls = 0; Volatile.Read(ref completed) != work.Parts; polls++)
                {
                    // Another thread is finishing a part it claimed: poll, then yield so it can run
                    // even when it shares this core with other work.
                    if (polls < 64) Thread.SpinWait(20);
                    else Thread.Yield();
                }
                if (failure is { } error)
                {
                    failure = null;
                    throw new InvalidOperationException("a GEMM part failed", error);
                }
            }
        }

        public void Dispose()
        {
            lock (gate)
            {
                if (disposed)
                    return;
                disposed = true;
                foreach (var helper in helpers) Signal(helper);
            }
        }

        // Runs part `own` of the current generation if still unclaimed, then any other unclaimed part.
        // A claim is a CAS of claimed[p] from an older generation to this one; it succeeds only while
        // that generation is unfinished, so the job fields cannot change before the part is counted.
        // A thread holding a stale word fails every claim, since all parts of an old generation are taken.
        void RunParts(int own)
        {
            long word = Volatile.Read(ref published);
            long generation = word >> PartBits;
            int parts = (int)(word & MaxParts);
            for (int i = 0; i < parts; i++)
            {
                int part = (own + i) % parts;
                long seen = Volatile.Read(ref claimed[part]);
                if (seen >= generation || Interlocked.CompareExchange(ref claimed[part], generation, seen) != seen)
                    continue;
                try
                {
                    job.RunPart(part);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                }
                Interlocked.Increment(ref completed);
            }
        }

        static void Signal(Helper helper)
        {
            Interlocked.Increment(ref helper.Ticket);
            if (Interlocked.Exchange(ref helper.Sleeping, 0) == 1)
                helper.Wake.Release();
        }

        void Loop(Helper helper, int own)
        {
            int seen = 0;
            while (true)
            {
                seen = WaitForTicket(helper, seen);
                if (disposed)
                    return;
                RunParts(own);
            }
        }

        // Returns the new ticket. Sleeping is raised (full fence) before the last ticket check, and the
        // caller bumps the ticket (full fence) before clearing Sleeping, so a wake-up is never lost.
        static int WaitForTicket(Helper helper, int seen)
        {
            long deadline = Stopwatch.GetTimestamp() + SpinTicks;
            int ticket;
            while ((ticket = Volatile.Read(ref helper.Ticket)) == seen)
            {
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    Interlocked.Exchange(ref helper.Sleeping, 1);
                    if ((ticket = Volatile.Read(ref helper.Ticket)) != seen)
                    {
                        // Already signalled: if the caller also cleared Sleeping it released Wake, consume it.
                        if (Interlocked.Exchange(ref helper.Sleeping, 0) == 0)
                            helper.Wake.Wait();
                        return ticket;
                    }
                    helper.Wake.Wait();
                    deadline = Stopwatch.GetTimestamp() + SpinTicks;
                    continue;
                }
                Thread.SpinWait(20);
            }
            return ticket;
        }
    }
}
