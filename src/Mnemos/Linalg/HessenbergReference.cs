// Naive twin of Hessenberg.Reduce: the textbook order (left reflector on the trailing rows, then
// right reflector on every row), scalar loops, same storage. For tests only.
namespace Mnemos.Linalg;

static class HessenbergReference
{
    public static void Reduce(Span<double> a, int n, Span<double> tau)
    {
        tau.Slice(0, n).Clear();
        var v = new double[n];
        for (int k = 0; k <= n - 3; k++)
        {
            for (int i = k + 1; i < n; i++) v[i] = a[i * n + k];
            double t = Hessenberg.MakeReflector(v.AsSpan(k + 1, n - k - 1), out double beta);
            tau[k] = t;
            if (t == 0) { for (int i = k + 2; i < n; i++) a[i * n + k] = v[i]; continue; }
            for (int j = k; j < n; j++)
            {
                double s = 0;
                for (int i = k + 1; i < n; i++) s += v[i] * a[i * n + j];
                for (int i = k + 1; i < n; i++) a[i * n + j] -= t * s * v[i];
            }
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = k + 1; j < n; j++) s += a[i * n + j] * v[j];
                for (int j = k + 1; j < n; j++) a[i * n + j] -= t * s * v[j];
            }
            a[(k + 1) * n + k] = beta;
            for (int i = k + 2; i < n; i++) a[i * n + k] = v[i];
        }
    }
}
