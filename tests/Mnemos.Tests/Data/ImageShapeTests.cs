// Image shapes: the WxHxC text form, the default guessed from a vector length, and bad forms.
using Mnemos.Data;

namespace Mnemos.Tests.Data;

public class ImageShapeTests
{
    [Theory]
    [InlineData(784, "28x28x1")]
    [InlineData(1, "1x1x1")]
    [InlineData(35, "35x1x1")]
    [InlineData(3072, "3072x1x1")]
    public void Default_is_a_square_gray_image_or_a_one_row_strip(int dimension, string expected)
    {
        Assert.Equal(expected, ImageShape.Default(dimension).ToString());
        Assert.Equal(dimension, ImageShape.Default(dimension).Size);
    }

    [Theory]
    [InlineData("32x32x3", 32, 32, 3)]
    [InlineData("5X7", 5, 7, 1)]
    [InlineData(" 4×2×4 ", 4, 2, 4)]
    public void Parse_reads_width_height_and_channels(string text, int width, int height, int channels)
    {
        var shape = ImageShape.Parse(text);
        Assert.Equal((width, height, channels), (shape.Width, shape.Height, shape.Channels));
        Assert.Equal(shape, ImageShape.Parse(shape.ToString()));
    }

    [Theory]
    [InlineData("28x0x1")]
    [InlineData("28")]
    [InlineData("axbxc")]
    [InlineData("2x2x2x2")]
    [InlineData("-2x3")]
    public void Bad_shapes_name_the_text(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => ImageShape.Parse(text));
        Assert.Equal($"image shape '{text}': expected WxHxC or WxH with positive integers, e.g. 28x28x1", error.Message);
    }
}
