// GridLabels: the grid is copied (as 8-bit values) at the band offsets, headers and row labels put ink in
// their bands (over each column, beside each row), ✓ is drawn green and ✗ red beside their rows, and
// caption counts that do not match the grid are refused with both numbers.
using Mnemos.Imaging;
using Mnemos.Reports;

namespace Mnemos.Tests.Reports;

public class GridLabelsTests
{
    const int Cell = 20, Gap = 2;

    // Two rows × three columns of mid-gray 10×10 images at scale 2.
    static Image Grid() => ImageGrid.Compose(
        Enumerable.Range(0, 2).Select(_ => (IReadOnlyList<Image>)Enumerable.Range(0, 3).Select(_ => new Image(10, 10, 1, Enumerable.Repeat(0.5f, 100).ToArray())).ToArray()).ToArray(),
        scale: 2, gap: Gap);

    static int Count(Image image, int x0, int y0, int x1, int y1, Func<float, float, float, bool> test)
    {
        int n = 0;
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
                if (test(image[x, y, 0], image[x, y, 1], image[x, y, 2])) n++;
        return n;
    }

    [Fact]
    public void The_grid_is_copied_unchanged_below_the_header_and_right_of_the_row_labels()
    {
        var grid = Grid();
        var labelled = GridLabels.Draw(grid, Cell, Cell, Gap, new GridCaptions(["a", "b", "c"], ["row one", "two"], [true, false]));
        Assert.Equal(3, labelled.Channels);
        Assert.Equal(GridLabels.HeaderHeight + grid.Height, labelled.Height);
        int left = labelled.Width - grid.Width - GridLabels.MarkWidth;
        Assert.True(GridLabels.Typeface is null ? left == 0 : left > 20, $"row-label band {left} px");
        for (int y = 0; y < grid.Height; y++)
            for (int x = 0; x < grid.Width; x++)
                for (int k = 0; k < 3; k++)
                    Assert.Equal(Image.ToByte(grid[x, y, 0]) / 255f, labelled[left + x, GridLabels.HeaderHeight + y, k]);
    }

    [Fact]
    public void Headers_sit_over_their_columns_labels_beside_their_rows_and_marks_are_green_and_red()
    {
        Assert.True(GridLabels.Typeface is not null, "no font found: labels would be missing from the demo's PNGs");
        var grid = Grid();
        var labelled = GridLabels.Draw(grid, Cell, Cell, Gap, new GridCaptions(["a", "", "c"], ["row one", ""], [true, false]));
        int left = labelled.Width - grid.Width - GridLabels.MarkWidth, top = GridLabels.HeaderHeight;
        bool Ink(float r, float g, float b) => r < 0.6f && g < 0.6f && b < 0.6f;
        int Column(int c) => left + Gap + c * (Cell + Gap);
        Assert.True(Count(labelled, Column(0), 0, Column(0) + Cell, top, Ink) > 5, "header a");
        Assert.Equal(0, Count(labelled, Column(1), 0, Column(1) + Cell, top, Ink)); // empty header: nothing drawn
        Assert.True(Count(labelled, Column(2), 0, Column(2) + Cell, top, Ink) > 5, "header c");
        int Row(int r) => top + Gap + r * (Cell + Gap);
        Assert.True(Count(labelled, 0, Row(0), left, Row(0) + Cell, Ink) > 20, "row label");
        Assert.Equal(0, Count(labelled, 0, Row(1), left, Row(1) + Cell, Ink));
        int markLeft = left + grid.Width;
        bool Green(float r, float g, float b) => g > r + 0.2f && g > b + 0.1f;
        bool Red(float r, float g, float b) => r > g + 0.3f && r > b + 0.3f;
        Assert.True(Count(labelled, markLeft, Row(0), labelled.Width, Row(0) + Cell, Green) > 5, "✓ on row 0");
        Assert.Equal(0, Count(labelled, markLeft, Row(0), labelled.Width, Row(0) + Cell, Red));
        Assert.True(Count(labelled, markLeft, Row(1), labelled.Width, Row(1) + Cell, Red) > 5, "✗ on row 1");
        Assert.Equal(0, Count(labelled, markLeft, Row(1), labelled.Width, Row(1) + Cell, Green));
        // Encoded as PNG and decoded, the picture is the same (8-bit samples).
        var decoded = Png.Decode(PngBytes(labelled));
        Assert.Equal(labelled.Pixels, decoded.Pixels);
    }

    [Fact]
    public void Without_captions_the_picture_is_the_grid_and_mismatched_counts_name_both_numbers()
    {
        var grid = Grid();
        var plain = GridLabels.Draw(grid, Cell, Cell, Gap, new GridCaptions([], [], []));
        Assert.Equal((grid.Width, grid.Height), (plain.Width, plain.Height));
        var e = Assert.Throws<ArgumentException>(() => GridLabels.Draw(grid, Cell, Cell, Gap, new GridCaptions(["a", "b"], [], [])));
        Assert.Contains("2 column headers for a grid of 3 columns", e.Message);
        e = Assert.Throws<ArgumentException>(() => GridLabels.Draw(grid, Cell, Cell, Gap, new GridCaptions([], [], [true])));
        Assert.Contains("1 marks for a grid of 2 rows", e.Message);
    }

    static byte[] PngBytes(Image image)
    {
        using var stream = new MemoryStream();
        Png.Encode(image, stream);
        return stream.ToArray();
    }
}
