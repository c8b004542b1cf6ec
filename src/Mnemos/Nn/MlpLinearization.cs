// The Jacobian of an Mlp at one input point x, held implicitly: the weights plus the activation
// slopes D_l = diag(φ′(z_l(x))). J = W_L · D_{L−1} W_{L−1} ⋯ D_0 W_0. Products with J are batched
// GEMMs; the full matrix and the factored form J = A·B are built from them.
using Mnemos.Kernels;
using Mnemos.Tensors;

namespace Mnemos.Nn;

/// <summary>J_f(x) of an <see cref="Mlp"/>, for Jacobian-vector products, the full Jacobian and its factors.</summary>
public sealed class MlpLinearization
{
    readonly Mlp mlp;
    readonly IGemm gemm;
    readonly float[][] slopes; // slopes[l] = φ′(z_l) [W] for hidden layer l

    internal MlpLinearization(Mlp mlp, IGemm gemm, ReadOnlySpan<float> point)
    {
        this.mlp = mlp;
        this.gemm = gemm;
        var spec = mlp.Spec;
        Point = point.ToArray();
        var workspace = new MlpWorkspace(spec, 1);
        Output = mlp.Forward(gemm, point, workspace).ToArray();
        slopes = new float[spec.Depth][];
        for (int l = 0; l < spec.Depth; l++)
        {
            slopes[l] = new float[spec.Width];
            ActivationKernels.Derivative(spec.Activation, workspace.PreActivations[l], slopes[l]);
        }
    }

    /// <summary>The point x the Jacobian is taken at.</summary>
    public float[] Point { get; }

    /// <summary>f(x).</summary>
    public float[] Output { get; }

    public int InputSize => mlp.Spec.InputSize;
    public int OutputSize => mlp.Spec.OutputSize;

    /// <summary>φ′(z_l(x)) of hidden layer l, [Width].</summary>
    public ReadOnlySpan<float> Slopes(int layer) => slopes[layer];

    /// <summary>
    /// Jacobian-vector products for a batch of tangents: result [m × OutputSize] has row i = J·uᵢ,
    /// for tangents [m × InputSize] with row i = uᵢ.
    /// </summary>
    public void Jvp(ReadOnlySpan<float> tangents, int m, Span<float> result)
    {
        var spec = mlp.Spec;
        CheckLengths(tangents.Length, m * spec.InputSize, result.Length, m * spec.OutputSize);
        // Rows are tangents: Ż_l = Ḣ · W_lᵀ, then Ḣ_{l+1} = Ż_l ⊙ φ′(z_l) (broadcast over rows).
        ReadOnlySpan<float> h = tangents;
        float[] a = new float[m * spec.Width], b = new float[m * spec.Width];
        for (int l = 0; l < mlp.LayerCount; l++)
        {
            int fanIn = spec.LayerInputs(l), fanOut = spec.LayerOutputs(l);
            Span<float> z = l == spec.Depth ? result : a.AsSpan(0, m * fanOut);
            gemm.Multiply(Transpose.No, Transpose.Yes, m, fanOut, fanIn, 1f, h, fanIn, mlp.Weight(l), fanIn, 0f, z, fanOut);
            if (l == spec.Depth) break;
            VectorOps.ScaleColumns(z, m, slopes[l]);
            h = z;
            (a, b) = (b, a);
        }
    }

    /// <summary>
    /// Vector-Jacobian products for a batch of cotangents: result [m × InputSize] has row i = vᵢᵀ·J,
    /// for cotangents [m × OutputSize] with row i = vᵢ.
    /// </summary>
    public void Vjp(ReadOnlySpan<float> cotangents, int m, Span<float> result)
    {
        var spec = mlp.Spec;
        CheckLengths(cotangents.Length, m * spec.OutputSize, result.Length, m * spec.InputSize);
        // G ← G · W_l, then G ⊙= φ′(z_{l−1}) (broadcast over rows), from the output layer down.
        ReadOnlySpan<float> g = cotangents;
        float[] a = new float[m * spec.Width], b = new float[m * spec.Width];
        for (int l = mlp.LayerCount - 1; l >= 0; l--)
        {
            int fanIn = spec.LayerInputs(l), fanOut = spec.LayerOutputs(l);
            Span<float> dh = l == 0 ? result : a.AsSpan(0, m * fanIn);
            gemm.Multiply(Transpose.No, Transpose.No, m, fanIn, fanOut, 1f, g, fanOut, mlp.Weight(l), fanIn, 0f, dh, fanIn);
            if (l == 0) break;
            VectorOps.ScaleColumns(dh, m, slopes[l - 1]);
            g = dh;
            (a, b) = (b, a);
        }
    }

    /// <summary>The full Jacobian [OutputSize × InputSize], row i = ∂fᵢ/∂x, built by VJPs with the identity.</summary>
    public Matrix Full()
    {
        int d = OutputSize;
        var identity = new Matrix(d, d);
        for (int i = 0; i < d; i++) identity[i, i] = 1f;
        var jacobian = new Matrix(d, InputSize);
        Vjp(identity.Data, d, jacobian.Data);
        return jacobian;
    }

    /// <summary>
    /// The factors of J = A·B with A = W_L [OutputSize × Width] and
    /// B = D_{L−1} W_{L−1} ⋯ D_0 W_0 [Width × InputSize]. The non-zero eigenvalues of AB equal those
    /// of BA [Width × Width], the smaller problem when Width &lt; d. For depth 0, A = W_0 and B = I.
    /// </summary>
    public (Matrix A, Matrix B) Factors()
    {
        var spec = mlp.Spec;
        if (spec.Depth == 0)
        {
            var identity = new Matrix(spec.InputSize, spec.InputSize);
            for (int i = 0; i < spec.InputSize; i++) identity[i, i] = 1f;
            return (new Matrix(spec.OutputSize, spec.InputSize, mlp.Weight(0).ToArray()), identity);
        }
        int w = spec.Width, d = spec.InputSize;
        var b = ApplyHiddenSlopes(new Matrix(w, d, mlp.Weight(0).ToArray()));
        var a = new Matrix(spec.OutputSize, w, mlp.Weight(spec.Depth).ToArray());
        return (a, b);
    }

    /// <summary>
    /// B·A [Width × Width] for J = A·B (depth ≥ 1), without forming B [Width × d]: one
    /// [W × d]·[d × W] product W_0·A, then only [W × W] products. This is the matrix whose
    /// non-zero eigenvalues are those of J.
    /// </summary>
    public Matrix ReducedProduct()
    {
        var spec = mlp.Spec;
        if (spec.Depth == 0) throw new InvalidOperationException("a depth-0 network has no hidden layer to reduce to");
        if (spec.OutputSize != spec.InputSize) throw new InvalidOperationException($"B·A needs a map R^d → R^d, this one maps {spec.InputSize} → {spec.OutputSize}");
        int w = spec.Width, d = spec.InputSize;
        var t = new Matrix(w, w);
        gemm.Multiply(Transpose.No, Transpose.No, w, w, d, 1f, mlp.Weight(0), d, mlp.Weight(spec.Depth), w, 0f, t.Data, w);
        return ApplyHiddenSlopes(t);
    }

    /// <summary>B·v [Width] for J = A·B (depth ≥ 1): the hidden part of the JVP, without forming B.</summary>
    public float[] HiddenTangent(ReadOnlySpan<float> v)
    {
        var spec = mlp.Spec;
        if (spec.Depth == 0) throw new InvalidOperationException("a depth-0 network has no hidden layer");
        if (v.Length != spec.InputSize) throw new ArgumentException($"tangent has {v.Length} values, expected {spec.InputSize}");
        var m = new Matrix(spec.Width, 1);
        gemm.Multiply(Transpose.No, Transpose.No, spec.Width, 1, spec.InputSize, 1f, mlp.Weight(0), spec.InputSize, v, 1, 0f, m.Data, 1);
        return ApplyHiddenSlopes(m).Data;
    }

    // M already holds W_0·X; returns D_{L−1} W_{L−1} ⋯ D_1 W_1 D_0 · M (every product [W × W]·[W × cols]).
    Matrix ApplyHiddenSlopes(Matrix m)
    {
        int w = mlp.Spec.Width, cols = m.Cols;
        ScaleRows(m, slopes[0]);
        var next = new Matrix(w, cols);
        for (int l = 1; l < mlp.Spec.Depth; l++)
        {
            gemm.Multiply(Transpose.No, Transpose.No, w, cols, w, 1f, mlp.Weight(l), w, m.Data, cols, 0f, next.Data, cols);
            ScaleRows(next, slopes[l]);
            (m, next) = (next, m);
        }
        return m;
    }

    static void ScaleRows(Matrix m, ReadOnlySpan<float> scale)
    {
        for (int r = 0; r < m.Rows; r++)
        {
            var row = m.Row(r);
            float s = scale[r];
            for (int c = 0; c < row.Length; c++) row[c] *= s;
        }
    }

    static void CheckLengths(int inLength, int inExpected, int outLength, int outExpected)
    {
        if (inLength != inExpected) throw new ArgumentException($"input block has {inLength} values, expected {inExpected}");
        if (outLength != outExpected) throw new ArgumentException($"result block has {outLength} values, expected {outExpected}");
    }
}
