// Image helpers: BT.601 gray, channel conversion, crops, resampling (constant and linear-ramp
// closed forms), vector round trips and shape validation.
using Mnemos.Imaging;
using Mnemos.Tensors;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Imaging;

public class ImageTests
{
    // Float sums of a few products of values in [0, 1]: a handful of roundings of 6e-8 each.
    const double FloatAbsolute = 1e-6;

    static Image Coded(int width, int height, int channels)
    {
        // Sample (x, y, c) = (100 y + 10 x + c) / 10000, so every position is recognisable.
        var image = new Image(width, height, channels);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < channels; c++) image[x, y, c] = (100 * y + 10 * x + c) / 10000f;
        return image;
    }

    [Fact]
    public void Gray_conversion_uses_bt601_luma_weights_and_ignores_alpha()
    {
        var rgba = new Image(4, 1, 4, [1, 0, 0, 1, 0, 1, 0, 0.5f, 0, 0, 1, 0, 0.2f, 0.4f, 0.6f, 0]);
        var gray = rgba.ToGray();
        Assert.Equal(1, gray.Channels);
        Tolerance.AllClose([0.299, 0.587, 0.114, 0.299 * 0.2 + 0.587 * 0.4 + 0.114 * 0.6], gray.Pixels, 0, FloatAbsolute, "luma");
        Tolerance.AllClose([0.299, 0.587, 0.114, 0.363], rgba.ToRgb().ToGray().Pixels, 0, FloatAbsolute, "luma via RGB");
        var copy = gray.ToGray();
        Assert.Equal(gray.Pixels, copy.Pixels);
        Assert.NotSame(gray.Pixels, copy.Pixels);
    }

    [Fact]
    public void To_rgb_replicates_gray_and_drops_alpha()
    {
        var gray = new Image(2, 1, 1, [0.25f, 0.75f]);
        Assert.Equal([0.25f, 0.25f, 0.25f, 0.75f, 0.75f, 0.75f], gray.ToRgb().Pixels);
        var rgba = new Image(1, 1, 4, [0.1f, 0.2f, 0.3f, 0.4f]);
        Assert.Equal([0.1f, 0.2f, 0.3f], rgba.ToRgb().Pixels);
    }

    [Fact]
    public void Crop_copies_the_window_and_rejects_windows_outside_the_image()
    {
        var image = Coded(5, 4, 3);
        var crop = image.Crop(1, 2, 3, 2);
        Assert.Equal((3, 2, 3), (crop.Width, crop.Height, crop.Channels));
        for (int y = 0; y < 2; y++)
            for (int x = 0; x < 3; x++)
                for (int c = 0; c < 3; c++) Assert.Equal(image[x + 1, y + 2, c], crop[x, y, c]);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => image.Crop(3, 0, 3, 2));
        Assert.Contains("crop 3x2 at (3, 0) does not fit in a 5x4 image", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => image.Crop(-1, 0, 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => image.Crop(0, 0, 0, 2));
    }

    [Fact]
    public void Centre_crop_puts_the_odd_margin_on_the_right_and_bottom()
    {
        var image = Coded(6, 5, 1);
        var crop = image.CentreCrop(3, 2);
        // Margins 3 and 3: left 1, top 1.
        Assert.Equal(image[1, 1, 0], crop[0, 0, 0]);
        Assert.Equal(image[3, 2, 0], crop[2, 1, 0]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => image.CentreCrop(7, 2));
        Assert.Contains("crop size 7x2", e.Message);
    }

    [Fact]
    public void Random_crop_is_reproducible_for_a_seed_and_reaches_every_position()
    {
        var image = Coded(4, 3, 1);
        var seen = new HashSet<float>();
        var a = new Rng(5);
        var b = new Rng(5);
        for (int i = 0; i < 200; i++)
        {
            var ca = image.RandomCrop(2, 2, a);
            var cb = image.RandomCrop(2, 2, b);
            Assert.Equal(ca.Pixels, cb.Pixels);
            seen.Add(ca[0, 0, 0]); // encodes the top-left position
        }
        Assert.Equal(3 * 2, seen.Count);
    }

    [Theory]
    [InlineData(5, 4)]
    [InlineData(40, 23)]
    [InlineData(8, 20)]
    [InlineData(1, 1)]
    public void Resize_of_a_constant_image_stays_constant(int width, int height)
    {
        var image = new Image(17, 9, 3);
        for (int i = 0; i < image.Pixels.Length; i += 3)
        {
            image.Pixels[i] = 0.3f;
            image.Pixels[i + 1] = 0.6f;
            image.Pixels[i + 2] = 0.9f;
        }
        var resized = image.Resize(width, height);
        Assert.Equal((width, height, 3), (resized.Width, resized.Height, resized.Channels));
        var expected = Enumerable.Range(0, width * height).SelectMany(_ => new[] { 0.3, 0.6, 0.9 }).ToArray();
        Tolerance.AllClose(expected, resized.Pixels, 0, FloatAbsolute, "constant after resize");
    }

    [Theory]
    [InlineData(20, 12, 7, 5)]   // shrink both axes by non-integer factors
    [InlineData(20, 12, 5, 4)]   // shrink by integer factors: exact
    [InlineData(7, 5, 20, 13)]   // grow both axes
    [InlineData(20, 5, 6, 13)]   // shrink x, grow y
    public void Resize_of_a_linear_ramp_stays_linear(int inWidth, int inHeight, int outWidth, int outHeight)
    {
        // f(u, v) = 0.6 u + 0.4 v with u, v in (0, 1) at pixel centres: input pixel (x, y) holds
        // f((x + ½)/W, (y + ½)/H). Shrinking averages the piecewise-constant input over an interval of
        // s = in/out pixels: the mean of the linear function is exact at the interval centre, and
        // the two partial end pixels add at most slope/(4s) (∫ of the ½-amplitude sawtooth ≤ 1/8 each).
        // Growing interpolates linearly, so it is exact wherever the source coordinate is not clamped.
        var image = new Image(inWidth, inHeight, 1);
        for (int y = 0; y < inHeight; y++)
            for (int x = 0; x < inWidth; x++) image[x, y, 0] = 0.6f * (x + 0.5f) / inWidth + 0.4f * (y + 0.5f) / inHeight;
        var resized = image.Resize(outWidth, outHeight);

        double boundX = outWidth < inWidth ? 0.6 / inWidth / (4.0 * inWidth / outWidth) : 0;
        double boundY = outHeight < inHeight ? 0.4 / inHeight / (4.0 * inHeight / outHeight) : 0;
        if (inWidth % outWidth == 0) boundX = 0;
        if (inHeight % outHeight == 0) boundY = 0;
        for (int oy = 0; oy < outHeight; oy++)
        {
            for (int ox = 0; ox < outWidth; ox++)
            {
                double u = Axis(ox, inWidth, outWidth), v = Axis(oy, inHeight, outHeight);
                double expected = 0.6 * u + 0.4 * v;
                Tolerance.Close(expected, resized[ox, oy, 0], 0, boundX + boundY + FloatAbsolute, $"ramp at ({ox}, {oy})");
            }
        }
    }

    /// <summary>Normalised coordinate an output pixel centre maps to; growing clamps to the outer source centres.</summary>
    static double Axis(int o, int inLength, int outLength)
    {
        double u = (o + 0.5) / outLength;
        if (outLength > inLength) u = Math.Clamp(u, 0.5 / inLength, 1 - 0.5 / inLength);
        return u;
    }

    [Fact]
    public void Resize_to_the_same_size_is_a_copy()
    {
        var image = Coded(3, 2, 4);
        var same = image.Resize(3, 2);
        Assert.Equal(image.Pixels, same.Pixels);
        Assert.NotSame(image.Pixels, same.Pixels);
        Assert.Throws<ArgumentOutOfRangeException>(() => image.Resize(0, 2));
    }

    [Fact]
    public void Vector_round_trip_keeps_values_and_from_vector_clamps()
    {
        var image = Coded(3, 2, 3);
        float[] vector = image.ToVector();
        Assert.Equal(image.Pixels, vector);
        Assert.NotSame(image.Pixels, vector);
        Assert.Equal(image.Pixels, Image.FromVector(vector, 3, 2, 3).Pixels);

        var clamped = Image.FromVector([-1f, 0.5f, 2f, float.NaN], 2, 2, 1);
        Assert.Equal([0f, 0.5f, 1f, 0f], clamped.Pixels);
        var e = Assert.Throws<ArgumentException>(() => Image.FromVector(new float[5], 2, 2, 1));
        Assert.Contains("vector has 5 values but 2x2x1 needs 4", e.Message);
    }

    [Fact]
    public void Constructor_rejects_bad_shapes_naming_the_value()
    {
        Assert.Contains("channels 2", Assert.Throws<ArgumentOutOfRangeException>(() => new Image(2, 2, 2)).Message);
        Assert.Contains("width 0", Assert.Throws<ArgumentOutOfRangeException>(() => new Image(0, 2, 1)).Message);
        Assert.Contains("pixels has 3 values", Assert.Throws<ArgumentException>(() => new Image(2, 2, 1, new float[3])).Message);
    }
}
