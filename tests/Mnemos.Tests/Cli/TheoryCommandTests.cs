// mnemos theory end to end: the printed u, v, λ₁ are the solver's, --check reports the RK4 flow,
// gradient descent and certificate within the library's tested agreement, the cycle's two factors
// (a verdict only where φ(0) = 0) and the corollary are there, and bad input gives one line and a
// non-zero exit.
using System.Globalization;
using System.Text.Json;
using Mnemos.Cli;
using Mnemos.Experiments.Theory;

namespace Mnemos.Tests.Cli;

public class TheoryCommandTests
{
    static readonly ScalarActivation Sigmoid = ScalarActivation.Parse("sigmoid");

    static JsonElement Json(params string[] args)
    {
        var run = CliRunner.Run(["theory", .. args, "--json"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Out).RootElement;
    }

    [Fact]
    public void Json_reports_the_solver_answer_and_a_repelling_corollary()
    {
        var root = Json("--activation", "sigmoid", "--width", "4", "--u0", "0.1", "--v0", "0.1");
        var s = TheorySolver.Solve(Sigmoid, 4, 0.1, 0.1);
        Assert.Equal(s.U, root.GetProperty("u").GetDouble());
        Assert.Equal(s.V, root.GetProperty("v").GetDouble());
        Assert.Equal(s.Lambda, root.GetProperty("lambda").GetDouble());
        Assert.True(root.GetProperty("attractor").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("check").ValueKind);
        var corollary = root.GetProperty("corollary");
        Assert.True(Math.Abs(corollary.GetProperty("lambda").GetDouble()) > 1);
        Assert.True(corollary.GetProperty("measured").GetProperty("fixed_point_residual").GetDouble() < 1e-14);
        Assert.Equal("not_attractor", corollary.GetProperty("measured").GetProperty("certificate").GetProperty("verdict").GetString());
    }

    [Fact]
    public void Text_output_shows_u_v_and_lambda_as_the_solver_finds_them()
    {
        var run = CliRunner.Run("theory", "--activation", "tanh", "--width", "2", "--u0", "0.5", "--v0", "-0.3");
        Assert.True(run.ExitCode == 0, run.ToString());
        var s = TheorySolver.Solve(ScalarActivation.Parse("tanh"), 2, 0.5, -0.3);
        string G10(double x) => x.ToString("G10", CultureInfo.InvariantCulture);
        Assert.Contains($"u  = {G10(s.U)}", run.Out);
        Assert.Contains($"v  = {G10(s.V)}", run.Out);
        Assert.Contains($"λ₁ = φ′(v)·v/φ(v) = {G10(s.Lambda)}: attractor", run.Out);
        Assert.Contains("corollary: no interpolating weights of this form with |λ₁| > 1 for tanh", run.Out);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void Check_puts_flow_and_descent_within_their_tolerances_of_the_formula()
    {
        var root = Json("--activation", "sigmoid", "--check", "--dimension", "6", "--seed", "3");
        double lambda = root.GetProperty("lambda").GetDouble(), u = root.GetProperty("u").GetDouble();
        var check = root.GetProperty("check");
        Assert.True(Math.Abs(check.GetProperty("flow").GetProperty("u").GetDouble() - u) < 1e-4);
        Assert.True(Math.Abs(check.GetProperty("flow").GetProperty("lambda").GetDouble() - lambda) < 1e-4);
        var descent = check.GetProperty("descent");
        Assert.Equal(6, descent.GetProperty("dimension").GetInt32());
        Assert.True(Math.Abs(descent.GetProperty("lambda").GetDouble() - lambda) < 1e-4);
        var certificate = descent.GetProperty("certificate");
        Assert.Equal(Math.Abs(descent.GetProperty("lambda").GetDouble()), certificate.GetProperty("spectral_radius").GetDouble(), 1e-5);
        Assert.Equal("attractor", certificate.GetProperty("verdict").GetString());
    }

    [Fact]
    public void Cycle_length_without_phi_of_zero_zero_gives_the_step_product_and_no_verdict()
    {
        var root = Json("--activation", "softplus", "--cycle-length", "3");
        double lambda = root.GetProperty("lambda").GetDouble();
        var cycle = root.GetProperty("cycle");
        Assert.Equal(lambda * lambda * lambda, cycle.GetProperty("step_product").GetDouble(), 1e-15);
        Assert.Equal(JsonValueKind.Null, cycle.GetProperty("spectral_radius").ValueKind);
        Assert.Equal(JsonValueKind.Null, cycle.GetProperty("attracting").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("corollary").GetProperty("measured").GetProperty("certificate").ValueKind);
        Assert.Equal(JsonValueKind.Null, Json("--activation", "tanh").GetProperty("cycle").ValueKind);
    }

    [Fact]
    public void A_tanh_cycle_prints_both_factors_and_is_not_attracting()
    {
        var run = CliRunner.Run("theory", "--activation", "tanh", "--width", "2", "--cycle-length", "2");
        Assert.True(run.ExitCode == 0, run.ToString());
        var s = TheorySolver.Solve(ScalarActivation.Parse("tanh"), 2, 0.1, 0.1);
        double c = s.V / Math.Tanh(s.V);
        string G10(double x) => x.ToString("G10", CultureInfo.InvariantCulture);
        Assert.Contains($"Πλ₁ = λ₁^2 = {G10(s.Lambda * s.Lambda)} on x⁽⁰⁾, Π φ′(0)·v/φ(v) = {G10(c)}^2 = {G10(c * c)} on the other 1 examples", run.Out);
        Assert.Contains($"ρ = max(|Πλ₁|, |Π φ′(0)v/φ(v)|) = {G10(c * c)}: not attracting (ρ ≥ 1)", run.Out);
        Assert.DoesNotContain("attracting (ρ < 1)", run.Out);
    }

    [Fact]
    public void Check_trains_the_cycle_network_and_measures_the_formula_radius()
    {
        var root = Json("--activation", "tanh", "--width", "2", "--cycle-length", "3", "--check", "--dimension", "6", "--seed", "1");
        var cycle = root.GetProperty("cycle");
        Assert.False(cycle.GetProperty("attracting").GetBoolean());
        var measured = root.GetProperty("check").GetProperty("cycle");
        // lr 1e-3: gradient descent ends O(lr) from the flow; measured 1.2e-5 off.
        Assert.Equal(cycle.GetProperty("spectral_radius").GetDouble(), measured.GetProperty("spectral_radius").GetDouble(), 1e-4);
        Assert.Equal(cycle.GetProperty("step_product").GetDouble(), measured.GetProperty("basis_diagonal")[0].GetDouble(), 1e-4);
        Assert.True(measured.GetProperty("form_residual").GetDouble() < 1e-12);
    }

    [Theory]
    [InlineData(CliApp.RunError, "mnemos theory: φ/φ′ of relu blows up at z = 0 (φ′ = 0) on the gradient-flow path from v0 = 0.5", "--activation", "relu", "--u0", "-0.6", "--v0", "0.5")]
    [InlineData(CliApp.UsageError, "mnemos theory: --activation: unknown activation 'gelu': expected one of", "--activation", "gelu")]
    [InlineData(CliApp.UsageError, "mnemos theory: --width 0: must be at least 1", "--width", "0")]
    [InlineData(CliApp.UsageError, "mnemos theory: --cycle-length 9 with --check needs --dimension ≥ 9 (got 8)", "--cycle-length", "9", "--check")]
    [InlineData(CliApp.UsageError, "mnemos theory: --v0 Infinity: must be a finite number", "--v0", "Infinity")]
    [InlineData(CliApp.RunError, "mnemos theory: v0 50: must be a finite number with |v0| ≤ 40", "--v0", "50")]
    // Regression: a value that is not a number ('--u0 abc') used to crash the validator with an unhandled exception.
    [InlineData(CliApp.UsageError, "mnemos theory: Cannot parse argument 'abc' for option '--u0'", "--u0", "abc")]
    public void Bad_input_gives_one_line_and_a_non_zero_exit(int exitCode, string message, params string[] args)
    {
        var run = CliRunner.Run(["theory", .. args]);
        Assert.Equal(exitCode, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.StartsWith(message, run.ErrorLines[0]);
        Assert.Equal("", run.Out);
    }
}
