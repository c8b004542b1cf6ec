// JsonConvention: snake_case names, null for NaN and ±∞ (doubles and floats, nullable or not),
// enums by their snake_case names, dictionary keys as given, and metadata text typed.
using System.Text.Json;
using Mnemos.Dynamics;
using Mnemos.Formats;

namespace Mnemos.Tests.Formats;

public class JsonConventionTests
{
    public sealed record Sample(double SpectralRadius, float Loss, double? Error, StorageStatus Status, Verdict Verdict,
        RecallOutcome Outcome, Dictionary<string, int> Counts);

    [Fact]
    public void Names_are_snake_case_non_finite_numbers_null_and_enums_their_documented_keys()
    {
        var sample = new Sample(double.PositiveInfinity, float.NaN, double.NegativeInfinity, StorageStatus.StoredNotAttractor, Verdict.NotAttractor,
            RecallOutcome.SpuriousFixedPoint, new() { ["gaussian_0.3"] = 2, ["Held-Out"] = 1 });
        string json = JsonSerializer.Serialize(sample, JsonConvention.Compact);
        Assert.Equal("""{"spectral_radius":null,"loss":null,"error":null,"status":"stored_not_attractor","verdict":"not_attractor","outcome":"spurious_fixed_point","counts":{"gaussian_0.3":2,"Held-Out":1}}""", json);
        Assert.Equal("stored_not_attractor", StoredMemory.Key(sample.Status));
        Assert.Equal("not_attractor", Keys.Of(sample.Verdict));
        Assert.Equal("spurious_fixed_point", Keys.Of(sample.Outcome));
    }

    [Fact]
    public void Finite_numbers_round_trip_and_null_reads_back_as_NaN()
    {
        var sample = new Sample(0.1 + 0.2, 1e-7f, 5e-324, StorageStatus.Undecided, Verdict.Attractor, RecallOutcome.Diverged, []);
        var back = JsonSerializer.Deserialize<Sample>(JsonSerializer.Serialize(sample, JsonConvention.Indented), JsonConvention.Indented)!;
        Assert.Equal(sample with { Counts = back.Counts }, back);
        var nulls = JsonSerializer.Deserialize<Sample>("""{"spectral_radius":null,"loss":null,"error":null,"status":"undecided","verdict":"attractor","outcome":"diverged","counts":{}}""",
            JsonConvention.Compact)!;
        Assert.True(double.IsNaN(nulls.SpectralRadius) && float.IsNaN(nulls.Loss));
        Assert.Null(nulls.Error);
    }

    [Fact]
    public void Metadata_text_becomes_numbers_and_booleans_except_where_named()
    {
        var typed = JsonConvention.Typed(new Dictionary<string, string>
        {
            ["seed"] = "0", ["lr"] = "1e-3", ["amsgrad"] = "false", ["loss"] = "NaN", ["init"] = "pytorch", ["cycles"] = "7",
        }, "cycles");
        Assert.Equal("""{"seed":0,"lr":0.001,"amsgrad":false,"loss":null,"init":"pytorch","cycles":"7"}""", JsonSerializer.Serialize(typed, JsonConvention.Compact));
    }
}
