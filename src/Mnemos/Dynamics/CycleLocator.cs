// The points of a stored cycle, located. Training to MSE 1e-8 leaves each stored point about
// √(d·MSE) off the network's true cycle, far above the strict matching distance, and
// fixed points by Newton only apply to autoencoders. An attracting cycle is found by iterating from its first point until the period repeats; the
// iterate after k steps sits at phase k mod n, and f carries it round the other phases.
using Mnemos.Kernels;
using Mnemos.Tensors;

namespace Mnemos.Dynamics;

/// <summary>Locates the network's cycles next to the stored cycles of a sequence memory.</summary>
internal static class CycleLocator
{
    /// <summary>
    /// <paramref name="memory"/> anchored at the located cycle points, and per cycle whether it was
    /// located: iteration reached a cycle of its length whose every point is nearest its own stored
    /// point, with MSE to it below the loose criterion (1e-2). Unlocated cycles keep their stored points.
    /// </summary>
    public static (AssociativeMemory Memory, bool[] Located) Locate(AssociativeMemory memory, IGemm gemm)
    {
        if (!memory.IsSequence) throw new ArgumentException("only sequence memories have cycles to locate");
        var anchors = memory.Examples.Clone();
        var located = new bool[memory.Cycles.Count];
        var loose = new RecallOptions();
        for (int c = 0; c < memory.Cycles.Count; c++)
        {
            int[] cycle = memory.Cycles[c];
            int n = cycle.Length;
            var start = new Matrix(1, memory.Dimension, memory.Examples.Row(cycle[0]).ToArray());
            var options = new RecallOptions { MaxPeriod = n };
            var end = Iteration.Run(memory.Map, gemm, start, options)[0];
            if (end.End != IterationEnd.Converged || end.Period != n) continue;

            var points = new float[n][];
            var point = end.EndPoint;
            for (int t = 0; t < n; t++)
            {
                points[(end.Steps + t) % n] = point;
                memory.Map.Residual(gemm, point, out point);
            }
            bool near = true;
            for (int j = 0; j < n && near; j++)
            {
                var (nearest, _) = Recall.Nearest(memory.Examples, points[j]);
                near = nearest == cycle[j] && VectorOps.SumSquaredDifference(points[j], memory.Examples.Row(cycle[j])) / memory.Dimension < loose.LooseMse;
            }
            if (!near) continue;
            for (int j = 0; j < n; j++) points[j].CopyTo(anchors.Row(cycle[j]));
            located[c] = true;
        }
        return (new AssociativeMemory(memory.Map, memory.Examples, memory.Cycles, anchors), located);
    }
}
