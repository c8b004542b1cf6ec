// The blocked driver: loops over cache blocks of one rectangular region of C, packs A and B blocks and
// calls the micro-kernel per tile. One instantiation per micro-kernel type (MR, NR are JIT constants).
using System.Diagnostics;

namespace Mnemos.Kernels;

internal sealed unsafe partial class ManagedGemm
{
    /// <summary>One validated multiply with pinned operands, plus how it is split among threads.</summary>
    internal struct GemmJob
    {
        public float* A, B, C;
        public int Lda, Ldb, Ldc, M, N, K;
        public bool TransA, TransB;
        public float Alpha, Beta;
        public delegate*<in GemmJob, int, int, int, int, void> Driver;

        // Parts contiguous ranges of Tiles tiles of TileSize rows (or columns when SplitColumns).
        public int Parts, Tiles, TileSize;
        public bool SplitColumns;

        /// <summary>Computes part <paramref name="part"/> of C (0 ≤ part &lt; Parts).</summary>
        public readonly void RunPart(int part)
        {
            int perPart = Tiles / Parts, extra = Tiles % Parts;
            int first = part * perPart + Math.Min(part, extra);
            int count = perPart + (part < extra ? 1 : 0);
            int extent = SplitColumns ? N : M;
            int lo = Math.Min(extent, first * TileSize), hi = Math.Min(extent, (first + count) * TileSize);
            if (lo >= hi)
                return;
            if (SplitColumns)
                Driver(in this, 0, M, lo, hi);
            else
                Driver(in this, lo, hi, 0, N);
        }
    }

    // Legend: C rows [row0,row1) × columns [col0,col1); ic/pc/jc = block starts in m/k/n;
    // mc/kc/nc = block sizes; ir/jr = tile starts inside the block. Loop order ic → pc → jc → ir → jr:
    // the packed A micro-panel stays in L1 across the jr loop, the packed B block stays in L2.
    // Summation order per element: k is cut into equal blocks that depend on k alone; each block is one
    // fma chain from zero in increasing p, added as C = fma(acc, alpha, beta·C) with beta = 1 after the
    // first block. Region bounds never change that order, which is what makes threads deterministic.
    static void RunRegion<TK>(in GemmJob job, int row0, int row1, int col0, int col1)
        where TK : struct, IMicroKernel
    {
        int mr = TK.MR, nr = TK.NR;
        int kBlocks = (job.K + TK.KC - 1) / TK.KC;
        int kcMax = (job.K + kBlocks - 1) / kBlocks;
        int mcMax = BalancedBlock(row1 - row0, TK.MC, mr);
        int ncMax = BalancedBlock(col1 - col0, TK.NC, nr);
        var buffers = PackBuffers.ForCurrentThread();
        float* packedA = buffers.A((long)mcMax * kcMax);
        float* packedB = buffers.B((long)kcMax * ncMax);
        float* scratch = buffers.Scratch;
        Debug.Assert(mr * nr <= PackBuffers.ScratchFloats);

        for (int ic = row0; ic < row1; ic += mcMax)
        {
            int mc = Math.Min(mcMax, row1 - ic);
            for (int pc = 0; pc < job.K; pc += kcMax)
            {
                int kc = Math.Min(kcMax, job.K - pc);
                float beta = pc == 0 ? job.Beta : 1f;
                float* aBlock = job.TransA ? job.A + (long)pc * job.Lda + ic : job.A + (long)ic * job.Lda + pc;
                PackPanels(aBlock, job.Lda, !job.TransA, mc, kc, mr, packedA);
                for (int jc = col0; jc < col1; jc += ncMax)
                {
                    int nc = Math.Min(ncMax, col1 - jc);
                    float* bBlock = job.TransB ? job.B + (long)jc * job.Ldb + pc : job.B + (long)pc * job.Ldb + jc;
                    PackPanels(bBlock, job.Ldb, job.TransB, nc, kc, nr, packedB);
                    for (int ir = 0; ir < mc; ir += mr)
                    {
                        float* aPanel = packedA + (long)ir * kc;
                        float* cRow = job.C + (long)(ic + ir) * job.Ldc + jc;
                        int rows = Math.Min(mr, mc - ir);
                        for (int jr = 0; jr < nc; jr += nr)
                        {
                            float* bPanel = packedB + (long)jr * kc;
                            int cols = Math.Min(nr, nc - jr);
                            if (rows == mr && cols == nr)
                            {
                                TK.Run(kc, aPanel, bPanel, cRow + jr, job.Ldc, job.Alpha, beta);
                            }
                            else
                            {
                                TK.Run(kc, aPanel, bPanel, scratch, nr, 1f, 0f);
                                StoreEdge(scratch, nr, cRow + jr, job.Ldc, rows, cols, job.Alpha, beta);
                            }
                        }
                    }
                }
            }
        }
    }

    static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    // Splits extent into the fewest blocks of at most ~limit and returns the common block size, rounded
    // up to whole tiles, so a 1000-row region becomes 2 × 504 rather than 960 + 40.
    static int BalancedBlock(int extent, int limit, int tile)
    {
        int blocks = (extent + limit - 1) / limit;
        return RoundUp((extent + blocks - 1) / blocks, tile);
    }
}
