// Axis: 1-2-5 linear ticks, decade log ticks, fitting to data and the value ↔ pixel mapping.
using Mnemos.Reports;

namespace Mnemos.Tests.Reports;

public class AxisTests
{
    [Fact]
    public void Unit_interval_gets_ticks_every_fifth_printed_exactly()
    {
        var ticks = Axis.LinearTicks(0, 1);
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1.0], ticks);
        var axis = new Axis(0, 1, 0, 100);
        Assert.Equal(["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], ticks.Select(t => axis.FormatTick(t, ticks)));
    }

    [Theory]
    [InlineData(0, 1000, 5, new double[] { 0, 200, 400, 600, 800, 1000 })]
    [InlineData(-3, 7, 5, new double[] { -2, 0, 2, 4, 6 })]
    [InlineData(0.013, 0.0471, 4, new double[] { 0.02, 0.03, 0.04 })]
    [InlineData(1, 2, 10, new double[] { 1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2 })]
    public void Linear_ticks_are_multiples_of_a_1_2_5_step_inside_the_range(double min, double max, int target, double[] expected) =>
        Assert.Equal(expected, Axis.LinearTicks(min, max, target));

    [Theory]
    [InlineData(1.0, 5, 0.2)]
    [InlineData(7.0, 5, 2.0)]
    [InlineData(3e-6, 3, 1e-6)]
    [InlineData(9.0, 2, 5.0)]
    [InlineData(11.0, 1, 20.0)]
    public void Nice_step_is_the_1_2_5_value_at_or_above_span_over_target(double span, int target, double expected) =>
        Assert.Equal(expected, Axis.NiceStep(span, target), 15);

    [Fact]
    public void Log_axis_from_1e_minus_9_to_1_ticks_every_decade()
    {
        var axis = new Axis(1e-9, 1, 300, 0, AxisScale.Log10);
        var ticks = axis.Ticks();
        Assert.Equal(Enumerable.Range(-9, 10).Select(k => Math.Pow(10, k)).ToArray(), ticks.ToArray(), (a, b) => Math.Abs(a / b - 1) < 1e-15);
        Assert.Equal("1e-9", axis.FormatTick(1e-9, ticks));
        Assert.Equal("0.001", axis.FormatTick(1e-3, ticks));
        Assert.Equal("1", axis.FormatTick(1, ticks));
    }

    [Fact]
    public void Many_decades_thin_out_to_every_few_decades()
    {
        var ticks = Axis.LogTicks(1e-30, 1, maxTicks: 11);
        Assert.Equal(11, ticks.Count);
        Assert.Equal(1e-30, ticks[0], 1e-45);
        Assert.Equal(1e-27, ticks[1], 1e-42);
        Assert.Equal(1.0, ticks[^1]);
    }

    [Fact]
    public void Log_range_within_a_decade_adds_2_and_5_multiples()
    {
        Assert.Equal([2, 5], Axis.LogTicks(1.5, 8));
        Assert.Equal([0.5, 1, 2, 5, 10], Axis.LogTicks(0.3, 12));
    }

    [Fact]
    public void Linear_mapping_sends_a_known_point_to_its_pixel_and_back()
    {
        // y axis: data 0 at pixel 250 (bottom), data 10 at pixel 50 (top); 2.5 lies a quarter up.
        var y = new Axis(0, 10, 250, 50);
        Assert.Equal(200, y.ToPixel(2.5), 12);
        Assert.Equal(2.5, y.FromPixel(200), 12);
        Assert.Equal(300, y.ToPixel(-2.5), 12);
    }

    [Fact]
    public void Log_mapping_is_linear_in_decades_and_nan_for_non_positive_values()
    {
        // 1e-9 .. 1 over pixels 0 .. 900: one decade per 100 px, so 1e-4 sits at 500 and 3.16e-4 at 550.
        var x = new Axis(1e-9, 1, 0, 900, AxisScale.Log10);
        Assert.Equal(500, x.ToPixel(1e-4), 9);
        Assert.Equal(550, x.ToPixel(Math.Sqrt(10) * 1e-4), 9);
        Assert.Equal(1e-4, x.FromPixel(500), 1e-18);
        Assert.True(double.IsNaN(x.ToPixel(0)));
        Assert.True(double.IsNaN(x.ToPixel(-1)));
    }

    [Fact]
    public void Fit_widens_to_tick_boundaries_and_ignores_unplottable_values()
    {
        var linear = Axis.Fit([0.13, double.NaN, 0.87, double.PositiveInfinity], 0, 100);
        Assert.Equal((0.0, 1.0), (linear.Min, linear.Max));
        var log = Axis.Fit([3e-7, 0, -1, 0.02, double.NaN], 0, 100, AxisScale.Log10);
        Assert.Equal(1e-7, log.Min, 1e-22);
        Assert.Equal(0.1, log.Max, 1e-16);
        var single = Axis.Fit([5.0], 0, 100);
        Assert.Equal((4.0, 6.0), (single.Min, single.Max));
        var empty = Axis.Fit([double.NaN], 0, 100);
        Assert.Equal((0.0, 1.0), (empty.Min, empty.Max));
    }

    [Fact]
    public void Invalid_ranges_name_the_values()
    {
        Assert.Contains("[2, 2]", Assert.Throws<ArgumentOutOfRangeException>(() => new Axis(2, 2, 0, 1)).Message);
        Assert.Contains("min must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => new Axis(0, 1, 0, 1, AxisScale.Log10)).Message);
    }

    [Theory]
    [InlineData(250000.0, "2.5e5")]
    [InlineData(-0.00002, "-2e-5")]
    [InlineData(0.0, "0")]
    public void Very_large_and_small_ticks_use_exponent_notation(double value, string expected) =>
        Assert.Equal(expected, new Axis(-1, 1, 0, 1).FormatTick(value, [0, 1]));
}
