// The six corruption kinds. Each states exactly which values it changes, in which order it draws
// from the Rng (so a seed reproduces it), and what its Level is.
using Mnemos.Tensors;

namespace Mnemos.Data;

public abstract partial record Corruption
{
    /// <summary>
    /// Additive noise: every value x += σ·N(0, 1), drawn in storage order; values are clamped to
    /// [low, high] only when <paramref name="Clip"/>. Level = σ ≥ 0.
    /// </summary>
    public sealed record Gaussian(double Sigma, bool Clip = false) : Corruption
    {
        public double Sigma { get; } = Sigma is >= 0 && double.IsFinite(Sigma)
            ? Sigma
            : throw new SpecException($"SIGMA {Format(Sigma)} must be a finite number at least 0", $"gaussian:{Format(Sigma)}");

        public override string Kind => "gaussian";
        public override string Name => $"gaussian:{Format(Sigma)}" + (Clip ? ":clip" : "");
        public override double Level => Sigma;
        public override Corruption WithLevel(double level) => new Gaussian(level, Clip);

        internal override void Corrupt(Span<float> x, ImageShape shape, double low, double high, Rng rng)
        {
            for (int i = 0; i < x.Length; i++)
            {
                float v = x[i] + (float)(Sigma * rng.Gaussian());
                x[i] = Clip ? (float)Math.Clamp(v, low, high) : v;
            }
        }
    }

    /// <summary>
    /// round(P·pixels) distinct pixels chosen first, then each channel of each chosen pixel (in
    /// choice order) replaced by U[low, high). Level = P.
    /// </summary>
    public sealed record Uniform(double Fraction) : Corruption
    {
        public double Fraction { get; } = CheckFraction(Fraction, "uniform");

        public override string Kind => "uniform";
        public override string Name => $"uniform:{Format(Fraction)}";
        public override double Level => Fraction;
        public override Corruption WithLevel(double level) => new Uniform(level);

        internal override void Corrupt(Span<float> x, ImageShape shape, double low, double high, Rng rng)
        {
            int c = shape.Channels;
            foreach (int p in ChoosePixels(shape.Pixels, PixelCount(Fraction, shape.Pixels), rng))
                for (int k = 0; k < c; k++) x[p * c + k] = rng.Uniform(low, high);
        }
    }

    /// <summary>
    /// round(P·pixels) distinct pixels chosen first, then each chosen pixel (all channels) set to
    /// low or high by one fair coin (rng.NextDouble() &lt; ½ gives low). Level = P.
    /// </summary>
    public sealed record SaltPepper(double Fraction) : Corruption
    {
        public double Fraction { get; } = CheckFraction(Fraction, "salt-pepper");

        public override string Kind => "salt-pepper";
        public override string Name => $"salt-pepper:{Format(Fraction)}";
        public override double Level => Fraction;
        public override Corruption WithLevel(double level) => new SaltPepper(level);

        internal override void Corrupt(Span<float> x, ImageShape shape, double low, double high, Rng rng)
        {
            int c = shape.Channels;
            foreach (int p in ChoosePixels(shape.Pixels, PixelCount(Fraction, shape.Pixels), rng))
                x.Slice(p * c, c).Fill((float)(rng.NextDouble() < 0.5 ? low : high));
        }
    }

    /// <summary>round(P·pixels) distinct pixels (all channels) set to low, the data's zero. Level = P.</summary>
    public sealed record Dropout(double Fraction) : Corruption
    {
        public double Fraction { get; } = CheckFraction(Fraction, "dropout");

        public override string Kind => "dropout";
        public override string Name => $"dropout:{Format(Fraction)}";
        public override double Level => Fraction;
        public override Corruption WithLevel(double level) => new Dropout(level);

        internal override void Corrupt(Span<float> x, ImageShape shape, double low, double high, Rng rng)
        {
            int c = shape.Channels;
            foreach (int p in ChoosePixels(shape.Pixels, PixelCount(Fraction, shape.Pixels), rng))
                x.Slice(p * c, c).Fill((float)low);
        }
    }

    /// <summary>
    /// <paramref name="Count"/> occluding Size×Size squares, drawn one after another (later ones
    /// cover earlier ones). Each takes its left column from rng.NextInt(W + S − 1) − (S − 1), then its
    /// top row likewise with H, so the square always meets the image and every pixel is equally
    /// likely to be covered; the part outside is clipped. Then one colour U[low, high) per channel.
    /// Level = K.
    /// </summary>
    public sealed record Squares(int Count, int Size) : Corruption
    {
        public int Count { get; } = Count >= 0 ? Count : throw new SpecException($"K {Count} must be at least 0", $"squares:{Count}:{Size}");
        public int Size { get; } = Size >= 1 ? Size : throw new SpecException($"S {Size} must be at least 1", $"squares:{Count}:{Size}");

        public override string Kind => "squares";
        public override string Name => $"squares:{Count}:{Size}";
        public override double Level => Count;

        public override Corruption WithLevel(double level) =>
            level >= 0 && level <= int.MaxValue && level == Math.Floor(level)
                ? new Squares((int)level, Size)
                : throw new SpecException($"K {Format(level)} must be a non-negative integer", $"squares:{Format(level)}:{Size}");

        internal override void Corrupt(Span<float> x, ImageShape shape, double low, double high, Rng rng)
        {
            int w = shape.Width, h = shape.Height, c = shape.Channels;
            int s = Size;
            Span<float> colour = c <= 64 ? stackalloc float[c] : new float[c];
            for (int q = 0; q < Count; q++)
            {
                // Size may exceed the image; long keeps W + S − 1 from overflowing.
                int left = (int)(rng.NextInt((int)Math.Min((long)w + s - 1, int.MaxValue)) - (long)(s - 1));
                int top = (int)(rng.NextInt((int)Math.Min((long)h + s - 1, int.MaxValue)) - (long)(s - 1));
                for (int k = 0; k < c; k++) colour[k] = rng.Uniform(low, high);
                int x0 = Math.Max(left, 0), x1 = (int)Math.Min((long)left + s, w);
                int y0 = Math.Max(top, 0), y1 = (int)Math.Min((long)top + s, h);
                for (int y = y0; y < y1; y++)
                    for (int px = x0; px < x1; px++)
                        colour.CopyTo(x.Slice((y * w + px) * c, c));
            }
        }
    }

    /// <summary>
    /// One half set to low. With an odd height (width) the middle row (column) belongs to both
    /// halves, so each half is ⌈H/2⌉ rows (⌈W/2⌉ columns): top is rows y &lt; ⌈H/2⌉, bottom rows
    /// y ≥ ⌊H/2⌋, left columns x &lt; ⌈W/2⌉, right columns x ≥ ⌊W/2⌋. No random draws.
    /// Level = 0.5, the only level.
    /// </summary>
    public sealed record Half(HalfSide Side) : Corruption
    {
        public HalfSide Side { get; } = Enum.IsDefined(Side) ? Side : throw new SpecException($"side {(int)Side} is not a HalfSide", "half");

        public override string Kind => "half";
        public override string Name => "half:" + Side.ToString().ToLowerInvariant();
        public override double Level => 0.5;

        public override Corruption WithLevel(double level) =>
            level == 0.5 ? this : throw new SpecException($"level {Format(level)}: half has the one level 0.5", Name);

        internal override void Corrupt(Span<float> x, ImageShape shape, double low, double high, Rng rng)
        {
            int w = shape.Width, h = shape.Height, c = shape.Channels;
            var (x0, x1, y0, y1) = Side switch
            {
                HalfSide.Top => (0, w, 0, (h + 1) / 2),
                HalfSide.Bottom => (0, w, h / 2, h),
                HalfSide.Left => (0, (w + 1) / 2, 0, h),
                _ => (w / 2, w, 0, h),
            };
            for (int y = y0; y < y1; y++)
                x.Slice((y * w + x0) * c, (x1 - x0) * c).Fill((float)low);
        }
    }
}
