// TheoryAnalysis.Run, the one call behind `mnemos theory`: its answer is the solver's, its residual
// and cycle factors match closed forms (tanh: λ = 2v/sinh 2v, c = v/tanh v), its checks are the
// library's RK4 flow and gradient descent with the differences taken the right way round, and bad
// queries are refused naming the values. TheoryCase.Check and CyclePrediction.Of are shared with the
// theory experiment.
using Mnemos.Experiments.Theory;

namespace Mnemos.Tests.Experiments.Theory;

public class TheoryAnalysisTests
{
    static readonly ScalarActivation Sigmoid = ScalarActivation.Parse("sigmoid");
    static readonly ScalarActivation Tanh = ScalarActivation.Parse("tanh");

    // Gradient descent at lr 1e-3 ends O(lr) from the flow's end point; the library's tests measure
    // about 1e-5 for these cases.
    const double DescentTolerance = 1e-4;

    [Fact]
    public void Without_a_check_the_answer_is_the_solver_end_point_and_its_interpolation_residual()
    {
        var answer = TheoryAnalysis.Run(new TheoryQuery(Sigmoid, 4, 0.1, 0.1));
        var expected = TheorySolver.Solve(Sigmoid, 4, 0.1, 0.1);
        Assert.Equal(expected, answer.Solution);
        double sigmoidV = 1 / (1 + Math.Exp(-expected.V));
        Assert.Equal(4 * expected.U * sigmoidV - 1, answer.InterpolationResidual, 1e-15);
        Assert.True(Math.Abs(answer.InterpolationResidual) < 1e-12, $"k·u·φ(v) − 1 = {answer.InterpolationResidual}");
        Assert.Null(answer.Cycle);
        Assert.Null(answer.Checked);
        Assert.Null(answer.CycleMeasured);
        Assert.Null(answer.CycleDifferences);
        Assert.True(double.IsNaN(answer.DescentDifference));
        Assert.NotNull(answer.Corollary);
        Assert.True(Math.Abs(answer.Corollary.Lambda) > 1, $"corollary λ₁ {answer.Corollary.Lambda}");
        Assert.True(answer.CorollaryMeasured!.FixedPointResidual < 1e-14, $"‖f(x) − x‖ = {answer.CorollaryMeasured.FixedPointResidual}");
    }

    [Fact]
    public void A_tanh_cycle_of_equal_steps_has_closed_form_factors()
    {
        var answer = TheoryAnalysis.Run(new TheoryQuery(Tanh, 2, 0.1, 0.1) { CycleLength = 3 });
        double v = answer.Solution.V, lambda = 2 * v / Math.Sinh(2 * v), c = v / Math.Tanh(v);
        var cycle = answer.Cycle!;
        Assert.Equal(3, cycle.Steps.Length);
        Assert.Equal(Math.Pow(lambda, 3), cycle.StepProduct, 1e-14);
        var formula = cycle.Formula!;
        Assert.Equal(cycle.StepProduct, formula.StepProduct);
        Assert.Equal(Math.Pow(c, 3), formula.OffCycleProduct, 1e-13);
        Assert.Equal(Math.Pow(c, 3), formula.SpectralRadius, 1e-13);
        Assert.False(formula.IsAttracting);
        Assert.Null(TheoryAnalysis.Run(new TheoryQuery(Tanh, 2, 0.1, 0.1)).Cycle);
    }

    [Fact]
    public void Without_phi_of_zero_zero_a_cycle_has_only_the_step_product()
    {
        var answer = TheoryAnalysis.Run(new TheoryQuery(ScalarActivation.Softplus, 4, 0.1, 0.1) { CycleLength = 3 });
        double lambda = answer.Solution.Lambda;
        Assert.Equal(lambda * lambda * lambda, answer.Cycle!.StepProduct, 1e-15);
        Assert.Null(answer.Cycle.Formula);
        Assert.Null(answer.CorollaryMeasured?.Certificate);
    }

    [Fact]
    public void Check_runs_the_flow_and_descent_from_the_query_and_reports_measured_minus_formula()
    {
        var query = new TheoryQuery(Sigmoid, 4, 0.1, 0.1) { Check = true, Dimension = 6, Seed = 3 };
        var answer = TheoryAnalysis.Run(query);
        var c = answer.Checked!;
        Assert.Equal(answer.Solution, c.Solution);
        Assert.Equal(GradientFlow.Integrate(Sigmoid, 4, 0.1, 0.1), c.Flow);
        Assert.Equal(6, c.Descent.Dimension);
        Assert.Equal(query.LearningRate, c.Descent.LearningRate);
        Assert.True(c.FlowGap < DescentTolerance, $"flow gap {c.FlowGap}");
        Assert.Equal(c.Descent.Lambda - answer.Solution.Lambda, answer.DescentDifference);
        Assert.True(Math.Abs(answer.DescentDifference) < DescentTolerance, $"descent − formula {answer.DescentDifference}");
        Assert.Null(answer.CycleMeasured);
    }

    [Fact]
    public void Check_of_a_tanh_cycle_trains_the_block_network_and_compares_it_with_the_formula()
    {
        var answer = TheoryAnalysis.Run(new TheoryQuery(Tanh, 2, 0.1, 0.1) { CycleLength = 2, Check = true, Dimension = 4, Seed = 1 });
        var m = answer.CycleMeasured!;
        var f = answer.Cycle!.Formula!;
        var (rho, step, off) = answer.CycleDifferences!.Value;
        Assert.Equal(m.SpectralRadius - f.SpectralRadius, rho);
        Assert.Equal(m.BasisDiagonal[0] - f.StepProduct, step);
        Assert.Equal(m.BasisDiagonal[1] - f.OffCycleProduct, off);
        foreach (double d in new[] { rho, step, off }) Assert.True(Math.Abs(d) < DescentTolerance, $"measured − formula {d}");
    }

    [Theory]
    [InlineData(0, false, 8, "cycle length 0: must be at least 1")]
    [InlineData(5, true, 4, "cycle length 5 needs dimension ≥ 5 (got 4): the examples are orthonormal")]
    public void Bad_queries_are_refused_naming_the_values(int cycleLength, bool check, int dimension, string message)
    {
        var query = new TheoryQuery(Tanh, 2, 0.1, 0.1) { CycleLength = cycleLength, Check = check, Dimension = dimension };
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => TheoryAnalysis.Run(query)).Message);
        Assert.Equal("width 0: must be at least 1", Assert.Throws<ArgumentException>(() => TheoryAnalysis.Run(new TheoryQuery(Tanh, 0, 0.1, 0.1))).Message);
    }

    [Fact]
    public void Shared_pieces_refuse_mismatched_or_empty_input()
    {
        var sigmoidSolution = TheorySolver.Solve(Sigmoid, 4, 0.1, 0.1);
        Assert.Equal("a solution for sigmoid checked with tanh",
            Assert.Throws<ArgumentException>(() => TheoryCase.Check(Tanh, sigmoidSolution, new EmpiricalOptions())).Message);
        Assert.Equal("a cycle needs at least one step", Assert.Throws<ArgumentException>(() => CyclePrediction.Of(Tanh, [])).Message);
        var prediction = CyclePrediction.Of(Sigmoid, [sigmoidSolution, sigmoidSolution]);
        Assert.Null(prediction.Formula);
        Assert.Equal(sigmoidSolution.Lambda * sigmoidSolution.Lambda, prediction.StepProduct);
    }
}
