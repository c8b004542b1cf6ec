// An Mlp's float parameters widened once to double, and its Jacobian at a point linearized in
// double: pre-activations, φ′, the factors J = A·B and the reduced matrix B·A. Certificates use
// it so that float rounding in the Jacobian products cannot move ρ (a float32 product chain
// of depth 11 moved ρ by 3.6e-3 relative where the top eigenvalue is ill-conditioned). φ and φ′
// come from the scalar double formulas of ReferenceActivations, the only double versions.
using Mnemos.Kernels.Reference;
using Mnemos.Linalg;

namespace Mnemos.Nn;

/// <summary>Read-only double copy of an <see cref="Mlp"/>; safe to share between threads.</summary>
sealed class DoubleMlp
{
    readonly double[][] weights; // weights[l] [LayerOutputs(l) × LayerInputs(l)]
    readonly double[][] biases;  // biases[l] [LayerOutputs(l)], empty without biases

    public DoubleMlp(Mlp mlp)
    {
        Spec = mlp.Spec;
        weights = new double[Spec.LayerCount][];
        biases = new double[Spec.LayerCount][];
        for (int l = 0; l < Spec.LayerCount; l++)
        {
            weights[l] = Widen(mlp.Weight(l));
            biases[l] = Widen(mlp.Bias(l));
        }
    }

    public MlpSpec Spec { get; }

    /// <summary>W_l [LayerOutputs(l) × LayerInputs(l)] row-major; shared, do not modify.</summary>
    public double[] Weight(int layer) => weights[layer];

    /// <summary>The double linearization at <paramref name="point"/> [InputSize] (the float point, widened exactly).</summary>
    public Linearization LinearizeAt(ReadOnlySpan<float> point) => new(this, Widen(point));

    /// <summary>The double linearization at a double <paramref name="point"/> [InputSize].</summary>
    public Linearization LinearizeAt(ReadOnlySpan<double> point) => new(this, point.ToArray());

    /// <summary>J_f(x) in double: slopes D_l = diag(φ′(z_l)) from a double forward pass.</summary>
    public sealed class Linearization
    {
        readonly DoubleMlp net;
        readonly double[][] slopes; // slopes[l] [Width]
        readonly double[][] preActivations; // z_l [Width] of hidden layer l

        internal Linearization(DoubleMlp net, double[] point)
        {
            this.net = net;
            var spec = net.Spec;
            double[] h = point;
            slopes = new double[spec.Depth][];
            preActivations = new double[spec.Depth][];
            for (int l = 0; l < spec.LayerCount; l++)
            {
                int fanIn = spec.LayerInputs(l), fanOut = spec.LayerOutputs(l);
                var z = new double[fanOut];
                var w = net.weights[l];
                for (int o = 0; o < fanOut; o++)
                    z[o] = DoubleKernels.Dot(w.AsSpan(o * fanIn, fanIn), h) + (spec.Bias ? net.biases[l][o] : 0);
                if (l < spec.Depth)
                {
                    slopes[l] = new double[fanOut];
                    preActivations[l] = (double[])z.Clone();
                    for (int o = 0; o < fanOut; o++)
                    {
                        slopes[l][o] = ReferenceActivations.Derivative(spec.Activation, z[o]);
                        z[o] = ReferenceActivations.Value(spec.Activation, z[o]);
                    }
                }
                h = z;
            }
            Output = h;
        }

        /// <summary>f(x) in double [OutputSize].</summary>
        public double[] Output { get; }

        /// <summary>φ′(z_l) [Width] of hidden layer l; shared, do not modify.</summary>
        public double[] Slope(int layer) => slopes[layer];

        /// <summary>z_l [Width], the pre-activation of hidden layer l; shared, do not modify.</summary>
        public double[] PreActivation(int layer) => preActivations[layer];

        /// <summary>A = W_L [OutputSize × Width] (W_0 [OutputSize × InputSize] at depth 0), row-major; shared, do not modify.</summary>
        public double[] A => net.weights[net.Spec.Depth];

        /// <summary>
        /// B = D_{L−1} W_{L−1} ⋯ D_0 W_0 [Width × InputSize] with J = A·B (depth ≥ 1), or the
        /// identity [InputSize × InputSize] at depth 0.
        /// </summary>
        public double[] B()
        {
            var spec = net.Spec;
            if (spec.Depth == 0) return SquareMatrices.Identity(spec.InputSize);
            return ApplyHiddenSlopes((double[])net.weights[0].Clone(), spec.InputSize);
        }

        /// <summary>
        /// M = B·A [Width × Width] (depth ≥ 1, OutputSize = InputSize): W_0·A [W × d]·[d × W], then only
        /// [W × W] products. Its non-zero eigenvalues are those of J = A·B.
        /// </summary>
        public double[] ReducedProduct()
        {
            var spec = net.Spec;
            if (spec.Depth == 0) throw new InvalidOperationException("a depth-0 network has no hidden layer to reduce to");
            if (spec.OutputSize != spec.InputSize) throw new InvalidOperationException($"B·A needs a map R^d → R^d, this one maps {spec.InputSize} → {spec.OutputSize}");
            int w = spec.Width;
            var t = new double[w * w];
            DoubleGemm.Multiply(net.weights[0], A, w, spec.InputSize, w, t);
            return ApplyHiddenSlopes(t, w);
        }

        /// <summary>B·u [Width] for u [InputSize] (depth ≥ 1), without forming B.</summary>
        public double[] HiddenTangent(ReadOnlySpan<double> u)
        {
            var spec = net.Spec;
            if (spec.Depth == 0) throw new InvalidOperationException("a depth-0 network has no hidden layer");
            var m = new double[spec.Width];
            DoubleGemm.Multiply(net.weights[0], u, spec.Width, spec.InputSize, 1, m);
            return ApplyHiddenSlopes(m, 1);
        }

        // m [W × cols] holds W_0·X; returns D_{L−1} W_{L−1} ⋯ D_1 W_1 D_0 · m (each product [W × W]·[W × cols]).
        double[] ApplyHiddenSlopes(double[] m, int cols)
        {
            int w = net.Spec.Width;
            ScaleRows(m, cols, slopes[0]);
            var next = new double[w * cols];
            for (int l = 1; l < net.Spec.Depth; l++)
            {
                DoubleGemm.Multiply(net.weights[l], m, w, w, cols, next);
                ScaleRows(next, cols, slopes[l]);
                (m, next) = (next, m);
            }
            return m;
        }

        static void ScaleRows(double[] m, int cols, double[] scale)
        {
            for (int r = 0; r < scale.Length; r++)
            {
                var row = m.AsSpan(r * cols, cols);
                double s = scale[r];
                for (int c = 0; c < row.Length; c++) row[c] *= s;
            }
        }
    }

    static double[] Widen(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }
}
