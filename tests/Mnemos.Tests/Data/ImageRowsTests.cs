// ImageRows: each row is the image converted, resized and flattened exactly as Image would do it
// one image at a time (compared bit for bit), conversion before resizing, and channel checks.
using System.Runtime.InteropServices;
using Mnemos.Data;
using Mnemos.Imaging;
using Mnemos.Tensors;

namespace Mnemos.Tests.Data;

public class ImageRowsTests
{
    static Image Random(int width, int height, int channels, Rng rng)
    {
        var image = new Image(width, height, channels);
        for (int i = 0; i < image.Pixels.Length; i++) image.Pixels[i] = rng.NextFloat();
        return image;
    }

    internal static int[] Bits(ReadOnlySpan<float> values) => MemoryMarshal.Cast<float, int>(values).ToArray();

    [Theory]
    [InlineData(1, 1, 7)]   // gray stays gray, shrinks
    [InlineData(3, 1, 13)]  // RGB to luma, grows
    [InlineData(4, 1, 9)]   // RGBA to luma, same size
    [InlineData(1, 3, 5)]   // gray replicated into RGB
    [InlineData(4, 3, 4)]   // alpha dropped
    [InlineData(4, 4, 6)]   // RGBA passes through unconverted
    public void Each_row_is_the_converted_image_resized_then_written_as_a_vector(int channels, int targetChannels, int side)
    {
        var rng = new Rng(17);
        var images = Enumerable.Range(0, 5).Select(i => Random(9, 9, channels, rng)).ToArray();
        var rows = ImageRows.From(images, new ImageShape(side, side, targetChannels));

        Assert.Equal((5, side * side * targetChannels), (rows.Rows, rows.Cols));
        for (int i = 0; i < images.Length; i++)
        {
            var converted = targetChannels switch { 1 => images[i].ToGray(), 3 => images[i].ToRgb(), _ => images[i] };
            Assert.Equal(Bits(converted.Resize(side, side).ToVector()), Bits(rows.Row(i)));
        }
    }

    [Fact]
    public void Non_square_shapes_resize_each_axis_to_its_own_length()
    {
        var image = Random(12, 6, 1, new Rng(3));
        var rows = ImageRows.From([image], new ImageShape(4, 3, 1));
        Assert.Equal(Bits(image.Resize(4, 3).ToVector()), Bits(rows.Row(0)));
    }

    [Fact]
    public void Conversion_happens_before_resizing()
    {
        // Luma of an average is not the average of lumas bit for bit; pin which one rows hold.
        var rng = new Rng(5);
        var images = Enumerable.Range(0, 20).Select(i => Random(10, 10, 3, rng)).ToArray();
        var rows = ImageRows.From(images, new ImageShape(3, 3, 1));
        var resizedFirst = images.SelectMany(im => im.Resize(3, 3).ToGray().ToVector()).ToArray();
        var convertedFirst = images.SelectMany(im => im.ToGray().Resize(3, 3).ToVector()).ToArray();
        Assert.NotEqual(Bits(resizedFirst), Bits(convertedFirst)); // the test can tell them apart
        Assert.Equal(Bits(convertedFirst), Bits(rows.Span));
    }

    [Fact]
    public void No_images_give_no_rows_of_the_shape_size()
    {
        var rows = ImageRows.From([], new ImageShape(5, 4, 3));
        Assert.Equal((0, 60), (rows.Rows, rows.Cols));
    }

    [Fact]
    public void A_channel_count_that_cannot_be_converted_is_rejected_with_both_counts()
    {
        var e = Assert.Throws<ArgumentException>(() => ImageRows.From([new Image(2, 2, 4), new Image(2, 2, 3)], new ImageShape(2, 2, 4)));
        Assert.Contains("image 1 has 3 channels", e.Message);
        Assert.Contains("target shape has 4", e.Message);
    }
}
