// ReportJson: indented camelCase JSON, NaN/∞ as strings, round trips through text and files.
using Mnemos.Reports;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Reports;

public class ReportJsonTests
{
    public sealed record Summary(string Name, double SpectralRadius, double Residual, float Loss, int[] Counts, double[] Extremes);

    static readonly Summary Sample = new("ρ < 1 & stable", 0.1 + 0.2, double.NaN, 1e-7f, [1, 2, 3],
        [double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -0.0]);

    [Fact]
    public void Non_finite_numbers_are_written_as_strings_and_text_stays_readable()
    {
        string json = ReportJson.Serialize(Sample);
        Assert.Contains("\"spectralRadius\": 0.30000000000000004", json);
        Assert.Contains("\"residual\": \"NaN\"", json);
        Assert.Contains("\"Infinity\"", json);
        Assert.Contains("\"-Infinity\"", json);
        Assert.Contains("\"name\": \"ρ < 1 & stable\"", json);
        Assert.Contains("\n  \"counts\": [", json);
    }

    [Fact]
    public void Text_round_trip_restores_every_value_bit_for_bit()
    {
        var back = ReportJson.Deserialize<Summary>(ReportJson.Serialize(Sample))!;
        Assert.Equal(Sample.Name, back.Name);
        Assert.Equal(BitConverter.DoubleToInt64Bits(Sample.SpectralRadius), BitConverter.DoubleToInt64Bits(back.SpectralRadius));
        Assert.True(double.IsNaN(back.Residual));
        Assert.Equal(Sample.Loss, back.Loss);
        Assert.Equal(Sample.Counts, back.Counts);
        Assert.Equal(Sample.Extremes.Select(BitConverter.DoubleToInt64Bits), back.Extremes.Select(BitConverter.DoubleToInt64Bits));
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
