// Restarted GMRES (Saad & Schultz 1986) for A·x = b when A is known only by its products: the
// Newton steps of a conv memory, (I − J)·δ = g with J·v from tangent passes. Arnoldi with modified
// Gram–Schmidt, Givens rotations on the Hessenberg matrix, x₀ = 0; the residual estimate is checked
// against the true residual b − A·x at every restart.
namespace Mnemos.Linalg;

/// <summary>How a GMRES solve ended: products with A used and the true ‖b − A·x‖ / ‖b‖.</summary>
internal readonly record struct GmresResult(int Products, double RelativeResidual);

/// <summary>Matrix-free solver of square linear systems.</summary>
internal static class Gmres
{
    /// <summary>
    /// Solves A·x = b from x = 0 into <paramref name="x"/>, restarting every <paramref name="restart"/>
    /// products, until ‖b − A·x‖ ≤ <paramref name="tolerance"/>·‖b‖ or <paramref name="maxProducts"/>
    /// products. <paramref name="apply"/>(v, y) sets y = A·v. b = 0 gives x = 0.
    /// </summary>
    public static GmresResult Solve(Action<ReadOnlySpan<double>, Span<double>> apply, ReadOnlySpan<double> b, Span<double> x,
        double tolerance = 1e-8, int restart = 50, int maxProducts = 500)
    {
        ArgumentNullException.ThrowIfNull(apply);
        int n = b.Length;
        if (x.Length != n) throw new ArgumentException($"x has {x.Length} values, b has {n}");
        if (restart < 1 || maxProducts < 1) throw new ArgumentException($"restart {restart} and max products {maxProducts}: both must be at least 1");
        x.Clear();
        double bNorm = DoubleKernels.Norm2(b);
        if (bNorm == 0) return new GmresResult(0, 0);
        int m = Math.Min(restart, n);
        var basis = new double[m + 1][];
        for (int i = 0; i <= m; i++) basis[i] = new double[n];
        var h = new double[(m + 1) * m]; // Hessenberg [(m + 1) × m], row-major
        var cs = new double[m];
        var sn = new double[m];
        var s = new double[m + 1];
        var w = new double[n];
        int products = 0;
        while (true)
        {
            apply(x, w);
            products++;
            for (int i = 0; i < n; i++) basis[0][i] = b[i] - w[i];
            double beta = DoubleKernels.Norm2(basis[0]);
            if (beta <= tolerance * bNorm || products >= maxProducts) return new GmresResult(products, beta / bNorm);
            for (int i = 0; i < n; i++) basis[0][i] /= beta;
            Array.Clear(s);
            s[0] = beta;
            int k = 0;
            while (k < m && products < maxProducts)
            {
                apply(basis[k], w);
                products++;
                for (int i = 0; i <= k; i++)
                {
                    double hik = DoubleKernels.Dot(w, basis[i]);
                    h[i * m + k] = hik;
                    DoubleKernels.Axpy(-hik, basis[i], w);
                }
                double next = DoubleKernels.Norm2(w);
                h[(k + 1) * m + k] = next;
                if (next > 0)
                    for (int i = 0; i < n; i++) basis[k + 1][i] = w[i] / next;
                for (int i = 0; i < k; i++)
                {
                    double top = h[i * m + k], bottom = h[(i + 1) * m + k];
                    h[i * m + k] = cs[i] * top + sn[i] * bottom;
                    h[(i + 1) * m + k] = -sn[i] * top + cs[i] * bottom;
                }
                double diagonal = h[k * m + k];
                double r = Math.Sqrt(diagonal * diagonal + next * next);
                (cs[k], sn[k]) = r > 0 ? (diagonal / r, next / r) : (1, 0);
                h[k * m + k] = r;
                h[(k + 1) * m + k] = 0;
                s[k + 1] = -sn[k] * s[k];
                s[k] *= cs[k];
                k++;
                if (Math.Abs(s[k]) <= tolerance * bNorm || next == 0) break;
            }
            // y solves the upper-triangular H[0..k) y = s[0..k); x += Σ yᵢ·vᵢ.
            var y = new double[k];
            for (int i = k - 1; i >= 0; i--)
            {
                double sum = s[i];
                for (int j = i + 1; j < k; j++) sum -= h[i * m + j] * y[j];
                y[i] = h[i * m + i] != 0 ? sum / h[i * m + i] : 0;
            }
            for (int i = 0; i < k; i++) DoubleKernels.Axpy(y[i], basis[i], x);
        }
    }
}
