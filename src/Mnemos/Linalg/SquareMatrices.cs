// Small dense square matrices in double, row-major: the identity and the product, used where
// Jacobians are multiplied around a cycle before their spectrum is taken.
namespace Mnemos.Linalg;

/// <summary>n × n row-major double matrices.</summary>
internal static class SquareMatrices
{
    /// <summary>The n × n identity.</summary>
    public static double[] Identity(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var m = new double[n * n];
        for (int i = 0; i < n; i++) m[i * n + i] = 1;
        return m;
    }

    /// <summary>left · right for n × n matrices (zero entries of left are skipped).</summary>
    public static double[] Multiply(ReadOnlySpan<double> left, ReadOnlySpan<double> right, int n)
    {
        if (left.Length != n * n || right.Length != n * n)
            throw new ArgumentException($"matrices of {left.Length} and {right.Length} values: expected {n}×{n} = {n * n} each");
        var result = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++)
            {
                double lik = left[i * n + k];
                if (lik == 0) continue;
                for (int j = 0; j < n; j++) result[i * n + j] += lik * right[k * n + j];
            }
        return result;
    }
}
