// Matrix-free eigenvalues of largest modulus by restarted Arnoldi, for Jacobians too large to
// form: only y = A·x products are needed. Thick restart in Krylov–Schur style: the wanted Ritz
// vectors (real and imaginary parts, orthonormalised) are kept, so A·V_m = V_m·G + g·v_{m+1}·e_mᵀ
// holds throughout with a dense projected G. Not for interior or smallest eigenvalues.
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using Mnemos.Tensors;

namespace Mnemos.Linalg;

/// <summary>Restarted Arnoldi for the eigenvalues of largest modulus of a linear operator.</summary>
internal static class Arnoldi
{
    const double SafeMin = 2.2250738585072014e-308;

    /// <summary>
    /// The <see cref="ArnoldiOptions.Wanted"/> Ritz values of largest modulus of the n×n operator
    /// <paramref name="apply"/> (apply(x, y) must write y = A·x), with residual bounds.
    /// </summary>
    /// <exception cref="ArgumentException">bad options, or apply produced NaN/∞.</exception>
    public static ArnoldiResult TopEigenvalues(Action<ReadOnlySpan<double>, Span<double>> apply, int n, ArnoldiOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(apply);
        options ??= new ArnoldiOptions();
        Validate(n, options);
        if (n == 0) return new ArnoldiResult([], [], true, 0, 0, true);
        var space = new KrylovSpace(apply, n, Math.Min(options.KrylovDimension, n));
        var start = new double[n];
        var rng = new Rng(options.Seed);
        for (int i = 0; i < n; i++) start[i] = rng.Gaussian();
        space.Start(start);

        int wanted = Math.Min(options.Wanted, n);
        for (int restart = 0; ; restart++)
        {
            bool invariant = space.Extend() || space.Size == n;
            int size = space.Size;
            var g = space.ProjectedMatrix();
            double last = space.LastSubdiagonal;
            int keepDims = Math.Clamp(Math.Max(wanted + 1, size / 2), 1, Math.Max(1, size - 2));
            var (values, pairs) = RitzPairs(g, size, Math.Min(wanted, size), keepDims);

            var residuals = new double[Math.Min(wanted, size)];
            for (int i = 0; i < residuals.Length; i++)
            {
                // ‖A·V·y − θ·V·y‖ ≤ ‖G·y − θ·y‖ + |g_{m+1,m}|·|y_m| (V orthonormal).
                var pair = PairOf(values[i], pairs);
                residuals[i] = pair.Residual + Math.Abs(last) * pair.Vector[size - 1].Magnitude;
            }
            double scale = Math.Max(Complex.Abs(values[0]), SafeMin);
            bool converged = residuals.All(r => r <= options.Tolerance * scale);
            if (converged || invariant || restart >= options.MaxRestarts)
            {
                var ritz = values.AsSpan(0, residuals.Length).ToArray();
                double dominant = space.ExplicitResidual(values[0], PairOf(values[0], pairs).Vector);
                return new ArnoldiResult(ritz, residuals, converged, restart, space.Products, invariant) { DominantResidual = dominant };
            }
            space.Restart(g, OrthonormalBasis(pairs));
        }
    }

    // Eigenvalues of the projected matrix g [size × size] sorted by decreasing modulus, and the
    // eigenvectors of the leading ones: all of the first `wanted`, and enough more to span
    // keepDims real dimensions (a conjugate pair counts 2 and is represented by its +i member).
    static (Complex[] Values, EigenPair[] Pairs) RitzPairs(double[] g, int size, int wanted, int keepDims)
    {
        return DenseEigen.EigenvaluesAndPairs(g, size, sorted =>
        {
            var chosen = new List<Complex>();
            int dims = 0;
            for (int i = 0; i < sorted.Length;)
            {
                int width = sorted[i].Imaginary > 0 && i + 1 < sorted.Length ? 2 : 1;
                if (i >= wanted && dims + width > keepDims) break;
                if (sorted[i].Imaginary >= 0) chosen.Add(sorted[i]);
                dims += width;
                i += width;
            }
            return chosen.ToArray();
        });
    }

    // The computed pair for θ, or the conjugate of its partner's pair for a −i member.
    static EigenPair PairOf(Complex theta, EigenPair[] pairs)
    {
        for (int c = 0; c < pairs.Length; c++)
        {
            if (pairs[c].Value == theta) return pairs[c];
            if (pairs[c].Value == Complex.Conjugate(theta))
                return pairs[c] with { Value = theta, Vector = pairs[c].Vector.Select(Complex.Conjugate).ToArray() };
        }
        throw new InvalidOperationException($"Ritz value {theta} has no computed vector ({pairs.Length} computed)");
    }

    // Orthonormal real basis S [size × p], S[c] = column c, of span{Re y, Im y} over the pairs.
    static double[][] OrthonormalBasis(EigenPair[] pairs)
    {
        var columns = new List<double[]>();
        foreach (var pair in pairs)
        {
            AddOrthonormal(columns, pair.Vector.Select(z => z.Real).ToArray());
            if (pair.Value.Imaginary != 0) AddOrthonormal(columns, pair.Vector.Select(z => z.Imaginary).ToArray());
        }
        return columns.ToArray();
    }

    // Two passes of Gram–Schmidt against the columns so far; drops a numerically dependent vector.
    static void AddOrthonormal(List<double[]> columns, double[] x)
    {
        double before = DoubleKernels.Norm2(x);
        for (int pass = 0; pass < 2; pass++)
            foreach (var c in columns) DoubleKernels.Axpy(-DoubleKernels.Dot(c, x), c, x);
        double norm = DoubleKernels.Norm2(x);
        if (norm <= 1e-10 * before) return;
        for (int i = 0; i < x.Length; i++) x[i] /= norm;
        columns.Add(x);
    }

    static void Validate(int n, ArnoldiOptions o)
    {
        if (n < 0) Throw($"n = {n}: must be at least 0");
        if (o.Wanted < 1) Throw($"Wanted = {o.Wanted}: must be at least 1");
        if (o.KrylovDimension < o.Wanted + 2)
            Throw($"KrylovDimension = {o.KrylovDimension}: must be at least Wanted + 2 = {o.Wanted + 2}");
        if (!(o.Tolerance > 0) || !double.IsFinite(o.Tolerance)) Throw($"Tolerance = {o.Tolerance}: must be positive and finite");
        if (o.MaxRestarts < 0) Throw($"MaxRestarts = {o.MaxRestarts}: must be at least 0");
    }

    [DoesNotReturn]
    static void Throw(string message) => throw new ArgumentException(message, "options");
}
