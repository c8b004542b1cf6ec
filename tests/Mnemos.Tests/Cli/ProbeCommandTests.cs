// mnemos probe end to end: outcome counts add up to --count for every kind of source, a file
// probe agrees with recall of the same rows, the histogram scales to the largest basin, and
// unknown sources, bad parameters and mismatched files give one line.
using System.Text.Json;
using Mnemos.Cli;
using Mnemos.Formats;
using Mnemos.Tensors;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Cli;

[Collection(StoredMemoriesCollection.Name)]
public class ProbeCommandTests(StoredMemories memories)
{
    [Theory]
    [InlineData("uniform", "60")]
    [InlineData("gaussian:2", "60")]
    [InlineData("noisy:0.1", "40")]
    [InlineData("builtin:digits", "7")]
    public void Outcome_counts_add_up_to_the_number_of_inputs(string source, string count)
    {
        var run = CliRunner.Run("probe", "--model", memories.Autoencoder, "--data", source, "--count", count, "--seed", "2", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        int n = int.Parse(count);
        Assert.Equal(n, root.GetProperty("count").GetInt32());
        Assert.False(root.TryGetProperty("recovered", out _)); // probe inputs have no truth
        int reached = root.GetProperty("reached_stored").GetInt32();
        int spurious = root.GetProperty("spurious_inputs").GetInt32();
        Assert.Equal(n, reached + spurious + root.GetProperty("diverged").GetInt32() + root.GetProperty("not_converged").GetInt32());
        Assert.Equal(reached, root.GetProperty("per_example").EnumerateArray().Sum(e => e.GetInt32()));
        Assert.Equal(n, root.GetProperty("totals").EnumerateObject().Sum(t => t.Value.GetInt32()));
        int distinct = root.GetProperty("distinct_spurious").GetInt32();
        Assert.InRange(distinct, spurious > 0 ? 1 : 0, spurious);
        Assert.True(root.GetProperty("spurious").EnumerateArray().Sum(s => s.GetProperty("count").GetInt32()) <= spurious);
    }

    [Fact]
    public void Probing_a_file_counts_what_recall_of_the_same_rows_finds()
    {
        using var dir = new TempDirectory();
        var inputs = new Matrix(12, 35);
        new Rng(4).FillUniform(inputs.Data, 0, 1);
        string file = dir.File("inputs.npy");
        Npy.Write(file, inputs);

        var probe = CliRunner.Run("probe", "--model", memories.Autoencoder, "--data", file, "--json");
        var recall = CliRunner.Run("recall", "--model", memories.Autoencoder, "--data", file, "--json");
        using var p = JsonDocument.Parse(probe.Out);
        using var r = JsonDocument.Parse(recall.Out);
        var perExample = new int[10];
        foreach (var result in r.RootElement.GetProperty("results").EnumerateArray())
            if (result.GetProperty("outcome").GetString() == "stored_example") perExample[result.GetProperty("end_example").GetInt32()]++;
        Assert.Equal(perExample, p.RootElement.GetProperty("per_example").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(12, p.RootElement.GetProperty("count").GetInt32());
    }

    [Fact]
    public void The_histogram_has_a_bar_per_example_scaled_to_the_largest_basin()
    {
        var run = CliRunner.Run("probe", "--model", memories.Autoencoder, "--data", "uniform", "--count", "60");
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Out.Split('\n');
        int start = Array.FindIndex(lines, l => l.StartsWith("inputs per stored example", StringComparison.Ordinal));
        var bars = lines.Skip(start + 1).Take(10).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString()), bars.Select(b => b[0]));
        int[] counts = bars.Select(b => int.Parse(b[1])).ToArray();
        int[] widths = bars.Select(b => b.Length > 2 ? b[2].Length : 0).ToArray();
        Assert.Equal(40, widths[Array.IndexOf(counts, counts.Max())]);
        for (int i = 0; i < 10; i++) Assert.Equal((int)Math.Round(40.0 * counts[i] / counts.Max()), widths[i]);
        Assert.Contains("distinct spurious attractors:", run.Out);
        Assert.Contains(lines, l => l.StartsWith($"  reached a stored example{new string(' ', 4)}", StringComparison.Ordinal));
        Assert.DoesNotContain("recovered", run.Out);
    }

    [Theory]
    [InlineData("noise", 2, "--data 'noise': unknown source")]
    [InlineData("noisy", 2, "--data 'noisy': unknown source")]
    [InlineData("uniform:2", 2, "--data 'uniform:2': unknown source")]
    [InlineData("gaussian:-1", 2, "variance '-1' must be a positive number")]
    [InlineData("noisy:abc", 2, "sigma 'abc' must be a positive number")]
    [InlineData("builtin:random16", 1, "have 16 values per row but the memory")]
    [InlineData("missing.npy", 1, "data file 'missing.npy' not found")]
    public void Bad_sources_give_one_line(string source, int exitCode, string expected)
    {
        var run = CliRunner.Run("probe", "--model", memories.Autoencoder, "--data", source, "--count", "5");
        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.Single(run.ErrorLines);
        Assert.Contains(expected, run.Error);
    }

    [Theory]
    [InlineData(new[] { "--data", "builtin:digits", "--count", "11" }, "--count 11: 'builtin:digits' has only 10 rows")]
    [InlineData(new[] { "--data", "uniform", "--count", "0" }, "--count 0: must be at least 1")]
    [InlineData(new[] { "--data", "uniform", "--dedupe", "0" }, "--dedupe 0: must be greater than 0")]
    public void Bad_counts_give_one_line_and_exit_2(string[] args, string expected)
    {
        var run = CliRunner.Run(["probe", "--model", memories.Autoencoder, .. args]);
        Assert.True(run.ExitCode == CliApp.UsageError, run.ToString());
        Assert.Single(run.ErrorLines);
        Assert.Contains(expected, run.Error);
    }

    [Fact]
    public void A_plain_model_file_is_not_a_memory()
    {
        using var dir = new TempDirectory();
        string model = dir.File("plain.safetensors");
        Assert.Equal(CliApp.StoppedShort, CliRunner.Run("train", "--data", "builtin:digits", "--out", model, "--depth", "1", "--width", "8", "--max-epochs", "2", "--target-mse", "0").ExitCode);
        var run = CliRunner.Run("probe", "--model", model, "--data", "uniform");
        Assert.Equal(CliApp.RunError, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Contains("no stored examples", run.Error);
    }
}
