// The matrices behind a certified basin radius at one fixed point x̂ of f(x) = A·G(x) + b, and the
// bounds they give for a radius. G is the hidden stack (Depth layers of Width units), A = W_out.
// Everything is linearized once at x̂ in double; a ball is then pushed through the layers keeping the
// linear part exact and only the per-unit nonlinear remainders as boxes (a zonotope with one box per
// layer), so the bound on a unit is ρ·‖row of the linear map‖ + Σ |T|·remainder: no product of
// weight norms. Shapes: d = InputSize, w = Width, L = Depth; T[l, k] maps h_{l+1} to z_k.
using Mnemos.Linalg;
using Mnemos.Nn;

namespace Mnemos.Dynamics;

sealed class BasinBounds
{
    readonly DoubleMlp.Linearization lin;
    readonly Kernels.Activation activation;
    readonly int w, depth;
    readonly double[][] z;          // ẑ_k [w]
    readonly double[][] rowsX;      // ‖row i of C_k‖₂, C_k = W_k D̂ ⋯ D̂ W_0 [w × d]
    readonly double[][] rowsR;      // ‖row i of C_k·A‖_{P⁻¹} (dual of the P-norm on the reduced state)
    readonly double[][] offsetZ;    // |C_k·c|, c = f(x̂) − x̂ in double
    readonly double[][][] t;        // t[k][l] = |T[l, k]| [w × w] for l < k
    readonly double[][] outCols;    // ‖Lᵀ·D̂_{L−1}T[l, L−1]·e_j‖₂ [w] per l (identity for l = L−1)

    public BasinBounds(DoubleMlp net, ReadOnlySpan<double> point, double floatStep, double scale)
    {
        var spec = net.Spec;
        w = spec.Width;
        depth = spec.Depth;
        activation = spec.Activation;
        int d = spec.InputSize;
        lin = net.LinearizeAt(point);
        z = Enumerable.Range(0, depth).Select(lin.PreActivation).ToArray();
        var c = new double[d];
        for (int i = 0; i < d; i++) c[i] = lin.Output[i] - point[i];
        Offset = DoubleKernels.Norm2(c);
        FloatStep = floatStep;
        double[] a = lin.A; // [d × w]

        // C_k [w × d], and C_k·A, C_k·c, from C_0 = W_0 by C_{k+1} = W_{k+1} D̂_k C_k.
        rowsX = new double[depth][];
        offsetZ = new double[depth][];
        var reduced = new double[depth][];
        var ck = (double[])net.Weight(0).Clone();
        for (int k = 0; ; k++)
        {
            rowsX[k] = RowNorms(ck, w, d);
            offsetZ[k] = new double[w];
            for (int i = 0; i < w; i++) offsetZ[k][i] = Math.Abs(DoubleKernels.Dot(ck.AsSpan(i * d, d), c));
            reduced[k] = new double[w * w];
            DoubleGemm.Multiply(ck, a, w, d, w, reduced[k]);
            ScaleRows(ck, d, lin.Slope(k));
            if (k == depth - 1) break;
            var next = new double[w * d];
            DoubleGemm.Multiply(net.Weight(k + 1), ck, w, w, d, next);
            ck = next;
        }
        var bHat = ck; // B̂ = D̂_{L−1} C_{L−1} [w × d]
        var m = (double[])reduced[depth - 1].Clone();
        ScaleRows(m, w, lin.Slope(depth - 1)); // M̂ = B̂·A [w × w]

        Norm = LyapunovNorm.For(m, w, scale);
        if (Norm is null) { rowsR = []; t = []; outCols = []; Contraction = double.PositiveInfinity; OutputGain = double.NaN; return; }
        Contraction = Norm.OperatorNormBound(m);
        var li = Norm.LowerInverse;
        var lt = Transposed(Norm.Lower, w);
        rowsR = new double[depth][];
        var lit = Transposed(li, w);
        for (int k = 0; k < depth; k++)
        {
            var scaled = new double[w * w];
            DoubleGemm.Multiply(reduced[k], lit, w, w, w, scaled); // rows: L⁻¹·(row of C_k A)ᵀ
            rowsR[k] = RowNorms(scaled, w, w);
        }

        // Output gains: ‖Lᵀ B̂‖₂ (a start's linear image in the P-norm), ‖Lᵀ B̂ c‖₂.
        var ltb = new double[w * d];
        DoubleGemm.Multiply(lt, bHat, w, w, d, ltb);
        EntryGain = Math.Sqrt(LyapunovNorm.LargestEigenvalueBound(LyapunovNorm.Gram(Transposed(ltb, w, d), d, w), w));
        var ltbc = new double[w];
        for (int i = 0; i < w; i++) ltbc[i] = DoubleKernels.Dot(ltb.AsSpan(i * d, d), c);
        OffsetOut = DoubleKernels.Norm2(ltbc);

        // ‖A·L⁻ᵀ‖₂ = √λ_max(L⁻¹·AᵀA·L⁻ᵀ): from the P-norm of the hidden state back to x = A·h + b.
        var ata = LyapunovNorm.Gram(a, d, w);
        var liAta = new double[w * w];
        DoubleGemm.Multiply(li, ata, w, w, w, liAta);
        var sandwich = new double[w * w];
        DoubleGemm.Multiply(liAta, lit, w, w, w, sandwich);
        OutputGain = Math.Sqrt(LyapunovNorm.LargestEigenvalueBound(sandwich, w));

        // T[l, k] = W_k D̂_{k−1} ⋯ D̂_{l+1} W_{l+1}, kept as |T|; output columns of Lᵀ D̂_{L−1} T[l, L−1].
        t = new double[depth][][];
        for (int k = 0; k < depth; k++) t[k] = new double[k][];
        outCols = new double[depth][];
        outCols[depth - 1] = ColumnNorms(lt, w, w);
        for (int l = 0; l < depth - 1; l++)
        {
            var tk = (double[])net.Weight(l + 1).Clone();
            for (int k = l + 1; ; k++)
            {
                t[k][l] = tk.Select(Math.Abs).ToArray();
                if (k == depth - 1) break;
                var next = (double[])tk.Clone();
                ScaleRows(next, w, lin.Slope(k));
                var product = new double[w * w];
                DoubleGemm.Multiply(net.Weight(k + 1), next, w, w, w, product);
                tk = product;
            }
            ScaleRows(tk, w, lin.Slope(depth - 1));
            var ltt = new double[w * w];
            DoubleGemm.Multiply(lt, tk, w, w, w, ltt);
            outCols[l] = ColumnNorms(ltt, w, w);
        }
    }

    /// <summary>The P-norm of the reduced state (null when no quadratic norm was found: ρ(M̂) ≥ 1).</summary>
    public LyapunovNorm? Norm { get; }

    /// <summary>q ≥ ‖M̂‖_P, M̂ = B̂·A = J_G(x̂)·A [w × w].</summary>
    public double Contraction { get; }

    /// <summary>‖f(x̂) − x̂‖₂ in double.</summary>
    public double Offset { get; }

    /// <summary>τ: the allowance for float rounding of one forward pass, ‖fl(f(x)) − f(x)‖₂ per step.</summary>
    public double FloatStep { get; }

    /// <summary>‖Lᵀ·B̂‖₂: from a Euclidean step in x to the P-norm of the hidden state, to first order.</summary>
    public double EntryGain { get; }

    /// <summary>‖A·L⁻ᵀ‖₂: from the P-norm of the hidden state to the Euclidean norm of x = A·h + b.</summary>
    public double OutputGain { get; }

    double OffsetOut { get; }

    /// <summary>
    /// Bounds over the reduced ball h ∈ ĥ + K_ρ (inputs x = x̂ + c + ε + A·δ, ‖δ‖_P ≤ ρ, ‖ε‖₂ ≤ τ,
    /// or ε = 0 for the exact map when <paramref name="withFloat"/> is false):
    /// <c>Image</c> ≥ ‖G(x) − ĥ‖_P (the ball's image, mean-value form about x̂) and <c>Lipschitz</c> ≥
    /// sup ‖J_G(x)·A‖_P (the reduced map's Jacobian over the ball).
    /// </summary>
    public (double Image, double Lipschitz) Reduced(double rho, bool withFloat = true)
    {
        var (image, beta) = ImageAndBounds(rho, withFloat);
        var (_, deviations) = Propagate(rowsR, (k, tau) =>
        {
            var o = new double[w];
            for (int i = 0; i < w; i++) o[i] = SlopeBounds.SlopeDeviation(activation, z[k][i], beta[k][i]) * tau[i];
            return o;
        });
        return (image, Contraction + Output(deviations));
    }

    /// <summary>The <c>Image</c> bound of <see cref="Reduced"/> alone (half its work).</summary>
    public double Image(double rho, bool withFloat = true) => ImageAndBounds(rho, withFloat).Image;

    (double Image, double[][] Beta) ImageAndBounds(double rho, bool withFloat)
    {
        double tau = withFloat ? FloatStep : 0;
        var bases = new double[depth][];
        for (int k = 0; k < depth; k++)
        {
            bases[k] = new double[w];
            for (int i = 0; i < w; i++) bases[k][i] = rho * rowsR[k][i] + offsetZ[k][i] + tau * rowsX[k][i];
        }
        var (beta, remainders) = Propagate(bases, (k, b) => Remainders(k, b));
        return (Contraction * rho + OffsetOut + tau * EntryGain + Output(remainders), beta);
    }

    /// <summary>An upper bound on ‖G(x) − ĥ‖_P over the Euclidean ball ‖x − x̂‖₂ ≤ r.</summary>
    public double Entry(double r)
    {
        var bases = rowsX.Select(row => row.Select(v => r * v).ToArray()).ToArray();
        var (_, remainders) = Propagate(bases, (k, b) => Remainders(k, b));
        return r * EntryGain + Output(remainders);
    }

    double[] Remainders(int k, double[] beta)
    {
        var o = new double[w];
        for (int i = 0; i < w; i++) o[i] = SlopeBounds.Remainder(activation, z[k][i], beta[i]);
        return o;
    }

    // bound_k = base_k + Σ_{l<k} |T[l, k]|·ω_l with ω_k = remainder(k, bound_k); returns all bounds and ω.
    (double[][] Bounds, double[][] Omega) Propagate(double[][] bases, Func<int, double[], double[]> remainder)
    {
        var bounds = new double[depth][];
        var omega = new double[depth][];
        for (int k = 0; k < depth; k++)
        {
            var bound = (double[])bases[k].Clone();
            for (int l = 0; l < k; l++)
            {
                var tl = t[k][l];
                var ol = omega[l];
                for (int i = 0; i < w; i++) bound[i] += DoubleKernels.Dot(tl.AsSpan(i * w, w), ol);
            }
            bounds[k] = bound;
            omega[k] = remainder(k, bound);
        }
        return (bounds, omega);
    }

    double Output(double[][] omega)
    {
        double sum = 0;
        for (int l = 0; l < depth; l++) sum += DoubleKernels.Dot(outCols[l], omega[l]);
        return sum;
    }

    static double[] RowNorms(double[] m, int rows, int cols)
    {
        var norms = new double[rows];
        for (int r = 0; r < rows; r++) norms[r] = DoubleKernels.Norm2(m.AsSpan(r * cols, cols));
        return norms;
    }

    static double[] ColumnNorms(double[] m, int rows, int cols)
    {
        var squares = new double[cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) squares[c] += m[r * cols + c] * m[r * cols + c];
        return squares.Select(Math.Sqrt).ToArray();
    }

    static void ScaleRows(double[] m, int cols, double[] scale)
    {
        for (int r = 0; r < scale.Length; r++)
            for (int c = 0; c < cols; c++) m[r * cols + c] *= scale[r];
    }

    static double[] Transposed(double[] m, int n) => Transposed(m, n, n);

    static double[] Transposed(double[] m, int rows, int cols)
    {
        var result = new double[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) result[c * rows + r] = m[r * cols + c];
        return result;
    }
}
