// Backpropagation through time of TeacherForcing against central finite differences of the
// double reference loss, and its loss and accuracy against the reference forward.
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Nn.Reference;
using Mnemos.Recurrent;
using Mnemos.Tensors;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Recurrent;

public class TeacherForcingTests
{
    // Central differences in double (step 1e-5) are good to ~1e-9; the float BPTT gradient carries
    // float rounding through ~(T · layers) products, so 1e-4 relative is the bar.
    const double Step = 1e-5;

    internal static RecurrentNet Net(Activation activation, int vocabulary = 4, int state = 3, int depth = 2, int width = 5, ulong seed = 3, bool readoutReadsToken = false)
    {
        var net = new RecurrentNet(new RecurrentSpec(vocabulary, state, depth, width, activation, readoutReadsToken));
        TestNets.Random(net.Spec.Transition, seed).Parameters.CopyTo(net.Transition.Parameters, 0);
        TestNets.Random(net.Spec.Readout, seed + 1).Parameters.CopyTo(net.Readout.Parameters, 0);
        return net;
    }

    static readonly int[] Inputs = [RecurrentNet.NoToken, 0, 1, 2, 3, 1];
    static readonly int[] Targets = [0, 1, 2, 3, 1, 0];

    [Theory]
    [InlineData(Activation.Selu)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Cosid)]
    public void Gradient_matches_central_differences_of_the_reference_loss(Activation activation) => AssertGradient(Net(activation), activation.ToString());

    [Theory]
    [InlineData(Activation.Selu)]
    [InlineData(Activation.Tanh)]
    public void With_the_readout_on_token_and_state_the_gradient_matches_central_differences(Activation activation) =>
        AssertGradient(Net(activation, readoutReadsToken: true), $"{activation}, readout on [token ; state]");

    static void AssertGradient(RecurrentNet net, string label)
    {
        Backpropagate(net);
        double[] f = ReferenceMlp.Widen(net.Transition.Parameters), g = ReferenceMlp.Widen(net.Readout.Parameters);
        var rng = new Rng(17);
        for (int trial = 0; trial < 4; trial++)
        {
            double[] uf = f.Select(_ => rng.Gaussian()).ToArray(), ug = g.Select(_ => rng.Gaussian()).ToArray();
            double plus = ReferenceRnn.Loss(net, Move(f, uf, Step), Move(g, ug, Step), Inputs, Targets);
            double minus = ReferenceRnn.Loss(net, Move(f, uf, -Step), Move(g, ug, -Step), Inputs, Targets);
            double numeric = (plus - minus) / (2 * Step);
            double analytic = Dot(net.Transition.Gradients, uf) + Dot(net.Readout.Gradients, ug);
            Tolerance.Close(numeric, analytic, 1e-4, 1e-7, $"{label}: ⟨∇L, u⟩ trial {trial}");
        }
    }

    [Fact]
    public void Gradient_reaches_the_first_step_through_the_state()
    {
        // Only the first target depends on the first step alone; moving a weight of F changes the
        // loss of every later step, which only the carried state gradient accounts for.
        var net = Net(Activation.Selu, seed: 9);
        Backpropagate(net);
        double[] f = ReferenceMlp.Widen(net.Transition.Parameters), g = ReferenceMlp.Widen(net.Readout.Parameters);
        // The weight from the state's first value into the first hidden unit of F's first layer.
        int index = net.Spec.Vocabulary;
        var e = new double[f.Length];
        e[index] = 1;
        double numeric = (ReferenceRnn.Loss(net, Move(f, e, Step), g, Inputs, Targets) - ReferenceRnn.Loss(net, Move(f, e, -Step), g, Inputs, Targets)) / (2 * Step);
        Assert.True(Math.Abs(numeric) > 1e-6, $"the chosen weight should matter: {numeric}");
        Tolerance.Close(numeric, net.Transition.Gradients[index], 1e-4, 1e-7, "∂L/∂W_F[0, h₀]");
    }

    [Fact]
    public void Loss_and_accuracy_match_the_reference_forward()
    {
        var net = Net(Activation.Swish, seed: 21);
        var forcing = new TeacherForcing(net, Inputs, Targets);
        using var gemm = new ManagedGemm(1);
        var loss = forcing.Forward(gemm);
        double[] f = ReferenceMlp.Widen(net.Transition.Parameters), g = ReferenceMlp.Widen(net.Readout.Parameters);
        Tolerance.Close(ReferenceRnn.Loss(net, f, g, Inputs, Targets), loss.CrossEntropy, 1e-5, 1e-7, "cross-entropy");
        var states = ReferenceRnn.States(net, f, Inputs);
        int correct = states.Select((h, t) => ArgMax(ReferenceMlp.Forward(net.Readout, g, h)) == Targets[t] ? 1 : 0).Sum();
        Assert.Equal(correct, loss.Correct);
        Assert.Equal(Inputs.Length, loss.Steps);
    }

    [Fact]
    public void Mismatched_or_out_of_range_tokens_are_refused_with_their_values()
    {
        var net = Net(Activation.Selu);
        Assert.Contains("3 inputs and 2 targets", Assert.Throws<ArgumentException>(() => new TeacherForcing(net, [0, 1, 2], [1, 2])).Message);
        Assert.Contains("input token 4 at step 1", Assert.Throws<ArgumentException>(() => new TeacherForcing(net, [0, 4], [1, 2])).Message);
        Assert.Contains("target token -1 at step 0", Assert.Throws<ArgumentException>(() => new TeacherForcing(net, [0, 1], [-1, 2])).Message);
    }

    // Leaves ∂loss/∂parameters of the test sequence in both networks' gradient buffers.
    static void Backpropagate(RecurrentNet net)
    {
        var forcing = new TeacherForcing(net, Inputs, Targets);
        using var gemm = new ManagedGemm(1);
        forcing.Forward(gemm);
        net.ZeroGradients();
        forcing.Backward(gemm);
    }

    internal static int ArgMax(double[] z) => Array.IndexOf(z, z.Max());

    static double[] Move(double[] p, double[] u, double step) => p.Zip(u, (a, b) => a + step * b).ToArray();

    static double Dot(float[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}
