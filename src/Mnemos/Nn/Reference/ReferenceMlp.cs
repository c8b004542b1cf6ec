// The naive double-precision twin of Mlp: one sample at a time, plain loops, no GEMM backend.
// Finite-difference tests check it, and it checks the fast float paths.
using Mnemos.Kernels.Reference;

namespace Mnemos.Nn.Reference;

/// <summary>Forward, loss gradient and Jacobian of an <see cref="Mlp"/> computed in double.</summary>
internal static class ReferenceMlp
{
    /// <summary>f(x) for one sample, with the network's float parameters widened to double.</summary>
    public static double[] Forward(Mlp mlp, ReadOnlySpan<double> x) => Forward(mlp, Widen(mlp.Parameters), x);

    /// <summary>f(x) using <paramref name="parameters"/> laid out like <see cref="Mlp.Parameters"/>.</summary>
    public static double[] Forward(Mlp mlp, double[] parameters, ReadOnlySpan<double> x)
    {
        var spec = mlp.Spec;
        double[] h = x.ToArray();
        for (int l = 0; l < spec.LayerCount; l++)
        {
            double[] z = Layer(mlp, parameters, l, h);
            if (l < spec.Depth)
                for (int i = 0; i < z.Length; i++) z[i] = ReferenceActivations.Value(spec.Activation, z[i]);
            h = z;
        }
        return h;
    }

    /// <summary>Mean squared error over all n·d entries of f(X) − T, X and T row-major [n × d].</summary>
    public static double Loss(Mlp mlp, double[] parameters, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int n)
    {
        var spec = mlp.Spec;
        double sum = 0;
        for (int s = 0; s < n; s++)
        {
            double[] y = Forward(mlp, parameters, Widen(inputs.Slice(s * spec.InputSize, spec.InputSize)));
            for (int j = 0; j < y.Length; j++)
            {
                double e = y[j] - targets[s * spec.OutputSize + j];
                sum += e * e;
            }
        }
        return sum / ((double)n * spec.OutputSize);
    }

    /// <summary>∂Loss/∂parameters by reverse mode in double, laid out like <see cref="Mlp.Parameters"/>.</summary>
    public static double[] LossGradient(Mlp mlp, double[] parameters, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int n)
    {
        var spec = mlp.Spec;
        var grad = new double[parameters.Length];
        double scale = 2.0 / ((double)n * spec.OutputSize);
        for (int s = 0; s < n; s++)
        {
            // Forward keeping every layer input h_l and pre-activation z_l.
            var hs = new double[spec.LayerCount + 1][];
            var zs = new double[spec.LayerCount][];
            hs[0] = Widen(inputs.Slice(s * spec.InputSize, spec.InputSize));
            for (int l = 0; l < spec.LayerCount; l++)
            {
                zs[l] = Layer(mlp, parameters, l, hs[l]);
                hs[l + 1] = l < spec.Depth ? zs[l].Select(z => ReferenceActivations.Value(spec.Activation, z)).ToArray() : zs[l];
            }
            double[] g = new double[spec.OutputSize];
            for (int j = 0; j < g.Length; j++) g[j] = scale * (hs[spec.LayerCount][j] - targets[s * spec.OutputSize + j]);
            for (int l = spec.LayerCount - 1; l >= 0; l--)
            {
                var (w, b) = Offsets(mlp, l);
                int fanIn = spec.LayerInputs(l), fanOut = spec.LayerOutputs(l);
                var dh = new double[fanIn];
                for (int o = 0; o < fanOut; o++)
                {
                    if (spec.Bias) grad[b + o] += g[o];
                    for (int i = 0; i < fanIn; i++)
                    {
                        grad[w + o * fanIn + i] += g[o] * hs[l][i];
                        dh[i] += g[o] * parameters[w + o * fanIn + i];
                    }
                }
                if (l > 0)
                    for (int i = 0; i < fanIn; i++) dh[i] *= ReferenceActivations.Derivative(spec.Activation, zs[l - 1][i]);
                g = dh;
            }
        }
        return grad;
    }

    /// <summary>The Jacobian ∂f/∂x at x [OutputSize × InputSize] by the chain rule in double.</summary>
    public static double[,] Jacobian(Mlp mlp, ReadOnlySpan<double> x)
    {
        var spec = mlp.Spec;
        double[] parameters = Widen(mlp.Parameters);
        double[] h = x.ToArray();
        // M = ∂h/∂x, starting from the identity.
        var m = new double[spec.InputSize, spec.InputSize];
        for (int i = 0; i < spec.InputSize; i++) m[i, i] = 1;
        for (int l = 0; l < spec.LayerCount; l++)
        {
            var (w, _) = Offsets(mlp, l);
            int fanIn = spec.LayerInputs(l), fanOut = spec.LayerOutputs(l);
            double[] z = Layer(mlp, parameters, l, h);
            var next = new double[fanOut, spec.InputSize];
            for (int o = 0; o < fanOut; o++)
            {
                double slope = l < spec.Depth ? ReferenceActivations.Derivative(spec.Activation, z[o]) : 1;
                for (int c = 0; c < spec.InputSize; c++)
                {
                    double sum = 0;
                    for (int i = 0; i < fanIn; i++) sum += parameters[w + o * fanIn + i] * m[i, c];
                    next[o, c] = slope * sum;
                }
            }
            m = next;
            h = l < spec.Depth ? z.Select(v => ReferenceActivations.Value(spec.Activation, v)).ToArray() : z;
        }
        return m;
    }

    public static double[] Widen(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }

    static double[] Layer(Mlp mlp, double[] parameters, int layer, double[] h)
    {
        var spec = mlp.Spec;
        var (w, b) = Offsets(mlp, layer);
        int fanIn = spec.LayerInputs(layer), fanOut = spec.LayerOutputs(layer);
        var z = new double[fanOut];
        for (int o = 0; o < fanOut; o++)
        {
            double sum = spec.Bias ? parameters[b + o] : 0;
            for (int i = 0; i < fanIn; i++) sum += parameters[w + o * fanIn + i] * h[i];
            z[o] = sum;
        }
        return z;
    }

    static (int Weight, int Bias) Offsets(Mlp mlp, int layer)
    {
        var infos = mlp.ParameterInfos;
        int stride = mlp.Spec.Bias ? 2 : 1;
        int w = infos[layer * stride].Offset;
        int b = mlp.Spec.Bias ? infos[layer * stride + 1].Offset : -1;
        return (w, b);
    }
}
