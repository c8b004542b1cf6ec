// f(z) = W₁ φ(W₂ z) in double with dense weights, for training the theory's one-hidden-layer network by plain gradient
// descent without float rounding. Dense on purpose: nothing here assumes the rank-1 form, so the
// check sees whether training keeps it. Loss ½‖x − f(x)‖² for one example x, or, for a sequence,
// Σₛ ½‖yₛ − f(xₛ)‖² summed (not averaged) over pairs, so each example's share moves at the given rate.
namespace Mnemos.Experiments.Theory;

/// <summary>A one-hidden-layer network ℝᵈ → ℝᵈ of width k, no biases, in double.</summary>
internal sealed class DenseNetwork
{
    // d = input/output size, k = hidden width. W1 [d × k] (output layer), W2 [k × d] (hidden layer),
    // both row-major, i.e. torch's layers.1.weight and layers.0.weight.
    readonly ScalarActivation phi;
    readonly double[] z, h, r, g;
    double[]? dW1, dW2; // batch gradients, allocated by the first batch step

    public DenseNetwork(ScalarActivation phi, int dimension, int width)
    {
        this.phi = phi;
        Dimension = dimension;
        Width = width;
        W1 = new double[dimension * width];
        W2 = new double[width * dimension];
        z = new double[width];
        h = new double[width];
        r = new double[dimension];
        g = new double[width];
    }

    public ScalarActivation Activation => phi;
    public int Dimension { get; }
    public int Width { get; }
    public double[] W1 { get; }
    public double[] W2 { get; }

    /// <summary>W₁ = x uᵀ, W₂ = v xᵀ with all uᵢ = u and all vᵢ = v.</summary>
    public void SetRankOne(ReadOnlySpan<double> x, double u, double v)
    {
        int d = Dimension, k = Width;
        for (int i = 0; i < d; i++)
            for (int j = 0; j < k; j++)
            {
                W1[i * k + j] = x[i] * u;
                W2[j * d + i] = v * x[i];
            }
    }

    /// <summary>f(x) into <paramref name="output"/> [d]; leaves z = W₂x and h = φ(z) for backward.</summary>
    public void Forward(ReadOnlySpan<double> x, Span<double> output)
    {
        int d = Dimension, k = Width;
        for (int j = 0; j < k; j++)
        {
            double sum = 0;
            for (int i = 0; i < d; i++) sum += W2[j * d + i] * x[i];
            z[j] = sum;
            h[j] = phi.Value(sum);
        }
        for (int i = 0; i < d; i++)
        {
            double sum = 0;
            for (int j = 0; j < k; j++) sum += W1[i * k + j] * h[j];
            output[i] = sum;
        }
    }

    /// <summary>One gradient-descent step on ½‖x − f(x)‖²; returns the loss before the step.</summary>
    public double Step(ReadOnlySpan<double> x, double learningRate)
    {
        int d = Dimension, k = Width;
        Forward(x, r);
        double loss = 0;
        for (int i = 0; i < d; i++) { r[i] -= x[i]; loss += 0.5 * r[i] * r[i]; } // r = f(x) − x = ∂loss/∂f
        for (int j = 0; j < k; j++) // g = (W₁ᵀ r) ⊙ φ′(z), with the old W₁
        {
            double sum = 0;
            for (int i = 0; i < d; i++) sum += W1[i * k + j] * r[i];
            g[j] = sum * phi.Derivative(z[j]);
        }
        for (int i = 0; i < d; i++)
            for (int j = 0; j < k; j++)
            {
                W1[i * k + j] -= learningRate * r[i] * h[j]; // ∂loss/∂W₁ = r hᵀ
                W2[j * d + i] -= learningRate * g[j] * x[i]; // ∂loss/∂W₂ = g xᵀ
            }
        return loss;
    }

    /// <summary>
    /// One full-batch gradient-descent step on Σₛ ½‖targetsₛ − f(inputsₛ)‖²; returns that loss before
    /// the step. Gradients of all pairs are summed at the old weights, then applied.
    /// </summary>
    public double Step(IReadOnlyList<double[]> inputs, IReadOnlyList<double[]> targets, double learningRate)
    {
        int d = Dimension, k = Width;
        dW1 ??= new double[d * k];
        dW2 ??= new double[k * d];
        Array.Clear(dW1);
        Array.Clear(dW2);
        double loss = 0;
        for (int s = 0; s < inputs.Count; s++)
        {
            double[] x = inputs[s], y = targets[s];
            Forward(x, r);
            for (int i = 0; i < d; i++) { r[i] -= y[i]; loss += 0.5 * r[i] * r[i]; } // r = f(x) − y
            for (int j = 0; j < k; j++)
            {
                double sum = 0;
                for (int i = 0; i < d; i++) sum += W1[i * k + j] * r[i];
                g[j] = sum * phi.Derivative(z[j]);
            }
            for (int i = 0; i < d; i++)
                for (int j = 0; j < k; j++)
                {
                    dW1[i * k + j] += r[i] * h[j];
                    dW2[j * d + i] += g[j] * x[i];
                }
        }
        for (int i = 0; i < dW1.Length; i++) W1[i] -= learningRate * dW1[i];
        for (int i = 0; i < dW2.Length; i++) W2[i] -= learningRate * dW2[i];
        return loss;
    }

    /// <summary>J = W₁ diag(φ′(W₂x)) W₂ [d × d] row-major.</summary>
    public double[] Jacobian(ReadOnlySpan<double> x)
    {
        int d = Dimension, k = Width;
        Forward(x, new double[d]);
        var jacobian = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < k; j++)
            {
                double a = W1[i * k + j] * phi.Derivative(z[j]);
                for (int c = 0; c < d; c++) jacobian[i * d + c] += a * W2[j * d + c];
            }
        return jacobian;
    }
}
