// mnemos store end to end: the memory file holds the data, located fixed points (or cycle points)
// that the network really maps onto themselves (checked here with the reference GEMM), the
// training metadata; explicit cycles survive a resume; bad data and cycles give one line.
using System.Text.Json;
using Mnemos.Cli;
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Formats;
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;
using Mnemos.Tensors;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Cli;

public class StoreCommandTests
{
    static string[] Store(string output, params string[] extra) =>
        ["store", "--data", "builtin:digits", "--out", output, .. StoredMemories.SmallNet, .. extra];

    static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Math.Sqrt(VectorOps.SumSquaredDifference(a, b));

    [Fact]
    public void Store_saves_the_examples_and_fixed_points_the_network_maps_onto_themselves()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.safetensors");
        var run = CliRunner.Run(Store(path, "--json"));
        Assert.True(run.ExitCode == 0, run.ToString());

        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.True(root.GetProperty("final_mse").GetDouble() <= 1e-8);
        var report = root.GetProperty("memory");
        var (memory, metadata) = MemoryFile.Load(path);
        Assert.Equal(BuiltinData.Load("digits").Data, memory.Examples.Data);
        Assert.Equal("converged", metadata.Training["stop_reason"]);
        // The checkpoint written before locating and certifying is dropped once the memory is saved.
        Assert.False(File.Exists(TrainCommand.DefaultCheckpointPath(path)), "a converged store leaves no checkpoint");
        Assert.Equal("autoencode", metadata.Training["task"]);

        var units = report.GetProperty("units").EnumerateArray().ToArray();
        var unlocated = units.Where(u => u.GetProperty("failure").ValueKind == JsonValueKind.String && u.GetProperty("failure").GetString() == "no_fixed_point")
            .Select(u => u.GetProperty("example").GetInt32()).ToHashSet();
        Assert.True(unlocated.Count < memory.Count, "at least one fixed point is located");
        Assert.Equal(units.Select(u => u.GetProperty("status").GetString() != "not_stored"), memory.StoredRows!);
        double maxOffset = 0;
        for (int i = 0; i < memory.Count; i++)
        {
            double offset = Distance(memory.Anchors.Row(i), memory.Examples.Row(i));
            maxOffset = Math.Max(maxOffset, offset);
            Assert.Equal(units[i].GetProperty("offset").GetDouble(), offset, 1e-12);
            // About √(d·MSE)-ish, never the example itself moved far away.
            Assert.InRange(offset, 0, 0.05);
            double residual = FixedPointLocator.Residual(memory.Model, ReferenceGemm.Instance, memory.Anchors.Row(i), out _);
            // The command's own bound, 1e-5·max(1, ‖x̂‖), decides which points count as located.
            double bound = StorageCriteria.ResidualBound(memory.Anchors.Row(i));
            if (!unlocated.Contains(i)) Assert.True(residual < bound * 1.01, $"example {i}: ‖f(x̂) − x̂‖ = {residual}, bound {bound}");
            else Assert.True(residual > bound * 0.5, $"example {i} reported unlocated with residual {residual}");
        }
        Assert.Equal(maxOffset, report.GetProperty("max_offset").GetDouble(), 1e-12);

        // ρ per example travels with the file (exactly) and is the certificate at the saved anchor.
        Assert.NotNull(memory.SpectralRadii);
        var radii = report.GetProperty("spectral_radii").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(radii, memory.SpectralRadii);
        using var gemm = new Mnemos.Kernels.ManagedGemm(1);
        for (int i = 0; i < memory.Count; i++)
            Assert.Equal(Certifier.FixedPoint(memory.Model, gemm, memory.Anchors.Row(i)).SpectralRadius, radii[i], 1e-9);
    }

    [Fact]
    public void Store_prints_the_summary_table()
    {
        using var dir = new TempDirectory();
        var run = CliRunner.Run(Store(dir.File("m.safetensors")));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("10 examples, d = 35, final MSE", run.Out);
        Assert.Contains("final MSE", run.Out);
        Assert.Contains("max ‖x̂ᵢ − xᵢ‖", run.Out);
        Assert.Contains("max ‖f(x̂ᵢ) − x̂ᵢ‖", run.Out);
        Assert.Matches(@"stored, attractor +\d+", run.Out);
        Assert.Matches(@"not stored +\d+", run.Out);
        Assert.Contains($"memory: {dir.File("m.safetensors")}", run.Out);
        Assert.Contains("locating and certifying the fixed points", run.Error);
    }

    [Fact]
    public void Explicit_cycles_are_stored_and_their_points_located_on_the_networks_cycle()
    {
        using var dir = new TempDirectory();
        string path = dir.File("c.safetensors");
        var run = CliRunner.Run(Store(path, "--cycles", StoredMemories.Cycles, "--json"));
        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(0, json.RootElement.GetProperty("memory").GetProperty("counts").GetProperty("not_stored").GetInt32());

        var (memory, metadata) = MemoryFile.Load(path);
        Assert.Equal(StoredMemories.Cycles, TrainingSetupText(memory.Cycles));
        Assert.Equal(StoredMemories.Cycles, metadata.Training["cycles"]);
        foreach (var cycle in memory.Cycles)
            for (int j = 0; j < cycle.Length; j++)
            {
                var x = memory.Anchors.Row(cycle[j]);
                FixedPointLocator.Residual(memory.Model, ReferenceGemm.Instance, x, out var image);
                double miss = Distance(image, memory.Anchors.Row(cycle[(j + 1) % cycle.Length]));
                Assert.True(miss < 1e-5, $"row {cycle[j]}: ‖f(x̂) − x̂_next‖ = {miss}");
                Assert.InRange(Distance(x, memory.Examples.Row(cycle[j])), 1e-9, 0.05);
            }
    }

    static string TrainingSetupText(IReadOnlyList<int[]> cycles) => Mnemos.Training.TrainingSetup.FormatCycles(cycles);

    [Fact]
    public void A_cycle_run_resumed_from_its_checkpoint_ends_as_one_uninterrupted_run()
    {
        using var dir = new TempDirectory();
        string straight = dir.File("straight.safetensors"), split = dir.File("split.safetensors");
        string[] stop(int epochs) => ["--max-epochs", epochs.ToString(), "--target-mse", "0"];
        Assert.Equal(CliApp.StoppedShort, CliRunner.Run(Store(straight, ["--cycles", StoredMemories.Cycles, .. stop(80)])).ExitCode);
        Assert.Equal(CliApp.StoppedShort, CliRunner.Run(Store(split, ["--cycles", StoredMemories.Cycles, .. stop(30)])).ExitCode);
        string checkpoint = TrainCommand.DefaultCheckpointPath(split);

        var other = CliRunner.Run(["store", "--data", "builtin:digits", "--out", split, "--resume", checkpoint, "--cycles", "0,1;2,3,4,5,6,7,8,9", .. stop(80)]);
        Assert.Equal(CliApp.UsageError, other.ExitCode);
        Assert.Contains($"cycles: {StoredMemories.Cycles} vs 0,1;2,3,4,5,6,7,8,9", other.Error);

        // The cycles come back from the checkpoint.
        var resumed = CliRunner.Run(["store", "--data", "builtin:digits", "--out", split, "--resume", checkpoint, "--threads", "1", .. stop(80)]);
        Assert.True(resumed.ExitCode == CliApp.StoppedShort, resumed.ToString());
        var a = MemoryFile.Load(straight).Memory;
        var b = MemoryFile.Load(split).Memory;
        Assert.Equal(a.Model.Parameters, b.Model.Parameters);
        Assert.Equal(TrainingSetupText(a.Cycles), TrainingSetupText(b.Cycles));
    }

    [Theory]
    [InlineData(new[] { "--cycles", "0,1;x" }, 2, "--cycles: '0,1;x': 'x' is not a row index")]
    [InlineData(new[] { "--cycles", "0,1,2" }, 1, "cycles cover 3 of 10 rows")]
    [InlineData(new[] { "--cycles", "0,1,2,3,4;5,6,7,8,10" }, 1, "refers to row 10, but the data has 10 rows")]
    [InlineData(new[] { "--cycles", "0,1,2,3,4;5,6,7,8,9", "--cycle-length", "5" }, 2, "give one or the other")]
    public void Bad_cycles_give_one_line_naming_them(string[] extra, int exitCode, string expected)
    {
        using var dir = new TempDirectory();
        var run = CliRunner.Run(Store(dir.File("m.safetensors"), extra));
        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.Single(run.ErrorLines);
        Assert.Contains(expected, run.Error);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void Empty_data_gives_one_line_and_no_file()
    {
        using var dir = new TempDirectory();
        string empty = dir.File("empty.npy");
        Npy.Write(empty, new Matrix(0, 35));
        var run = CliRunner.Run(["store", "--data", empty, "--out", dir.File("m.safetensors"), .. StoredMemories.SmallNet]);
        Assert.True(run.ExitCode == CliApp.RunError, run.ToString());
        Assert.Single(run.ErrorLines);
        Assert.Contains("data is empty (0×35)", run.Error);
        Assert.DoesNotContain("m.safetensors", dir.Entries());
    }
}
