// SquareMatrices: the identity and the product against hand-computed values.
using Mnemos.Linalg;

namespace Mnemos.Tests.Linalg;

public class SquareMatricesTests
{
    [Fact]
    public void Product_matches_the_hand_computed_one_and_the_identity_leaves_a_matrix_alone()
    {
        double[] a = [1, 2, 0, 3], b = [4, -1, 5, 2];
        // [1 2; 0 3]·[4 −1; 5 2] = [14 3; 15 6]
        Assert.Equal([14.0, 3, 15, 6], SquareMatrices.Multiply(a, b, 2));
        Assert.Equal(b, SquareMatrices.Multiply(SquareMatrices.Identity(2), b, 2));
        Assert.Equal(a, SquareMatrices.Multiply(a, SquareMatrices.Identity(2), 2));
    }

    [Fact]
    public void Matrices_of_the_wrong_size_are_refused_with_their_lengths()
    {
        var e = Assert.Throws<ArgumentException>(() => SquareMatrices.Multiply(new double[4], new double[3], 2));
        Assert.Contains("4 and 3 values: expected 2×2 = 4", e.Message);
    }
}
