// ImageGrid: cell positions, upscaling, gray/RGB mixing, clamping and size checks.
using Mnemos.Imaging;
using Mnemos.Reports;

namespace Mnemos.Tests.Reports;

public class ImageGridTests
{
    static Image Gray(float value) => new(2, 3, 1, Enumerable.Repeat(value, 6).ToArray());

    [Fact]
    public void Cells_sit_at_gap_plus_index_times_cell_and_gap()
    {
        // 2×3 images, scale 2, gap 1: cells are 4×6; cell (r, c) starts at (1 + 5c, 1 + 7r).
        var a = new Image(2, 3, 1, [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f]);
        var grid = ImageGrid.Compose([[a, Gray(0.25f)], [Gray(0.75f)]], scale: 2, gap: 1, background: 1f);
        Assert.Equal((1 + 2 * 5, 1 + 2 * 7, 1), (grid.Width, grid.Height, grid.Channels));
        Assert.Equal(1f, grid[0, 0, 0]);
        Assert.Equal(0.1f, grid[1, 1, 0]);
        Assert.Equal(0.1f, grid[2, 2, 0]);
        Assert.Equal(0.2f, grid[3, 1, 0]);
        Assert.Equal(0.6f, grid[4, 6, 0]);
        Assert.Equal(1f, grid[5, 1, 0]);
        Assert.Equal(0.25f, grid[6, 1, 0]);
        Assert.Equal(0.75f, grid[1, 8, 0]);
        // The second row is shorter: its second cell stays background.
        Assert.Equal(1f, grid[6, 8, 0]);
    }

    [Fact]
    public void Values_outside_the_unit_interval_are_clipped_and_nan_is_black()
    {
        var image = new Image(3, 1, 1, [-0.5f, 2f, float.NaN]);
        var grid = ImageGrid.Compose([[image]], scale: 1, gap: 0, background: 0.5f);
        Assert.Equal([0f, 1f, 0f], grid.Pixels);
    }

    [Fact]
    public void Any_colour_image_makes_the_grid_rgb_with_gray_replicated()
    {
        var rgb = new Image(2, 3, 3);
        rgb[1, 2, 0] = 0.9f;
        var grid = ImageGrid.Compose([[Gray(0.4f), rgb]], scale: 1, gap: 2, background: 0f);
        Assert.Equal(3, grid.Channels);
        Assert.Equal([0.4f, 0.4f, 0.4f], new[] { grid[2, 2, 0], grid[2, 2, 1], grid[2, 2, 2] });
        Assert.Equal(0.9f, grid[2 + 4 + 1, 2 + 2, 0]);
    }

    [Fact]
    public void Images_of_different_sizes_are_rejected_naming_the_cell()
    {
        var e = Assert.Throws<ArgumentException>(() => ImageGrid.Compose([[Gray(0)], [Gray(0), new Image(3, 3, 1)]]));
        Assert.Contains("rows[1][1] is 3x3 but the first image is 2x3", e.Message);
        Assert.Contains("scale 0", Assert.Throws<ArgumentOutOfRangeException>(() => ImageGrid.Compose([[Gray(0)]], scale: 0)).Message);
        Assert.Throws<ArgumentException>(() => ImageGrid.Compose([[]]));
    }

    [Fact]
    public void Upscale_repeats_each_pixel_into_a_block()
    {
        var image = new Image(2, 1, 1, [0.25f, 0.5f]);
        Assert.Equal([0.25f, 0.25f, 0.25f, 0.5f, 0.5f, 0.5f, 0.25f, 0.25f, 0.25f, 0.5f, 0.5f, 0.5f], ImageGrid.Upscale(image, 3).Pixels[..12]);
        Assert.Equal((6, 3), (ImageGrid.Upscale(image, 3).Width, ImageGrid.Upscale(image, 3).Height));
    }

    [Fact]
    public void An_example_vector_becomes_an_image_in_storage_order()
    {
        var image = ImageGrid.FromExample([0f, 0.5f, 1.5f, -1f, 0.25f, 0.75f], 3, 2);
        Assert.Equal((3, 2, 1), (image.Width, image.Height, image.Channels));
        Assert.Equal(1f, image[2, 0, 0]);
        Assert.Equal(0f, image[0, 1, 0]);
        Assert.Equal(0.75f, image[2, 1, 0]);
    }
}
