// The theory's prediction against a trained network: a random unit-norm x in ℝᵈ, the rank-1 equal-row
// start W₁ = x u0ᵀ, W₂ = v0 xᵀ, plain gradient descent in double with a small learning rate until
// the loss is tiny, then the Jacobian spectrum at x — dense in double, and, for kernel activations,
// the float32 Mlp certificate (Certifier) of the same weights. GD with rate η ends O(η) away from
// the gradient-flow endpoint, so agreement is to about η, not to the solver's precision.
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Linalg;
using Mnemos.Nn;
using Mnemos.Tensors;

namespace Mnemos.Experiments.Theory;

/// <summary>Settings of <see cref="EmpiricalCheck"/>: ½‖x − f(x)‖² below 1e-24 or 5,000,000 steps.</summary>
internal sealed record EmpiricalOptions : DescentOptions;

/// <summary>
/// A trained (or constructed) one-hidden-layer network measured at x. <paramref name="Lambda"/> is the top
/// eigenvalue of the dense double Jacobian, <paramref name="SecondMagnitude"/> the next |λ| (theory: 0),
/// <paramref name="FormResidual"/> the largest distance of W₁, W₂ from the equal-row rank-1 form
/// x ūᵀ, v̄ xᵀ; <paramref name="Certificate"/> is the float32 Mlp certificate (null for softplus).
/// </summary>
internal sealed record EmpiricalResult(
    int Dimension, double LearningRate, long Steps, double Loss, double U, double V, double Lambda,
    double SecondMagnitude, double FormResidual, double FixedPointResidual, Certificate? Certificate);

/// <summary>Trains and measures the network of the study's one-hidden-layer theory (PNAS 2020; arXiv 1909.12362 v1).</summary>
internal static class EmpiricalCheck
{
    /// <summary>Trains from (u0, v0) by GD and measures u, v and the Jacobian spectrum at x.</summary>
    public static EmpiricalResult Train(ScalarActivation phi, int width, double u0, double v0, EmpiricalOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(phi);
        options ??= new EmpiricalOptions();
        options.Validate();
        if (width < 1) throw new ArgumentException($"width {width}: must be at least 1");
        var x = UnitVector(options.Dimension, options.Seed);
        var net = new DenseNetwork(phi, options.Dimension, width);
        net.SetRankOne(x, u0, v0);
        long steps = 0;
        double loss;
        while (true)
        {
            loss = Loss(net, x);
            if (loss < options.LossTarget) break;
            if (steps >= options.MaxSteps || !double.IsFinite(loss))
                throw new ArithmeticException($"gradient descent with rate {options.LearningRate} reached loss {loss:G3} after {steps} steps (target {options.LossTarget:G3})");
            net.Step(x, options.LearningRate);
            steps++;
        }
        return Measure(net, x, options.LearningRate, steps, loss);
    }

    /// <summary>Measures the constructed interpolation W₁ = x uᵀ, W₂ = v xᵀ at a random unit x.</summary>
    public static EmpiricalResult Measure(ScalarActivation phi, RankOneInterpolation weights, int dimension = 8, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(phi);
        ArgumentNullException.ThrowIfNull(weights);
        if (dimension < 1) throw new ArgumentException($"dimension {dimension}: must be at least 1");
        var x = UnitVector(dimension, seed);
        var net = new DenseNetwork(phi, dimension, weights.Width);
        net.SetRankOne(x, weights.U, weights.V);
        return Measure(net, x, 0, 0, Loss(net, x));
    }

    /// <summary>A seeded Gaussian direction in ℝᵈ scaled to ‖x‖₂ = 1.</summary>
    public static double[] UnitVector(int dimension, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new double[dimension];
        double norm = 0;
        for (int i = 0; i < dimension; i++) { x[i] = rng.Gaussian(); norm += x[i] * x[i]; }
        norm = Math.Sqrt(norm);
        for (int i = 0; i < dimension; i++) x[i] /= norm;
        return x;
    }

    static double Loss(DenseNetwork net, double[] x)
    {
        var y = new double[x.Length];
        net.Forward(x, y);
        double loss = 0;
        for (int i = 0; i < x.Length; i++) loss += 0.5 * (y[i] - x[i]) * (y[i] - x[i]);
        return loss;
    }

    static EmpiricalResult Measure(DenseNetwork net, double[] x, double learningRate, long steps, double loss)
    {
        int d = net.Dimension, k = net.Width;
        // ū = W₁ᵀx, v̄ = W₂x per unit; their means are the measured u, v.
        var u = new double[k];
        var v = new double[k];
        for (int j = 0; j < k; j++)
            for (int i = 0; i < d; i++) { u[j] += net.W1[i * k + j] * x[i]; v[j] += net.W2[j * d + i] * x[i]; }
        double uMean = u.Average(), vMean = v.Average(), form = 0;
        for (int i = 0; i < d; i++)
            for (int j = 0; j < k; j++)
            {
                form = Math.Max(form, Math.Abs(net.W1[i * k + j] - x[i] * uMean));
                form = Math.Max(form, Math.Abs(net.W2[j * d + i] - vMean * x[i]));
            }
        var spectrum = DenseEigen.Analyze(net.Jacobian(x), d);
        var top = spectrum.Eigenvalues[0];
        double second = d > 1 ? spectrum.Eigenvalues[1].Magnitude : 0;
        double fixedPoint = Math.Sqrt(2 * loss);
        return new EmpiricalResult(d, learningRate, steps, loss, uMean, vMean, top.Real, second, form, fixedPoint,
            Certify(net, x));
    }

    // The same weights as a float32 Mlp (layers.0.weight = W₂, layers.1.weight = W₁, no biases), certified at x.
    static Certificate? Certify(DenseNetwork net, double[] x)
    {
        if (net.Activation.Kernel is not { } kernel) return null;
        var mlp = new Mlp(new MlpSpec(net.Dimension, net.Dimension, 1, net.Width, kernel, Bias: false));
        var w0 = mlp.Weight(0);
        for (int i = 0; i < w0.Length; i++) w0[i] = (float)net.W2[i];
        var w1 = mlp.Weight(1);
        for (int i = 0; i < w1.Length; i++) w1[i] = (float)net.W1[i];
        var point = Array.ConvertAll(x, value => (float)value);
        return Certifier.FixedPoint(mlp, GemmBackends.Create(GemmBackend.Reference, 1), point);
    }
}
