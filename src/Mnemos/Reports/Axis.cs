// Maps data values to pixels along one axis (linear or log10) and chooses "nice" ticks:
// 1-2-5 steps for linear scales, decades (or 1-2-5 within a decade) for log scales.
// Drawing the axis is PlotFrame's job.
using System.Globalization;

namespace Mnemos.Reports;

internal enum AxisScale
{
    Linear,
    Log10,
}

/// <summary>
/// Data interval [Min, Max] mapped affinely (in value or in log10 value) onto the pixel interval
/// [PixelStart, PixelEnd]; PixelStart may exceed PixelEnd (a y axis grows upwards).
/// </summary>
internal sealed class Axis
{
    public Axis(double min, double max, double pixelStart, double pixelEnd, AxisScale scale = AxisScale.Linear)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(min < max))
            throw new ArgumentOutOfRangeException(nameof(min), $"axis range [{min}, {max}]: need finite min < max");
        if (scale == AxisScale.Log10 && !(min > 0))
            throw new ArgumentOutOfRangeException(nameof(min), $"log axis range [{min}, {max}]: min must be positive");
        if (!double.IsFinite(pixelStart) || !double.IsFinite(pixelEnd) || pixelStart == pixelEnd)
            throw new ArgumentOutOfRangeException(nameof(pixelStart), $"axis pixels [{pixelStart}, {pixelEnd}]: need two different finite ends");
        Min = min;
        Max = max;
        PixelStart = pixelStart;
        PixelEnd = pixelEnd;
        Scale = scale;
    }

    public double Min { get; }
    public double Max { get; }
    public double PixelStart { get; }
    public double PixelEnd { get; }
    public AxisScale Scale { get; }

    /// <summary>
    /// An axis covering the finite values of <paramref name="values"/> (positive ones for log),
    /// widened to tick boundaries: multiples of the 1-2-5 step (linear) or whole decades (log).
    /// No usable values give [0, 1] (linear) or [1, 10] (log); a single value v gives v ± 1-2-5 step
    /// of |v|/10 (or ±0.5 when v = 0), or the decade around v.
    /// </summary>
    public static Axis Fit(IEnumerable<double> values, double pixelStart, double pixelEnd, AxisScale scale = AxisScale.Linear, int targetTicks = 5)
    {
        ArgumentNullException.ThrowIfNull(values);
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (!double.IsFinite(v) || (scale == AxisScale.Log10 && !(v > 0))) continue;
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }
        if (scale == AxisScale.Log10)
        {
            if (lo > hi) (lo, hi) = (1, 10);
            double a = Math.Pow(10, Math.Floor(Math.Log10(lo))), b = Math.Pow(10, Math.Ceiling(Math.Log10(hi)));
            if (a == b) b = a * 10;
            return new Axis(a, b, pixelStart, pixelEnd, scale);
        }
        if (lo > hi) (lo, hi) = (0, 1);
        if (lo == hi)
        {
            double pad = lo == 0 ? 0.5 : NiceStep(Math.Abs(lo) / 5, 1);
            (lo, hi) = (lo - pad, hi + pad);
        }
        double step = NiceStep(hi - lo, targetTicks);
        return new Axis(Math.Floor(lo / step) * step, Math.Ceiling(hi / step) * step, pixelStart, pixelEnd, scale);
    }

    /// <summary>Pixel of a data value; values outside [Min, Max] extrapolate. Log axes give NaN for v ≤ 0.</summary>
    public double ToPixel(double value)
    {
        double t = Scale == AxisScale.Log10
            ? (value > 0 ? (Math.Log10(value) - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min)) : double.NaN)
            : (value - Min) / (Max - Min);
        return PixelStart + t * (PixelEnd - PixelStart);
    }

    /// <summary>Inverse of <see cref="ToPixel"/>.</summary>
    public double FromPixel(double pixel)
    {
        double t = (pixel - PixelStart) / (PixelEnd - PixelStart);
        return Scale == AxisScale.Log10
            ? Math.Pow(10, Math.Log10(Min) + t * (Math.Log10(Max) - Math.Log10(Min)))
            : Min + t * (Max - Min);
    }

    /// <summary>Ticks inside [Min, Max]: <see cref="LinearTicks"/> or <see cref="LogTicks"/>.</summary>
    public IReadOnlyList<double> Ticks(int targetTicks = 5) =>
        Scale == AxisScale.Log10 ? LogTicks(Min, Max, 2 * targetTicks + 1) : LinearTicks(Min, Max, targetTicks);

    /// <summary>Tick label: fixed decimals from the tick step (linear), "1e-9" style beyond 10^±4.</summary>
    public string FormatTick(double value, IReadOnlyList<double> ticks) => FormatTick(value, ticks, Scale);

    /// <summary>
    /// A 1-2-5 step m·10^e (m ∈ {1, 2, 5}) closest from above to span / target, so that about
    /// <paramref name="targetTicks"/> intervals cover <paramref name="span"/>.
    /// </summary>
    public static double NiceStep(double span, int targetTicks)
    {
        if (!(span > 0) || !double.IsFinite(span)) throw new ArgumentOutOfRangeException(nameof(span), $"tick span {span} must be positive and finite");
        if (targetTicks < 1) throw new ArgumentOutOfRangeException(nameof(targetTicks), $"targetTicks {targetTicks} must be at least 1");
        double raw = span / targetTicks;
        int e = (int)Math.Floor(Math.Log10(raw));
        double fraction = raw / Math.Pow(10, e);
        double m = fraction <= 1.0000001 ? 1 : fraction <= 2.0000001 ? 2 : fraction <= 5.0000001 ? 5 : 10;
        return Power(m, e);
    }

    /// <summary>
    /// Multiples k·step of the <see cref="NiceStep"/> inside [min, max] (with a 1e-9·step slack), each
    /// computed as k·m / 10^−e so that 0.2·3 prints as 0.6, not 0.6000000000000001.
    /// </summary>
    public static IReadOnlyList<double> LinearTicks(double min, double max, int targetTicks = 5)
    {
        double step = NiceStep(max - min, targetTicks);
        int e = (int)Math.Floor(Math.Log10(step) + 1e-9);
        double m = Math.Round(step / Math.Pow(10, e));
        long first = (long)Math.Ceiling(min / step - 1e-9), last = (long)Math.Floor(max / step + 1e-9);
        var ticks = new List<double>();
        for (long k = first; k <= last; k++) ticks.Add(Power(k * m, e) + 0.0);
        return ticks;
    }

    /// <summary>
    /// Log ticks in [min, max]: every decade, or every 2nd, 3rd, 5th… decade when more than
    /// <paramref name="maxTicks"/> would result. Fewer than three decade ticks inside the range adds
    /// 2·10^k and 5·10^k; still fewer than two ticks falls back to <see cref="LinearTicks"/>.
    /// </summary>
    public static IReadOnlyList<double> LogTicks(double min, double max, int maxTicks = 11)
    {
        if (!(min > 0) || !(max > min)) throw new ArgumentOutOfRangeException(nameof(min), $"log ticks for [{min}, {max}]: need 0 < min < max");
        int lo = (int)Math.Ceiling(Math.Log10(min) - 1e-9), hi = (int)Math.Floor(Math.Log10(max) + 1e-9);
        int decades = hi - lo + 1;
        var ticks = new List<double>();
        if (decades >= 3)
        {
            int stride = 1;
            foreach (int s in (int[])[1, 2, 3, 5, 10, 20, 50, 100])
            {
                stride = s;
                if ((decades - 1) / s + 1 <= Math.Max(2, maxTicks)) break;
            }
            for (int k = lo; k <= hi; k += stride) ticks.Add(Power(1, k));
            return ticks;
        }
        for (int k = lo - 1; k <= hi; k++)
            foreach (double m in (double[])[1, 2, 5])
            {
                double v = Power(m, k);
                if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) ticks.Add(v);
            }
        return ticks.Count >= 2 ? ticks : LinearTicks(min, max, 4);
    }

    internal static string FormatTick(double value, IReadOnlyList<double> ticks, AxisScale scale)
    {
        double magnitude = Math.Abs(value);
        if (value != 0 && (magnitude >= 1e5 || magnitude < 1e-4))
        {
            int e = (int)Math.Floor(Math.Log10(magnitude) + 1e-9);
            double m = Math.Round(value / Math.Pow(10, e), 3);
            if (Math.Abs(m) >= 10) (m, e) = (m / 10, e + 1);
            return string.Create(CultureInfo.InvariantCulture, $"{m:0.###}e{e}");
        }
        if (scale == AxisScale.Log10 || ticks.Count < 2) return value.ToString("0.####", CultureInfo.InvariantCulture);
        double step = Math.Abs(ticks[1] - ticks[0]);
        int decimals = Math.Clamp(-(int)Math.Floor(Math.Log10(step) + 1e-9), 0, 10);
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>m·10^e with a single rounding: division by an exact power of ten for e &lt; 0.</summary>
    static double Power(double m, int e) => e >= 0 ? m * Math.Pow(10, e) : m / Math.Pow(10, -e);
}
