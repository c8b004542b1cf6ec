// ReportJson: indented snake_case JSON, NaN/∞ as null, round trips through text and files.
using Mnemos.Reports;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Reports;

public class ReportJsonTests
{
    public sealed record Summary(string Name, double SpectralRadius, double Residual, float Loss, int[] Counts, double[] Extremes);

    static readonly Summary Sample = new("ρ < 1 & stable", 0.1 + 0.2, double.NaN, 1e-7f, [1, 2, 3],
        [double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -0.0]);

    [Fact]
    public void Non_finite_numbers_are_written_as_null_names_in_snake_case_and_text_stays_readable()
    {
        string json = ReportJson.Serialize(Sample);
        Assert.Contains("\"spectral_radius\": 0.30000000000000004", json);
        Assert.Contains("\"residual\": null", json);
        Assert.Contains("\"loss\": 1E-07", json);
        Assert.DoesNotContain("Infinity", json);
        Assert.DoesNotContain("NaN", json);
        Assert.Contains("\"extremes\": [\n    null,\n    null,\n    5E-324,\n    -0\n  ]", json);
        Assert.Contains("\"name\": \"ρ < 1 & stable\"", json);
        Assert.Contains("\n  \"counts\": [", json);
    }

    [Fact]
    public void Text_round_trip_restores_finite_values_bit_for_bit_and_non_finite_ones_as_NaN()
    {
        var back = ReportJson.Deserialize<Summary>(ReportJson.Serialize(Sample))!;
        Assert.Equal(Sample.Name, back.Name);
        Assert.Equal(BitConverter.DoubleToInt64Bits(Sample.SpectralRadius), BitConverter.DoubleToInt64Bits(back.SpectralRadius));
        Assert.True(double.IsNaN(back.Residual));
        Assert.Equal(Sample.Loss, back.Loss);
        Assert.Equal(Sample.Counts, back.Counts);
        Assert.True(double.IsNaN(back.Extremes[0]) && double.IsNaN(back.Extremes[1]), "null reads back as NaN");
        Assert.Equal(Sample.Extremes[2..].Select(BitConverter.DoubleToInt64Bits), back.Extremes[2..].Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void File_round_trip_writes_one_file_ending_in_a_newline()
    {
        using var temp = new TempDirectory();
        string path = temp.File("summary.json");
        ReportJson.Write(path, Sample);
        Assert.EndsWith("}\n", File.ReadAllText(path));
        Assert.Equal(["summary.json"], temp.Entries());
        Assert.Equal(Sample.Counts, ReportJson.Read<Summary>(path)!.Counts);
    }
}
