// Mnemos optimizers against torch.optim 1.13 on the problems stored by golden/make_golden.py.
using Mnemos.Training.Optimizers;

namespace Mnemos.Tests.Training.Optimizers;

public class OptimizerGoldenTests
{
    // Fixed gradients: the kernels do torch's float32 operations in torch's order (fused multiply-add
    // where its CPU kernels fuse), so the runs agree bit for bit here. One unit in the last place is
    // allowed for a platform whose libm pow/sqrt rounds a bias correction differently.
    const int FixedGradientMaxUlps = 1;

    // Model problem: the gradient is evaluated in double by numpy (BLAS order) and by a plain loop
    // here, then rounded to float; the two agree except when a value lies within ~1e-16 of a float
    // rounding tie, and such a one-ulp change is carried along (and damped) by the next steps.
    const double ModelRelativeTolerance = 1e-5;
    const double ModelAbsoluteTolerance = 1e-7;

    static readonly OptimizerGolden Golden = OptimizerGolden.Instance;

    public static IEnumerable<object[]> Configs() => OptimizerGolden.ConfigNames();

    [Theory]
    [MemberData(nameof(Configs))]
    public void Fixed_gradient_sequence_matches_torch_after_1_10_and_100_steps(string name)
    {
        var config = Golden.Configs[name];
        var optimizer = OptimizerSettings.Parse(config.Spec).Create(Golden.FixedInitial.Length);
        var parameters = (float[])Golden.FixedInitial.Clone();
        int compared = 0;
        Golden.RunFixed(optimizer, parameters, 1, Golden.Steps, (step, p) =>
        {
            if (!config.FixedAfter.TryGetValue(step, out var expected)) return;
            AssertUlps(expected, p, FixedGradientMaxUlps, $"{name} parameters after step {step}");
            compared++;
        });
        Assert.Equal(Golden.Snapshots.Length, compared);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Fixed_gradient_state_after_100_steps_matches_torch_state_dict(string name)
    {
        var config = Golden.Configs[name];
        var optimizer = OptimizerSettings.Parse(config.Spec).Create(Golden.FixedInitial.Length);
        Golden.RunFixed(optimizer, (float[])Golden.FixedInitial.Clone(), 1, Golden.Steps);
        var state = optimizer.ExportState();

        Assert.Equal(config.FixedState.Keys.Order(), state.Buffers.Keys.Order());
        foreach (var (buffer, expected) in config.FixedState)
            AssertUlps(expected, state.Buffers[buffer], FixedGradientMaxUlps, $"{name} {buffer} after step {Golden.Steps}");
        Assert.Equal(config.FixedStateStep ?? Golden.Steps, state.StepCount);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Least_squares_run_matches_torch_after_1_10_and_100_steps(string name)
    {
        var config = Golden.Configs[name];
        var optimizer = OptimizerSettings.Parse(config.Spec).Create(Golden.ModelCols);
        var parameters = (float[])Golden.ModelInitial.Clone();
        int compared = 0;
        Golden.RunModel(optimizer, parameters, Golden.Steps, (step, p) =>
        {
            if (!config.ModelAfter.TryGetValue(step, out var expected)) return;
            AssertClose(expected, p, ModelRelativeTolerance, ModelAbsoluteTolerance, $"{name} parameters after step {step}");
            compared++;
        });
        Assert.Equal(Golden.Snapshots.Length, compared);
    }

    internal static void AssertUlps(float[] expected, ReadOnlySpan<float> actual, int maxUlps, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            long ulps = Math.Abs((long)Ordered(expected[i]) - Ordered(actual[i]));
            if (ulps > maxUlps)
                Assert.Fail($"{what}: [{i}] expected {expected[i]:R}, got {actual[i]:R} ({ulps} ulps apart, at most {maxUlps} allowed)");
        }
    }

    internal static void AssertClose(float[] expected, ReadOnlySpan<float> actual, double relative, double absolute, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs((double)actual[i] - expected[i]);
            if (!(error <= relative * Math.Abs(expected[i]) + absolute))
                Assert.Fail($"{what}: [{i}] expected {expected[i]:R}, got {actual[i]:R} (error {error:G3}, allowed {relative:G3}·|expected| + {absolute:G3})");
        }
    }

    // Maps a float to an integer whose order and differences count representable floats.
    static int Ordered(float x)
    {
        int bits = BitConverter.SingleToInt32Bits(x);
        return bits < 0 ? int.MinValue - bits : bits;
    }
}
