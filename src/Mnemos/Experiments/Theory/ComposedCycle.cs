// The study's cycle theorem in its own setting (PNAS 2020, Sec. "Sequence encoding"; arXiv
// 1909.12362 v1, Theorem 4): n separately trained one-step networks composed, f = fₙ₋₁∘…∘f₀, network
// i fitted by gradient descent to the one pair x⁽ⁱ⁾ → x⁽ⁱ⁺¹ ᵐᵒᵈ ⁿ⁾ from the rank-1 equal-row start
// W₁ = x⁽ⁱ⁺¹⁾u⁽⁰⁾ᵀ, W₂ = v⁽⁰⁾x⁽ⁱ⁾ᵀ. Each Jacobian at its example is then rank one, λᵢ x⁽ⁱ⁺¹⁾x⁽ⁱ⁾ᵀ, so
// the composed map's Jacobian at x⁽⁰⁾ is Πλᵢ x⁽⁰⁾x⁽⁰⁾ᵀ: one non-zero eigenvalue, Πλᵢ. The examples
// are seeded unit vectors, not orthogonal: the theorem needs only ‖x⁽ⁱ⁾‖ = 1, and φ(0) = 0 is not
// needed either. Measured in double: the per-step Jacobians, their product around the cycle, the
// composed map's Jacobian by central differences (no Jacobian code), and iteration of f near x⁽⁰⁾.
using Mnemos.Linalg;
using Mnemos.Tensors;

namespace Mnemos.Experiments.Theory;

/// <summary>Settings of <see cref="ComposedCycle"/>: each one-step network trained until ½‖x⁽ⁱ⁺¹⁾ − fᵢ(x⁽ⁱ⁾)‖² &lt; 1e-24.</summary>
internal sealed record ComposedCycleOptions : DescentOptions;

/// <summary>
/// A composed cycle measured. Per step i: <paramref name="StepFactors"/>[i] = x⁽ⁱ⁺¹⁾ᵀJᵢx⁽ⁱ⁾ (the measured λᵢ),
/// <paramref name="Predicted"/>[i] the gradient-flow solution of that step (λᵢ = φ′(vᵢ)vᵢ/φ(vᵢ)),
/// <paramref name="RankOneResidual"/> maxᵢ of the largest entry of Jᵢ − λᵢx⁽ⁱ⁺¹⁾x⁽ⁱ⁾ᵀ. Around the cycle:
/// <paramref name="ProductRadius"/> = ρ(Jₙ₋₁⋯J₀), <paramref name="SecondMagnitude"/> its next |eigenvalue|
/// (theory: 0), <paramref name="CompositionGap"/> the largest entry of that product minus the composed
/// map's Jacobian by central differences, <paramref name="CycleResidual"/> maxᵢ ‖fᵢ(x⁽ⁱ⁾) − x⁽ⁱ⁺¹⁾‖, and
/// <paramref name="IterationRatio"/> ‖f(x⁽⁰⁾ + δ) − x⁽⁰⁾‖ / ‖δ‖ for δ along x⁽⁰⁾, which is |Πλᵢ| to first order.
/// </summary>
internal sealed record ComposedCycleResult(
    string Activation, int Width, int Dimension, double LearningRate, long[] Steps,
    double[] StepFactors, TheorySolution[] Predicted, double RankOneResidual, double CycleResidual,
    double MeasuredProduct, double PredictedProduct, double ProductRadius, double SecondMagnitude, double CompositionGap, double IterationRatio)
{
    /// <summary>Number of steps n.</summary>
    public int Length => StepFactors.Length;

    /// <summary>|measured Πλᵢ − predicted Πλᵢ|.</summary>
    public double Gap => Math.Abs(MeasuredProduct - PredictedProduct);

    /// <summary>The theorem's verdict: |Πλᵢ| &lt; 1, the cycle attracts.</summary>
    public bool IsAttracting => Math.Abs(PredictedProduct) < 1;
}

/// <summary>Trains n one-step networks, composes them and checks the cycle theorem.</summary>
internal static class ComposedCycle
{
    // Central-difference step for the composed Jacobian: error O(ε²) from curvature, O(1e-16/ε) from rounding.
    const double DifferenceStep = 1e-5;

    // Size of the perturbation along x⁽⁰⁾ whose one trip around the cycle measures |Πλᵢ|.
    const double IterationStep = 1e-6;

    /// <summary>
    /// Trains step i of the cycle from (uᵢ⁽⁰⁾, vᵢ⁽⁰⁾) = <paramref name="starts"/>[i] in a network of
    /// <paramref name="width"/> hidden units, then measures the composition. Throws
    /// <see cref="ArgumentException"/> for an empty cycle or width &lt; 1 and <see cref="ArithmeticException"/>
    /// when a step misses its loss target within the step cap.
    /// </summary>
    public static ComposedCycleResult Train(ScalarActivation phi, int width, IReadOnlyList<(double U0, double V0)> starts, ComposedCycleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(phi);
        ArgumentNullException.ThrowIfNull(starts);
        options ??= new ComposedCycleOptions();
        options.Validate();
        int n = starts.Count, d = options.Dimension;
        if (n < 1) throw new ArgumentException("a cycle needs at least one step");
        if (width < 1) throw new ArgumentException($"width {width}: must be at least 1");
        var x = UnitExamples(n, d, options.Seed);
        var nets = new DenseNetwork[n];
        var steps = new long[n];
        var y = new double[d];
        for (int i = 0; i < n; i++)
        {
            double[] from = x[i], to = x[(i + 1) % n];
            var net = nets[i] = new DenseNetwork(phi, d, width);
            for (int a = 0; a < d; a++)
                for (int j = 0; j < width; j++)
                {
                    net.W1[a * width + j] = to[a] * starts[i].U0;
                    net.W2[j * d + a] = starts[i].V0 * from[a];
                }
            while (true)
            {
                double loss = Loss(net, from, to, y);
                if (loss < options.LossTarget) break;
                if (steps[i] >= options.MaxSteps || !double.IsFinite(loss))
                    throw new ArithmeticException($"{phi.Name} step {i} of {n}: gradient descent with rate {options.LearningRate} reached loss {loss:G3} after {steps[i]} steps (target {options.LossTarget:G3})");
                net.Step([from], [to], options.LearningRate);
                steps[i]++;
            }
        }
        var predicted = starts.Select(s => TheorySolver.Solve(phi, width, s.U0, s.V0)).ToArray();
        return Measure(phi, width, options.LearningRate, steps, nets, x, predicted);
    }

    /// <summary><paramref name="count"/> seeded unit vectors in ℝ^<paramref name="dimension"/> (Gaussian directions, not orthogonalized).</summary>
    public static double[][] UnitExamples(int count, int dimension, ulong seed)
    {
        if (count < 1 || dimension < 1) throw new ArgumentException($"{count} unit vectors in dimension {dimension}: need at least one of each");
        var rng = new Rng(seed);
        var x = new double[count][];
        for (int i = 0; i < count; i++)
        {
            var v = new double[dimension];
            for (int a = 0; a < dimension; a++) v[a] = rng.Gaussian();
            double norm = Math.Sqrt(v.Sum(e => e * e));
            x[i] = v.Select(e => e / norm).ToArray();
        }
        return x;
    }

    static ComposedCycleResult Measure(ScalarActivation phi, int width, double lr, long[] steps, DenseNetwork[] nets, double[][] x, TheorySolution[] predicted)
    {
        int n = nets.Length, d = x[0].Length;
        var factors = new double[n];
        double rankOne = 0, cycleResidual = 0;
        var product = SquareMatrices.Identity(d);
        var y = new double[d];
        for (int i = 0; i < n; i++)
        {
            double[] from = x[i], to = x[(i + 1) % n];
            var jacobian = nets[i].Jacobian(from);
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) factors[i] += to[a] * jacobian[a * d + b] * from[b];
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) rankOne = Math.Max(rankOne, Math.Abs(jacobian[a * d + b] - factors[i] * to[a] * from[b]));
            product = SquareMatrices.Multiply(jacobian, product, d); // M = Jₙ₋₁ ⋯ J₀
            nets[i].Forward(from, y);
            cycleResidual = Math.Max(cycleResidual, Math.Sqrt(y.Select((e, a) => (e - to[a]) * (e - to[a])).Sum()));
        }

        double compositionGap = 0;
        for (int b = 0; b < d; b++)
        {
            var plus = Compose(nets, x[0].Select((e, a) => a == b ? e + DifferenceStep : e).ToArray());
            var minus = Compose(nets, x[0].Select((e, a) => a == b ? e - DifferenceStep : e).ToArray());
            for (int a = 0; a < d; a++) compositionGap = Math.Max(compositionGap, Math.Abs((plus[a] - minus[a]) / (2 * DifferenceStep) - product[a * d + b]));
        }

        var moved = Compose(nets, x[0].Select(e => e * (1 + IterationStep)).ToArray());
        double ratio = Math.Sqrt(moved.Select((e, a) => (e - x[0][a]) * (e - x[0][a])).Sum()) / IterationStep;

        var magnitudes = DenseEigen.Eigenvalues(product, d).Select(z => z.Magnitude).OrderDescending().ToArray();
        double measuredProduct = factors.Aggregate(1.0, (p, f) => p * f);
        double predictedProduct = predicted.Aggregate(1.0, (p, s) => p * s.Lambda);
        return new ComposedCycleResult(phi.Name, width, d, lr, steps, factors, predicted, rankOne, cycleResidual,
            measuredProduct, predictedProduct, magnitudes[0], magnitudes.Length > 1 ? magnitudes[1] : 0, compositionGap, ratio);
    }

    static double Loss(DenseNetwork net, double[] from, double[] to, double[] y)
    {
        net.Forward(from, y);
        double loss = 0;
        for (int a = 0; a < y.Length; a++) loss += 0.5 * (y[a] - to[a]) * (y[a] - to[a]);
        return loss;
    }

    // f(z) = fₙ₋₁(…f₀(z)).
    static double[] Compose(DenseNetwork[] nets, double[] z)
    {
        var y = new double[z.Length];
        foreach (var net in nets) { net.Forward(z, y); (z, y) = (y, z); }
        return z;
    }
}
