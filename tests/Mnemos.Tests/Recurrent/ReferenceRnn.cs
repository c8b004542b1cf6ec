// The teacher-forced loss of a RecurrentNet in double, step by step through ReferenceMlp, with the
// parameters of F and G given as separate double buffers so finite differences can move them.
using Mnemos.Nn.Reference;
using Mnemos.Recurrent;

namespace Mnemos.Tests.Recurrent;

static class ReferenceRnn
{
    /// <summary>h_{t+1} = F([x_t ; h_t]) from h_0 = 0; returns h_1 … h_T.</summary>
    public static double[][] States(RecurrentNet net, double[] f, IReadOnlyList<int> inputs, double[]? start = null)
    {
        int v = net.Spec.Vocabulary, h = net.Spec.State;
        var state = start ?? new double[h];
        var states = new double[inputs.Count][];
        for (int t = 0; t < inputs.Count; t++)
        {
            var x = new double[v + h];
            if (inputs[t] >= 0) x[inputs[t]] = 1;
            state.CopyTo(x, v);
            state = ReferenceMlp.Forward(net.Transition, f, x);
            states[t] = state;
        }
        return states;
    }

    /// <summary>Mean over steps of −log softmax(G(h_{t+1}))[target_t] (G([x_t ; h_{t+1}]) when the readout reads the token).</summary>
    public static double Loss(RecurrentNet net, double[] f, double[] g, IReadOnlyList<int> inputs, IReadOnlyList<int> targets)
    {
        var states = States(net, f, inputs);
        double total = 0;
        for (int t = 0; t < states.Length; t++)
        {
            double[] read = states[t];
            if (net.Spec.ReadoutReadsToken)
            {
                read = new double[net.Spec.Vocabulary + states[t].Length];
                if (inputs[t] >= 0) read[inputs[t]] = 1;
                states[t].CopyTo(read, net.Spec.Vocabulary);
            }
            double[] z = ReferenceMlp.Forward(net.Readout, g, read);
            double max = z.Max();
            double logSum = max + Math.Log(z.Sum(v => Math.Exp(v - max)));
            total += logSum - z[targets[t]];
        }
        return total / states.Length;
    }
}
