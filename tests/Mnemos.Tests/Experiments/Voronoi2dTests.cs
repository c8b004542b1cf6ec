// Voronoi cells by half-plane clipping against brute-force nearest-point labels.
using Mnemos.Experiments;
using Mnemos.Tensors;

namespace Mnemos.Tests.Experiments;

public class Voronoi2dTests
{
    [Theory]
    [InlineData(1UL, 6)]
    [InlineData(2UL, 12)]
    [InlineData(3UL, 2)]
    public void Labels_from_clipped_cells_match_the_nearest_point_by_brute_force(ulong seed, int count)
    {
        var rng = new Rng(seed);
        var points = Enumerable.Range(0, count).Select(_ => new[] { rng.Uniform(-1, 1), rng.Uniform(-1, 1) }).ToArray();
        var grid = new PlaneGrid(-1.5, 1.5, -1.2, 1.3, 37, 29);
        var labels = Voronoi2d.Labels(points, grid);
        for (int r = 0; r < grid.Rows; r++)
            for (int c = 0; c < grid.Columns; c++)
            {
                var (x, y) = grid.Center(c, r);
                var distances = points.Select(p => Math.Sqrt((p[0] - x) * (p[0] - x) + (p[1] - y) * (p[1] - y))).ToArray();
                int label = labels[r * grid.Columns + c];
                Assert.InRange(label, 0, count - 1);
                // Equal to the nearest, up to ties within rounding.
                Assert.True(distances[label] <= distances.Min() + 1e-9, $"cell ({c}, {r}) labelled {label}, nearest is {Array.IndexOf(distances, distances.Min())}");
            }
    }

    [Fact]
    public void Two_points_are_split_by_their_perpendicular_bisector()
    {
        var grid = new PlaneGrid(-2, 2, -1, 1, 4, 2);
        var boundaries = Voronoi2d.Boundaries([[-1f, 0f], [1f, 0f]], grid);
        var (segment, left, right) = Assert.Single(boundaries);
        Assert.Equal((0, 1), (left, right));
        Assert.Equal(0, segment.X0, 12);
        Assert.Equal(0, segment.X1, 12);
        Assert.Equal(2, Math.Abs(segment.Y1 - segment.Y0), 12);
    }
}
