// Loss and gradient of a recurrent network on one token sequence by backpropagation through time.
// Step t reads token inputs[t] (teacher forcing: the true previous token, or none) and the state
// h_t (h_0 = 0), makes h_{t+1} = F([x_t ; h_t]) and logits G(h_{t+1}) (G([x_t ; h_{t+1}]) when the
// readout reads the token); the loss is the mean over
// steps of the cross-entropy against targets[t]. Shapes: T steps, V tokens, H state values.
using Mnemos.Kernels;
using Mnemos.Nn;

namespace Mnemos.Recurrent;

/// <summary>Loss of one forward pass: mean cross-entropy and how many steps the argmax got right.</summary>
internal readonly record struct SequenceLoss(double CrossEntropy, int Correct, int Steps);

/// <summary>Workspaces for one sequence; reuse one instance across epochs.</summary>
internal sealed class TeacherForcing
{
    readonly RecurrentNet net;
    readonly int[] inputs, targets;
    readonly MlpWorkspace[] transitions;
    readonly MlpWorkspace readout;
    readonly float[] stepInputs;    // [T × (V + H)]: [x_t ; h_t]
    readonly float[] states;        // [T × H]: h_1 … h_T
    readonly float[] logitGradient; // [T × V]
    readonly float[] stateGradient; // [T × H]: ∂loss/∂h_{t+1} through G
    readonly float[] inputGradient; // [V + H]
    readonly float[] carry;         // [H]: ∂loss/∂h_t through F of later steps
    readonly float[] zeroState;     // [H]: h_0
    readonly float[]? readoutInputs;   // [T × (V + H)]: [x_t ; h_{t+1}] when the readout reads the token
    readonly float[]? readoutGradient; // [T × (V + H)]: ∂loss/∂ of those inputs

    public TeacherForcing(RecurrentNet net, IReadOnlyList<int> inputs, IReadOnlyList<int> targets)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Count == 0 || inputs.Count != targets.Count)
            throw new ArgumentException($"{inputs.Count} inputs and {targets.Count} targets: need the same positive number");
        int v = net.Spec.Vocabulary, h = net.Spec.State, steps = inputs.Count;
        for (int t = 0; t < steps; t++)
        {
            if (inputs[t] < RecurrentNet.NoToken || inputs[t] >= v) throw new ArgumentException($"input token {inputs[t]} at step {t}: must be in [-1, {v})");
            if (targets[t] < 0 || targets[t] >= v) throw new ArgumentException($"target token {targets[t]} at step {t}: must be in [0, {v})");
        }
        this.net = net;
        this.inputs = [.. inputs];
        this.targets = [.. targets];
        transitions = new MlpWorkspace[steps];
        for (int t = 0; t < steps; t++) transitions[t] = new MlpWorkspace(net.Spec.Transition, 1);
        readout = new MlpWorkspace(net.Spec.Readout, steps);
        stepInputs = new float[steps * (v + h)];
        states = new float[steps * h];
        logitGradient = new float[steps * v];
        stateGradient = new float[steps * h];
        inputGradient = new float[v + h];
        carry = new float[h];
        zeroState = new float[h];
        if (net.Spec.ReadoutReadsToken)
        {
            readoutInputs = new float[steps * (v + h)];
            readoutGradient = new float[steps * (v + h)];
        }
    }

    public int Steps => inputs.Length;

    /// <summary>Runs the sequence forward; leaves every intermediate for <see cref="Backward"/>.</summary>
    public SequenceLoss Forward(IGemm gemm)
    {
        int v = net.Spec.Vocabulary, h = net.Spec.State, steps = Steps;
        for (int t = 0; t < steps; t++)
        {
            Span<float> input = stepInputs.AsSpan(t * (v + h), v + h);
            net.PackInput(inputs[t], t == 0 ? zeroState : states.AsSpan((t - 1) * h, h), input);
            net.Transition.Forward(gemm, input, transitions[t]).CopyTo(states.AsSpan(t * h, h));
        }
        if (readoutInputs is not null)
            for (int t = 0; t < steps; t++)
                net.PackInput(inputs[t], states.AsSpan(t * h, h), readoutInputs.AsSpan(t * (v + h), v + h));
        var logits = net.Readout.Forward(gemm, readoutInputs ?? states, readout);

        // Softmax cross-entropy per step, in double; the gradient (p − onehot)/T goes to logitGradient.
        double total = 0;
        int correct = 0;
        for (int t = 0; t < steps; t++)
        {
            var z = logits.Slice(t * v, v);
            int best = RecurrentNet.ArgMax(z);
            if (best == targets[t]) correct++;
            double max = z[best], sum = 0;
            for (int i = 0; i < v; i++) sum += Math.Exp(z[i] - max);
            double logSum = max + Math.Log(sum);
            total += logSum - z[targets[t]];
            for (int i = 0; i < v; i++)
                logitGradient[t * v + i] = (float)((Math.Exp(z[i] - logSum) - (i == targets[t] ? 1 : 0)) / steps);
        }
        return new SequenceLoss(total / steps, correct, steps);
    }

    /// <summary>
    /// Accumulates ∂loss/∂parameters of the last <see cref="Forward"/> into both networks'
    /// gradient buffers (the caller zeroes them).
    /// </summary>
    public void Backward(IGemm gemm)
    {
        int v = net.Spec.Vocabulary, h = net.Spec.State, steps = Steps;
        if (readoutInputs is not null)
        {
            // Only the state part of ∂loss/∂[x_t ; h_{t+1}] flows on; the token is data.
            net.Readout.Backward(gemm, readoutInputs, logitGradient, readout, readoutGradient);
            for (int t = 0; t < steps; t++) readoutGradient.AsSpan(t * (v + h) + v, h).CopyTo(stateGradient.AsSpan(t * h, h));
        }
        else net.Readout.Backward(gemm, states, logitGradient, readout, stateGradient);
        Array.Clear(carry);
        for (int t = steps - 1; t >= 0; t--)
        {
            // ∂loss/∂h_{t+1} = through G at step t + through F at step t + 1.
            Span<float> g = stateGradient.AsSpan(t * h, h);
            for (int i = 0; i < h; i++) g[i] += carry[i];
            net.Transition.Backward(gemm, stepInputs.AsSpan(t * (v + h), v + h), g, transitions[t], inputGradient);
            inputGradient.AsSpan(v, h).CopyTo(carry);
        }
    }
}
