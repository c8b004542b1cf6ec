// Optimizer state: export/import resumes a run bit-identically, copies rather than shares buffers,
// and rejects state that does not fit (kind, buffer names, lengths, step count) without changing anything.
using Mnemos.Training.Optimizers;

namespace Mnemos.Tests.Training.Optimizers;

public class OptimizerStateTests
{
    const int SplitStep = 37;
    static readonly OptimizerGolden Golden = OptimizerGolden.Instance;

    public static IEnumerable<object[]> Configs() => OptimizerGolden.ConfigNames();

    [Theory]
    [MemberData(nameof(Configs))]
    public void Export_then_import_into_a_fresh_optimizer_continues_bit_identically(string name)
    {
        var settings = OptimizerSettings.Parse(Golden.Configs[name].Spec);
        int n = Golden.FixedInitial.Length;
        var straight = settings.Create(n);
        var expected = (float[])Golden.FixedInitial.Clone();
        Golden.RunFixed(straight, expected, 1, Golden.Steps);

        var first = settings.Create(n);
        var actual = (float[])Golden.FixedInitial.Clone();
        Golden.RunFixed(first, actual, 1, SplitStep);
        var resumed = settings.Create(n);
        resumed.ImportState(first.ExportState());
        Assert.Equal(SplitStep, resumed.StepCount);
        Golden.RunFixed(resumed, actual, SplitStep + 1, Golden.Steps);

        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
        var (a, b) = (straight.ExportState(), resumed.ExportState());
        Assert.Equal((a.Kind, a.StepCount), (b.Kind, b.StepCount));
        Assert.Equal(a.Buffers.Keys.Order(), b.Buffers.Keys.Order());
        foreach (var (buffer, values) in a.Buffers) Assert.Equal(values, b.Buffers[buffer]);
    }

    [Fact]
    public void Exported_and_imported_buffers_are_copies()
    {
        var optimizer = OptimizerSettings.Adam().Create(3);
        optimizer.Step(new float[] { 1, 2, 3 }, new float[] { 0.5f, -1, 2 });
        var exported = optimizer.ExportState();
        float before = exported.Buffers["exp_avg"][0];
        exported.Buffers["exp_avg"][0] = 99;
        Assert.Equal(before, optimizer.ExportState().Buffers["exp_avg"][0]);

        var other = OptimizerSettings.Adam().Create(3);
        other.ImportState(exported);
        exported.Buffers["exp_avg"][0] = -99;
        Assert.Equal(99, other.ExportState().Buffers["exp_avg"][0]);
    }

    [Fact]
    public void Import_rejects_state_that_does_not_fit_and_keeps_the_current_state()
    {
        var optimizer = OptimizerSettings.Adam().Create(2);
        optimizer.Step(new float[] { 1, 2 }, new float[] { 0.5f, -1 });
        var good = optimizer.ExportState();

        string Reject(OptimizerState state) => Assert.Throws<ArgumentException>(() => optimizer.ImportState(state)).Message;

        Assert.StartsWith("optimizer state is for 'adamw' but this optimizer is 'adam'", Reject(good with { Kind = "adamw" }));
        Assert.StartsWith("optimizer state step count -1: must be at least 0", Reject(good with { StepCount = -1 }));
        Assert.StartsWith("optimizer state lacks buffer 'exp_avg_sq' that adam lr=0.001 betas=0.9,0.999 eps=1e-08 " +
            "weight_decay=0 amsgrad=false needs; expected exp_avg, exp_avg_sq",
            Reject(good with { Buffers = new Dictionary<string, float[]> { ["exp_avg"] = [0, 0] } }));
        Assert.StartsWith("optimizer state has buffer 'max_exp_avg_sq' that adam lr=0.001",
            Reject(good with { Buffers = new Dictionary<string, float[]>(good.Buffers) { ["max_exp_avg_sq"] = [0, 0] } }));
        Assert.StartsWith("optimizer state buffer 'exp_avg' has 3 values, expected 2 (one per parameter)",
            Reject(good with { Buffers = new Dictionary<string, float[]>(good.Buffers) { ["exp_avg"] = [0, 0, 0] } }));

        var after = optimizer.ExportState();
        Assert.Equal(1, after.StepCount);
        foreach (var (buffer, values) in good.Buffers) Assert.Equal(values, after.Buffers[buffer]);
    }

    [Fact]
    public void Step_rejects_spans_of_the_wrong_length()
    {
        var optimizer = OptimizerSettings.Sgd().Create(4);
        var error = Assert.Throws<ArgumentException>(() => optimizer.Step(new float[4], new float[3]));
        Assert.Equal("optimizer step got 4 parameters and 3 gradients; expected 4 of each", error.Message);
        Assert.Equal(0, optimizer.StepCount);
    }

    [Fact]
    public void Zero_parameters_step_without_error()
    {
        var optimizer = OptimizerSettings.AdamW(amsGrad: true).Create(0);
        optimizer.Step([], []);
        Assert.Equal(1, optimizer.StepCount);
    }
}
