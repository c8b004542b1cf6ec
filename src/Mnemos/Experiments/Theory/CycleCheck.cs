// The study's cycle statement read for one network trained on all steps (our extension of its Theorem 4) against a trained network: n orthonormal unit examples in ℝᵈ
// (Gram–Schmidt of seeded Gaussians), one hidden layer of n blocks of k units started in the block
// form of CycleSpectrum with block i at (uᵢ⁽⁰⁾, vᵢ⁽⁰⁾), plain full-batch gradient descent in double
// on the map x⁽ⁱ⁾ → x⁽ⁱ⁺¹ mod n⁾ until the loss is tiny; then the dense Jacobians at every x⁽ʲ⁾
// multiplied around the cycle, their spectral radius, and the same diagonal read off by central
// differences of fⁿ. The network is dense: nothing here assumes that training keeps the block form.
using Mnemos.Linalg;
using Mnemos.Tensors;

namespace Mnemos.Experiments.Theory;

/// <summary>
/// Settings of <see cref="CycleCheck"/>: d at least the cycle length n; stop when
/// Σᵢ ½‖x⁽ⁱ⁺¹⁾ − f(x⁽ⁱ⁾)‖² is below 1e-20 or after 2,000,000 steps.
/// </summary>
internal sealed record CycleOptions : DescentOptions
{
    public CycleOptions()
    {
        LossTarget = 1e-20;
        MaxSteps = 2_000_000;
    }
}

/// <summary>
/// A trained cycle network measured. <paramref name="U"/>, <paramref name="V"/>: per block, the means
/// of W₁ᵀx⁽ⁱ⁺¹⁾ and W₂x⁽ⁱ⁾ over its units; <paramref name="FormResidual"/>: the largest entry of W₁, W₂
/// off the block form they define. <paramref name="SpectralRadius"/>: ρ(J_{n−1}⋯J_0) from the dense
/// Jacobians; <paramref name="BasisDiagonal"/>[m] = x⁽ᵐ⁾ᵀ M x⁽ᵐ⁾ of that product M and
/// <paramref name="DiagonalResidual"/> the largest entry of M − Σₘ M_mm x⁽ᵐ⁾x⁽ᵐ⁾ᵀ;
/// <paramref name="DifferenceDiagonal"/>[m]: the same diagonal by central differences of fⁿ at x⁽⁰⁾
/// (no Jacobian code). <paramref name="Predicted"/>: <see cref="CycleSpectrum.OfBlocks"/> at the measured
/// (u, v), null when φ(0) ≠ 0. <paramref name="CycleResidual"/>: maxᵢ ‖f(x⁽ⁱ⁾) − x⁽ⁱ⁺¹⁾‖.
/// </summary>
internal sealed record CycleResult(
    string Activation, int Dimension, int BlockWidth, double LearningRate, long Steps, double Loss,
    double[] U, double[] V, double FormResidual, double CycleResidual, double SpectralRadius,
    double[] BasisDiagonal, double DiagonalResidual, double[] DifferenceDiagonal, CycleSpectrum? Predicted)
{
    /// <summary>Number of steps n.</summary>
    public int Length => U.Length;
}

/// <summary>Trains and measures the block cycle network of <see cref="CycleSpectrum"/>.</summary>
internal static class CycleCheck
{
    // Central-difference step for the diagonal of fⁿ's Jacobian: error O(ε²) from curvature, O(1e-16/ε) from rounding.
    const double DifferenceStep = 1e-5;

    /// <summary>
    /// Trains the cycle x⁽⁰⁾ → … → x⁽ⁿ⁻¹⁾ → x⁽⁰⁾ with n = <paramref name="starts"/>.Count blocks of
    /// <paramref name="blockWidth"/> units, block i from (uᵢ⁽⁰⁾, vᵢ⁽⁰⁾), and measures it. Throws
    /// <see cref="ArgumentException"/> for d &lt; n and <see cref="ArithmeticException"/> when the loss
    /// misses its target within the step cap.
    /// </summary>
    public static CycleResult Train(ScalarActivation phi, int blockWidth, IReadOnlyList<(double U0, double V0)> starts, CycleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(phi);
        ArgumentNullException.ThrowIfNull(starts);
        options ??= new CycleOptions();
        options.Validate();
        int n = starts.Count, d = options.Dimension, k = blockWidth;
        if (n < 1) throw new ArgumentException("a cycle needs at least one step");
        if (k < 1) throw new ArgumentException($"block width {k}: must be at least 1");
        if (d < n) throw new ArgumentException($"dimension {d} < cycle length {n}: the examples must be orthonormal, so d ≥ n");
        var x = OrthonormalExamples(n, d, options.Seed);
        var next = Enumerable.Range(0, n).Select(i => x[(i + 1) % n]).ToArray();
        var net = new DenseNetwork(phi, d, n * k);
        SetBlocks(net, x, k, starts.Select(s => s.U0).ToArray(), starts.Select(s => s.V0).ToArray());
        long steps = 0;
        double loss;
        while (true)
        {
            loss = Loss(net, x, next);
            if (loss < options.LossTarget) break;
            if (steps >= options.MaxSteps || !double.IsFinite(loss))
                throw new ArithmeticException($"{phi.Name} cycle of {n}: gradient descent with rate {options.LearningRate} reached loss {loss:G3} after {steps} steps (target {options.LossTarget:G3})");
            net.Step(x, next, options.LearningRate);
            steps++;
        }
        return Measure(net, x, k, options.LearningRate, steps, loss);
    }

    /// <summary>
    /// Measures block-form weights as given, interpolating or not, on seeded orthonormal examples
    /// (no training; <see cref="CycleResult.Steps"/> = 0). Throws <see cref="ArgumentException"/> for d &lt; n.
    /// </summary>
    public static CycleResult Measure(ScalarActivation phi, int blockWidth, IReadOnlyList<(double U, double V)> blocks, int dimension = 8, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(phi);
        ArgumentNullException.ThrowIfNull(blocks);
        int n = blocks.Count, k = blockWidth;
        if (n < 1) throw new ArgumentException("a cycle needs at least one step");
        if (k < 1) throw new ArgumentException($"block width {k}: must be at least 1");
        if (dimension < n) throw new ArgumentException($"dimension {dimension} < cycle length {n}: the examples must be orthonormal, so d ≥ n");
        var x = OrthonormalExamples(n, dimension, seed);
        var net = new DenseNetwork(phi, dimension, n * k);
        SetBlocks(net, x, k, blocks.Select(b => b.U).ToArray(), blocks.Select(b => b.V).ToArray());
        return Measure(net, x, k, 0, 0, Loss(net, x, Enumerable.Range(0, n).Select(i => x[(i + 1) % n]).ToArray()));
    }

    /// <summary>
    /// <paramref name="count"/> orthonormal vectors in ℝ^<paramref name="dimension"/>: seeded Gaussians
    /// through Gram–Schmidt, orthogonalized twice so that |x⁽ⁱ⁾ᵀx⁽ʲ⁾ − δᵢⱼ| is at rounding level.
    /// </summary>
    public static double[][] OrthonormalExamples(int count, int dimension, ulong seed)
    {
        if (count < 0 || count > dimension) throw new ArgumentException($"{count} orthonormal vectors in dimension {dimension}: need 0 ≤ count ≤ dimension");
        var rng = new Rng(seed);
        var x = new double[count][];
        for (int i = 0; i < count; i++)
        {
            var v = new double[dimension];
            for (int a = 0; a < dimension; a++) v[a] = rng.Gaussian();
            for (int pass = 0; pass < 2; pass++)
                for (int j = 0; j < i; j++)
                {
                    double dot = Dot(v, x[j]);
                    for (int a = 0; a < dimension; a++) v[a] -= dot * x[j][a];
                }
            double norm = Math.Sqrt(Dot(v, v));
            for (int a = 0; a < dimension; a++) v[a] /= norm;
            x[i] = v;
        }
        return x;
    }

    // W₁ = Σᵢ x⁽ⁱ⁺¹⁾ (uᵢ 1_{Bᵢ})ᵀ [d × nk], W₂ = Σᵢ (vᵢ 1_{Bᵢ}) x⁽ⁱ⁾ᵀ [nk × d]; block i = units [ik, (i+1)k).
    static void SetBlocks(DenseNetwork net, double[][] x, int k, double[] u, double[] v)
    {
        int n = x.Length, d = net.Dimension, width = net.Width;
        for (int i = 0; i < n; i++)
        {
            double[] from = x[i], to = x[(i + 1) % n];
            for (int j = i * k; j < (i + 1) * k; j++)
                for (int a = 0; a < d; a++)
                {
                    net.W1[a * width + j] = to[a] * u[i];
                    net.W2[j * d + a] = v[i] * from[a];
                }
        }
    }

    static CycleResult Measure(DenseNetwork net, double[][] x, int k, double learningRate, long steps, double loss)
    {
        int n = x.Length, d = net.Dimension, width = net.Width;
        var u = new double[n];
        var v = new double[n];
        for (int i = 0; i < n; i++)
        {
            double[] from = x[i], to = x[(i + 1) % n];
            for (int j = i * k; j < (i + 1) * k; j++)
                for (int a = 0; a < d; a++) { u[i] += net.W1[a * width + j] * to[a]; v[i] += net.W2[j * d + a] * from[a]; }
            u[i] /= k;
            v[i] /= k;
        }
        var form = new DenseNetwork(net.Activation, d, width);
        SetBlocks(form, x, k, u, v);
        double formResidual = 0;
        for (int i = 0; i < net.W1.Length; i++) formResidual = Math.Max(formResidual, Math.Abs(net.W1[i] - form.W1[i]));
        for (int i = 0; i < net.W2.Length; i++) formResidual = Math.Max(formResidual, Math.Abs(net.W2[i] - form.W2[i]));

        double cycleResidual = 0;
        var y = new double[d];
        for (int i = 0; i < n; i++)
        {
            net.Forward(x[i], y);
            double sum = 0;
            for (int a = 0; a < d; a++) sum += (y[a] - x[(i + 1) % n][a]) * (y[a] - x[(i + 1) % n][a]);
            cycleResidual = Math.Max(cycleResidual, Math.Sqrt(sum));
        }

        var product = SquareMatrices.Identity(d);
        for (int j = 0; j < n; j++) product = SquareMatrices.Multiply(net.Jacobian(x[j]), product, d); // M = J_{n−1} ⋯ J_0
        var diagonal = new double[n];
        for (int m = 0; m < n; m++) diagonal[m] = Dot(x[m], Apply(product, x[m], d));
        var rest = (double[])product.Clone();
        for (int m = 0; m < n; m++)
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) rest[a * d + b] -= diagonal[m] * x[m][a] * x[m][b];
        double diagonalResidual = rest.Max(Math.Abs);

        var differences = new double[n];
        for (int m = 0; m < n; m++)
        {
            var plus = Trip(net, x[0], x[m], DifferenceStep, n);
            var minus = Trip(net, x[0], x[m], -DifferenceStep, n);
            for (int a = 0; a < d; a++) differences[m] += (plus[a] - minus[a]) * x[m][a];
            differences[m] /= 2 * DifferenceStep;
        }
        var predicted = CycleSpectrum.KeepsBlockForm(net.Activation)
            ? CycleSpectrum.OfBlocks(net.Activation, k, u.Zip(v).ToArray()) : null;
        return new CycleResult(net.Activation.Name, d, k, learningRate, steps, loss, u, v, formResidual, cycleResidual,
            DenseEigen.SpectralRadius(product, d), diagonal, diagonalResidual, differences, predicted);
    }

    // fⁿ(start + step·direction).
    static double[] Trip(DenseNetwork net, double[] start, double[] direction, double step, int n)
    {
        var z = start.Select((s, a) => s + step * direction[a]).ToArray();
        var y = new double[z.Length];
        for (int i = 0; i < n; i++) { net.Forward(z, y); (z, y) = (y, z); }
        return z;
    }

    static double Loss(DenseNetwork net, double[][] x, double[][] next)
    {
        var y = new double[net.Dimension];
        double loss = 0;
        for (int i = 0; i < x.Length; i++)
        {
            net.Forward(x[i], y);
            for (int a = 0; a < y.Length; a++) loss += 0.5 * (y[a] - next[i][a]) * (y[a] - next[i][a]);
        }
        return loss;
    }

    static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    static double[] Apply(double[] m, double[] x, int d)
    {
        var y = new double[d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) y[i] += m[i * d + j] * x[j];
        return y;
    }
}
