// Brent's method on equations with known roots, a jump it can only bisect, and bad brackets.
using Mnemos.Experiments.Theory;

namespace Mnemos.Tests.Experiments.Theory;

public class RootFinderTests
{
    [Fact]
    public void Finds_the_fixed_point_of_cosine()
    {
        // The Dottie number, the real root of cos x = x.
        var root = RootFinder.Brent(x => Math.Cos(x) - x, 0, 1);
        Assert.Equal(0.73908513321516064, root.Value, 1e-15);
        Assert.True(root.Iterations < 15, $"{root.Iterations} iterations");
    }

    [Fact]
    public void Finds_the_cube_root_of_two_from_either_orientation()
    {
        Assert.Equal(Math.Cbrt(2), RootFinder.Brent(x => x * x * x - 2, 0, 2).Value, 1e-14);
        Assert.Equal(Math.Cbrt(2), RootFinder.Brent(x => 2 - x * x * x, 2, 0).Value, 1e-14);
    }

    [Fact]
    public void A_jump_is_located_to_the_tolerance()
    {
        var root = RootFinder.Brent(x => x < 0.3 ? -1 : 1, 0, 1, tolerance: 1e-12);
        Assert.Equal(0.3, root.Value, 1e-11);
    }

    [Fact]
    public void An_endpoint_root_is_returned_at_once()
    {
        var root = RootFinder.Brent(x => x - 1, 1, 5);
        Assert.Equal(1, root.Value);
        Assert.Equal(0, root.Iterations);
    }

    [Fact]
    public void A_bracket_without_sign_change_shows_both_values()
    {
        var e = Assert.Throws<ArgumentException>(() => RootFinder.Brent(x => x * x + 1, -1, 2));
        Assert.Contains("f(a) = 2", e.Message);
        Assert.Contains("f(b) = 5", e.Message);
    }
}
