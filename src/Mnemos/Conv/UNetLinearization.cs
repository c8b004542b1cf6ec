// The Jacobian J = ∂f/∂x of a UNet at one image, as products: J·v (tangent pass) and Jᵀ·w (backward
// pass without parameter gradients), and as a dense d×d matrix from d products for small images.
// Products are float passes; the double interface is for the eigensolvers.
using Mnemos.Kernels;

namespace Mnemos.Conv;

/// <summary>f linearised at <see cref="Point"/>: matrix-free products with J and Jᵀ (d = C·H·W).</summary>
internal sealed class UNetLinearization
{
    readonly UNet net;
    readonly IGemm gemm;
    readonly UNetWorkspace workspace;
    readonly float[] vector;
    readonly float[] result;

    /// <exception cref="ArgumentException">The point is not one image of the network's shape.</exception>
    public UNetLinearization(UNet net, IGemm gemm, ReadOnlySpan<float> point)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(gemm);
        this.net = net;
        this.gemm = gemm;
        workspace = new UNetWorkspace(net, 1);
        Output = net.Forward(gemm, point, workspace).ToArray();
        Point = point.ToArray();
        vector = new float[Size];
        result = new float[Size];
    }

    public float[] Point { get; }

    /// <summary>f(Point).</summary>
    public float[] Output { get; }

    public int Size => net.Spec.ImageSize;

    /// <summary>y = J·v.</summary>
    public void Jvp(ReadOnlySpan<double> v, Span<double> y)
    {
        Narrow(v, vector);
        var t = net.Tangent(gemm, vector, workspace);
        for (int i = 0; i < t.Length; i++) y[i] = t[i];
    }

    /// <summary>y = Jᵀ·w.</summary>
    public void Vjp(ReadOnlySpan<double> w, Span<double> y)
    {
        Narrow(w, vector);
        net.Backward(gemm, vector, workspace, parameterGradients: false, result);
        for (int i = 0; i < result.Length; i++) y[i] = result[i];
    }

    /// <summary>J as a row-major d×d matrix, column j = J·e_j (d tangent passes).</summary>
    public double[] Dense()
    {
        int d = Size;
        var j = new double[d * d];
        var e = new double[d];
        var column = new double[d];
        for (int c = 0; c < d; c++)
        {
            e[c] = 1;
            Jvp(e, column);
            e[c] = 0;
            for (int r = 0; r < d; r++) j[r * d + c] = column[r];
        }
        return j;
    }

    void Narrow(ReadOnlySpan<double> source, Span<float> destination)
    {
        if (source.Length != Size) throw new ArgumentException($"vector has {source.Length} values, the Jacobian is {Size}×{Size}");
        for (int i = 0; i < source.Length; i++) destination[i] = (float)source[i];
    }
}
