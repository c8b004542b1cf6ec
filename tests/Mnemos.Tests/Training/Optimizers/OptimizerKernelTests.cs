// Vector512 and Vector256 optimizer kernels against their scalar twins, over every length 0–80 (all
// vector tails) and every branch of each update (decay, momentum, nesterov, centered, amsgrad).
using Mnemos.Tensors;
using Mnemos.Training.Optimizers;

namespace Mnemos.Tests.Training.Optimizers;

public class OptimizerKernelTests
{
    // Bit-identical, not "within 1 ulp": both sides do the same sequence of single IEEE operations
    // (multiply, divide, square root, fused multiply-add, maximum), each correctly rounded per lane,
    // with no reassociation; only NaN payloads may differ, so NaN matches any NaN.
    const int MaxLength = 80;
    const int StepsPerRun = 3;   // first SGD step sets the momentum buffer; later ones update it

    // Variants travel as names: the enum is internal and xUnit theories are public.
    public static TheoryData<string, string> VariantsAndSpecs()
    {
        string[] specs =
        [
            "sgd lr=0.1", "sgd lr=0.05 weight_decay=0.01", "sgd lr=0.01 momentum=0.9 dampening=0.25",
            "sgd lr=0.01 momentum=0.8 nesterov=true weight_decay=0.001",
            "rmsprop", "rmsprop centered=true", "rmsprop momentum=0.7 weight_decay=0.01",
            "rmsprop lr=0.001 alpha=0.9 momentum=0.5 centered=true weight_decay=0.01",
            "adam", "adam lr=0.01 weight_decay=0.1", "adam amsgrad=true betas=0.5,0.9 eps=1e-06",
            "adamw", "adamw lr=0.01 weight_decay=0.5 amsgrad=true",
        ];
        var data = new TheoryData<string, string>();
        foreach (var variant in new[] { OptimizerKernelVariant.Vector512, OptimizerKernelVariant.Vector256 })
            foreach (string spec in specs) data.Add(variant.ToString(), spec);
        return data;
    }

    [Theory]
    [MemberData(nameof(VariantsAndSpecs))]
    public void Vector_kernel_is_bit_identical_to_scalar_twin_for_every_length(string variantName, string spec)
    {
        var variant = Enum.Parse<OptimizerKernelVariant>(variantName);
        var settings = OptimizerSettings.Parse(spec);
        for (int n = 0; n <= MaxLength; n++)
        {
            var rng = new Rng((ulong)(1000 + n));
            var parameters = new float[n];
            rng.FillUniform(parameters, -1, 1);
            var expected = new State(parameters);
            var actual = new State(parameters);
            for (int step = 1; step <= StepsPerRun; step++)
            {
                var g = Gradient(rng, n, withSpecials: step == StepsPerRun);
                Reference(settings, step, expected, g);
                Vector(variant, settings, step, actual, g);
                AssertBitIdentical(expected, actual, $"{variant} '{spec}' n={n} step {step}");
            }
        }
    }

    [Fact]
    public void Preferred_variant_is_accelerated_by_this_hardware()
    {
        var preferred = OptimizerKernels.Preferred;
        Assert.True(preferred switch
        {
            OptimizerKernelVariant.Vector512 => System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated,
            OptimizerKernelVariant.Vector256 => System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated
                && !System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated,
            _ => !System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated,
        }, $"preferred {preferred}");
    }

    sealed class State(float[] parameters)
    {
        public readonly float[] P = (float[])parameters.Clone();
        public readonly float[][] Buffers = [new float[parameters.Length], new float[parameters.Length], new float[parameters.Length]];
    }

    // Gradients over eight decades with exact zeros, negative zeros and subnormals; the last step also
    // carries NaN and ±infinity, which must propagate the same way.
    static float[] Gradient(Rng rng, int n, bool withSpecials)
    {
        var g = new float[n];
        for (int i = 0; i < n; i++)
        {
            g[i] = (float)(rng.Gaussian() * Math.Pow(10, rng.Uniform(-6, 2)));
            double u = rng.NextDouble();
            if (u < 0.05) g[i] = 0;
            else if (u < 0.08) g[i] = -0f;
            else if (u < 0.10) g[i] = 1e-40f;
            else if (withSpecials && u < 0.12) g[i] = float.NaN;
            else if (withSpecials && u < 0.14) g[i] = u < 0.13 ? float.PositiveInfinity : float.NegativeInfinity;
        }
        return g;
    }

    static void Reference(OptimizerSettings s, int step, State x, float[] g)
    {
        var b = x.Buffers;
        switch (s.Kind)
        {
            case OptimizerKind.Sgd:
                var sgd = SgdCoefficients.From(s);
                ReferenceOptimizerKernels.Sgd(x.P, g, sgd.Momentum != 0 ? b[0] : default, sgd, step == 1);
                break;
            case OptimizerKind.RmsProp:
                var rms = RmsPropCoefficients.From(s);
                ReferenceOptimizerKernels.RmsProp(x.P, g, b[0], rms.Centered ? b[1] : default, rms.Momentum > 0 ? b[2] : default, rms);
                break;
            default:
                var adam = AdamCoefficients.From(s, step);
                ReferenceOptimizerKernels.Adam(x.P, g, b[0], b[1], adam.AmsGrad ? b[2] : default, adam);
                break;
        }
    }

    static void Vector(OptimizerKernelVariant variant, OptimizerSettings s, int step, State x, float[] g)
    {
        var b = x.Buffers;
        switch (s.Kind)
        {
            case OptimizerKind.Sgd:
                OptimizerKernels.Sgd(variant, x.P, g, b[0], SgdCoefficients.From(s), step == 1);
                break;
            case OptimizerKind.RmsProp:
                OptimizerKernels.RmsProp(variant, x.P, g, b[0], b[1], b[2], RmsPropCoefficients.From(s));
                break;
            default:
                OptimizerKernels.Adam(variant, x.P, g, b[0], b[1], b[2], AdamCoefficients.From(s, step));
                break;
        }
    }

    static void AssertBitIdentical(State expected, State actual, string what)
    {
        Same(expected.P, actual.P, what + " parameters");
        for (int k = 0; k < expected.Buffers.Length; k++) Same(expected.Buffers[k], actual.Buffers[k], $"{what} buffer {k}");

        static void Same(float[] e, float[] a, string what)
        {
            for (int i = 0; i < e.Length; i++)
                if (BitConverter.SingleToInt32Bits(e[i]) != BitConverter.SingleToInt32Bits(a[i]) && !(float.IsNaN(e[i]) && float.IsNaN(a[i])))
                    Assert.Fail($"{what}: [{i}] scalar {e[i]:R} (0x{BitConverter.SingleToInt32Bits(e[i]):X8}), " +
                        $"vector {a[i]:R} (0x{BitConverter.SingleToInt32Bits(a[i]):X8}); {FloatDeviation.Of(e, a)}");
        }
    }
}
