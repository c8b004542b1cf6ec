// A balanced Hessenberg reduction kept for eigenvector work: D⁻¹·A·D = Q·H·Qᵀ. Eigenvectors are
// found by inverse iteration on H (O(n²) each) and mapped back as v = D·Q·y, then checked
// against the original matrix. Internal plumbing of DenseEigen.
using System.Numerics;

namespace Mnemos.Linalg;

sealed class HessenbergForm
{
    public readonly int Order;
    public readonly double[] Reduced; // [n × n]: H and the reflectors (Hessenberg.Reduce layout)
    readonly double[] tau;            // [n]
    readonly double[] scale;          // [n]: the balancing diagonal D
    readonly double frobenius;        // ‖A‖_F of the original matrix

    // a [n × n] row-major, already validated (finite, long enough).
    public HessenbergForm(ReadOnlySpan<double> a, int n)
    {
        Order = n;
        Reduced = a.Slice(0, n * n).ToArray();
        frobenius = DoubleKernels.Norm2(Reduced);
        tau = new double[n];
        scale = new double[n];
        Balance.Apply(Reduced, n, scale);
        Hessenberg.Reduce(Reduced, n, tau);
    }

    // Left eigenvector: wᵀA = λwᵀ. From D⁻¹AD = QHQᵀ, wᵀ·D·Q = zᵀ with Hᵀz = λz, so w = D⁻¹·Q·z
    // (unit norm, not conjugated). Returns w as a complex vector [n].
    public Complex[] LeftVectorFor(Complex lambda)
    {
        int n = Order;
        var zr = new double[n];
        var zi = new double[n];
        InverseIteration.SolveTransposed(Reduced, n, lambda, zr, zi);
        Hessenberg.ApplyQ(Reduced, n, tau, zr);
        Hessenberg.ApplyQ(Reduced, n, tau, zi);
        for (int i = 0; i < n; i++) { zr[i] /= scale[i]; zi[i] /= scale[i]; }
        InverseIteration.Normalize(zr, zi);
        var w = new Complex[n];
        for (int i = 0; i < n; i++) w[i] = new Complex(zr[i], zi[i]);
        return w;
    }

    // Inverse iteration on H, then v = D·Q·y, normalised, phase fixed, residual against a.
    public EigenPair PairFor(ReadOnlySpan<double> a, Complex lambda)
    {
        int n = Order;
        var yr = new double[n];
        var yi = new double[n];
        int its = InverseIteration.Solve(Reduced, n, lambda, yr, yi);
        Hessenberg.ApplyQ(Reduced, n, tau, yr);
        Hessenberg.ApplyQ(Reduced, n, tau, yi);
        for (int i = 0; i < n; i++) { yr[i] *= scale[i]; yi[i] *= scale[i]; }
        InverseIteration.Normalize(yr, yi);
        int top = 0;
        for (int i = 1; i < n; i++)
            if (yr[i] * yr[i] + yi[i] * yi[i] > yr[top] * yr[top] + yi[top] * yi[top]) top = i;
        var phase = Complex.Conjugate(new Complex(yr[top], yi[top]));
        phase /= Complex.Abs(phase);
        var v = new Complex[n];
        for (int i = 0; i < n; i++) v[i] = new Complex(yr[i], yi[i]) * phase;
        v[top] = new Complex(Complex.Abs(v[top]), 0);
        double residual = DenseEigen.Residual(a, n, lambda, v);
        return new EigenPair(lambda, v, residual, its) { RelativeResidual = frobenius == 0 ? 0 : residual / frobenius };
    }
}
