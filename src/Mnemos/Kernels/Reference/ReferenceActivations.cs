// Scalar double-precision activations and derivatives: the naive twin of ActivationKernels and
// the basis of every finite-difference test.
namespace Mnemos.Kernels.Reference;

/// <summary>φ(x) and φ′(x) in double, straight from the formulas.</summary>
internal static class ReferenceActivations
{
    public static double Value(Activation activation, double x) => activation switch
    {
        Activation.Identity => x,
        Activation.Relu => x > 0 ? x : 0,
        Activation.LeakyRelu => x > 0 ? x : Activations.LeakySlope * x,
        Activation.Selu => x > 0 ? Activations.SeluScale * x : Activations.SeluScale * Activations.SeluAlpha * (Math.Exp(x) - 1),
        Activation.Swish => x / (1 + Math.Exp(-x)),
        Activation.Cosid => Math.Cos(x) - x,
        Activation.Sinusoid => x + Math.Sin(10 * x) / 5,
        Activation.Sigmoid => 1 / (1 + Math.Exp(-x)),
        Activation.Tanh => Math.Tanh(x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation"),
    };

    public static double Derivative(Activation activation, double x)
    {
        switch (activation)
        {
            case Activation.Identity: return 1;
            case Activation.Relu: return x > 0 ? 1 : 0;
            case Activation.LeakyRelu: return x > 0 ? 1 : Activations.LeakySlope;
            case Activation.Selu: return x > 0 ? Activations.SeluScale : Activations.SeluScale * Activations.SeluAlpha * Math.Exp(x);
            case Activation.Swish:
                {
                    double s = 1 / (1 + Math.Exp(-x));
                    return s * (1 + x * (1 - s));
                }
            case Activation.Cosid: return -Math.Sin(x) - 1;
            case Activation.Sinusoid: return 1 + 2 * Math.Cos(10 * x);
            case Activation.Sigmoid:
                {
                    double s = 1 / (1 + Math.Exp(-x));
                    return s * (1 - s);
                }
            case Activation.Tanh:
                {
                    double t = Math.Tanh(x);
                    return 1 - t * t;
                }
            default: throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation");
        }
    }
}
