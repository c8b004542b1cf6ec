// mnemos certify end to end: each row is what Certifier finds at the stored anchor (or cycle)
// when called directly, parallel workers give the same bits as one thread, the table and totals
// agree with the JSON, and files that are not memories are refused in one line.
using System.Text.Json;
using Mnemos.Cli;
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Cli;

[Collection(StoredMemoriesCollection.Name)]
public class CertifyCommandTests(StoredMemories memories)
{
    static readonly IGemm Gemm = GemmBackends.Create(GemmBackend.Managed, 1);

    static JsonElement[] Certificates(JsonDocument json) => json.RootElement.GetProperty("units").EnumerateArray().ToArray();

    [Fact]
    public void Every_example_gets_the_certificate_the_certifier_gives_at_its_anchor()
    {
        var run = CliRunner.Run("certify", "--model", memories.Autoencoder, "--json", "--threads", "2");
        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        var memory = memories.Load(memories.Autoencoder);
        var rows = Certificates(json);
        Assert.Equal(memory.Count, rows.Length);

        var verdicts = new List<string>();
        for (int i = 0; i < memory.Count; i++)
        {
            var expected = Certifier.FixedPoint(memory.Model, Gemm, memory.Anchors.Row(i), new CertifyOptions { TopCount = 3 });
            var row = rows[i];
            Assert.Equal(i, row.GetProperty("example").GetInt32());
            Assert.Equal(expected.SpectralRadius, row.GetProperty("spectral_radius").GetDouble());
            Assert.Equal(expected.SpectralRadiusError, row.GetProperty("spectral_radius_error").GetDouble());
            Assert.Equal(expected.FixedPointResidual, row.GetProperty("residual").GetDouble(), 1e-12);
            Assert.Equal(expected.EigenResidual, row.GetProperty("eigen_residual").GetDouble());
            Assert.Equal(3, row.GetProperty("top_eigenvalues").GetArrayLength());
            Assert.Equal(expected.TopEigenvalues[0].Magnitude, row.GetProperty("top_eigenvalues")[0].GetProperty("abs").GetDouble());
            Assert.True(expected.EigenResidual < 1e-8, $"example {i}: eigen-residual {expected.EigenResidual}");
            Assert.Equal(Keys.Of(expected.Verdict), row.GetProperty("verdict").GetString());
            verdicts.Add(row.GetProperty("status").GetString()!);
        }
        var counts = json.RootElement.GetProperty("counts");
        foreach (string status in new[] { "stored_attractor", "stored_not_attractor", "undecided", "not_stored" })
            Assert.Equal(verdicts.Count(v => v == status), counts.GetProperty(status).GetInt32());
        // Seed 0 of this small net stores some examples as attractors and some not: both paths are exercised.
        Assert.Contains("stored_attractor", verdicts);
        Assert.Contains("stored_not_attractor", verdicts);
    }

    [Fact]
    public void Parallel_certification_matches_one_thread_bit_for_bit()
    {
        var one = CliRunner.Run("certify", "--model", memories.Autoencoder, "--json", "--threads", "1");
        var four = CliRunner.Run("certify", "--model", memories.Autoencoder, "--json", "--threads", "4");
        using var a = JsonDocument.Parse(one.Out);
        using var b = JsonDocument.Parse(four.Out);
        var rowsA = Certificates(a);
        var rowsB = Certificates(b);
        for (int i = 0; i < rowsA.Length; i++)
        {
            Assert.Equal(rowsA[i].GetProperty("spectral_radius").GetDouble(), rowsB[i].GetProperty("spectral_radius").GetDouble());
            Assert.Equal(rowsA[i].GetProperty("eigen_residual").GetDouble(), rowsB[i].GetProperty("eigen_residual").GetDouble());
        }
    }

    [Fact]
    public void A_sequence_memory_is_certified_cycle_by_cycle()
    {
        var run = CliRunner.Run("certify", "--model", memories.Sequence, "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        var memory = memories.Load(memories.Sequence);
        var rows = Certificates(json);
        Assert.Equal("sequence", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal(3, rows.Length);
        for (int c = 0; c < 3; c++)
        {
            var expected = Certifier.Cycle(memory.Model, Gemm, memory.CyclePoints(c), new CertifyOptions { TopCount = 3 });
            Assert.Equal(memory.Cycles[c], rows[c].GetProperty("rows").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal(expected.SpectralRadius, rows[c].GetProperty("spectral_radius").GetDouble());
            Assert.Equal(Keys.Of(expected.Verdict), rows[c].GetProperty("verdict").GetString());
            // The cycle points were located, so the cycle residual is at float rounding.
            Assert.NotEqual("not_stored", rows[c].GetProperty("status").GetString());
            Assert.True(expected.FixedPointResidual < 1e-5, $"cycle {c}: residual {expected.FixedPointResidual}");
        }
    }

    [Fact]
    public void The_table_has_a_row_per_example_and_totals_that_add_up()
    {
        var run = CliRunner.Run("certify", "--model", memories.Autoencoder, "--margin", "0.01");
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var rows = lines.Where(l => int.TryParse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], out _)).ToArray();
        Assert.Equal(10, rows.Length);
        int attractors = rows.Count(r => r.Contains("stored, attractor"));
        int not = rows.Count(r => r.Contains("stored, not an attractor"));
        int undecided = rows.Count(r => r.Contains("undecided"));
        int notStored = rows.Count(r => r.Contains("not stored"));
        Assert.Equal(10, attractors + not + undecided + notStored);
        Assert.Contains($"totals: {10 - notStored} of 10 examples stored: {attractors} attractor{(attractors == 1 ? "" : "s")}, {not} not an attractor, {undecided} undecided, {notStored} not stored (margin 0.01)", run.Out);
        Assert.Contains("ρ", lines[1]);
    }

    [Fact]
    public void A_plain_model_file_is_not_a_memory()
    {
        using var dir = new TempDirectory();
        string model = dir.File("plain.safetensors");
        Assert.Equal(CliApp.StoppedShort, CliRunner.Run("train", "--data", "builtin:digits", "--out", model, "--depth", "1", "--width", "8", "--max-epochs", "2", "--target-mse", "0").ExitCode);
        var run = CliRunner.Run("certify", "--model", model);
        Assert.Equal(CliApp.RunError, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Contains("holds a model but no stored examples", run.Error);
    }

    [Theory]
    [InlineData(new[] { "--model", "missing.safetensors" }, 1, "memory file 'missing.safetensors' not found")]
    [InlineData(new[] { "--margin", "-1" }, 2, "--margin -1: must be at least 0")]
    [InlineData(new[] { "--top", "0" }, 2, "--top 0: must be at least 1")]
    [InlineData(new[] { "--empirical", "4" }, 2, "--empirical 4: needs --radius")]
    public void Bad_options_give_one_line(string[] args, int exitCode, string expected)
    {
        string[] model = args[0] == "--model" ? [] : ["--model", memories.Autoencoder];
        var run = CliRunner.Run(["certify", .. model, .. args]);
        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.Single(run.ErrorLines);
        Assert.Contains(expected, run.Error);
    }

    [Fact]
    public void Radius_gives_each_attractor_the_library_radius_below_its_empirical_one()
    {
        var run = CliRunner.Run("certify", "--model", memories.Autoencoder, "--json", "--threads", "2", "--radius", "--empirical", "2");
        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        var memory = memories.Load(memories.Autoencoder);
        int radii = 0;
        foreach (var row in Certificates(json))
        {
            int i = row.GetProperty("example").GetInt32();
            bool attractor = row.GetProperty("status").GetString() == "stored_attractor";
            Assert.Equal(attractor, row.TryGetProperty("certified_radius", out var certified));
            if (!attractor) continue;
            var expected = BasinRadius.Certify(memory.Model, Gemm, memory.Anchors.Row(i));
            Assert.Equal(expected.Radius, certified.GetDouble());
            var empirical = row.GetProperty("empirical_radius");
            if (empirical.ValueKind == JsonValueKind.Number) Assert.True(certified.GetDouble() <= empirical.GetDouble(), $"example {i}: certified {certified} beyond empirical {empirical}");
            radii++;
        }
        Assert.True(radii > 0, "no stored attractor to give a radius");
        var table = CliRunner.Run("certify", "--model", memories.Autoencoder, "--threads", "2", "--radius");
        Assert.Contains("r certified", table.Out);
        Assert.Contains("certified basin radius (Euclidean, every start within r converges)", table.Out);
    }
}
