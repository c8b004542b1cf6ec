// Shared plumbing of the optimizers: the step counter, named state buffers, argument checks and
// exact export/import of state. Subclasses only compute one update.
using System.Diagnostics.CodeAnalysis;

namespace Mnemos.Training.Optimizers;

internal abstract class BufferedOptimizer : IOptimizer
{
    readonly string[] bufferNames;
    readonly float[][] buffers;

    protected BufferedOptimizer(OptimizerSettings settings, int parameterCount, string[] bufferNames)
    {
        Settings = settings;
        ParameterCount = parameterCount;
        this.bufferNames = bufferNames;
        buffers = new float[bufferNames.Length][];
        for (int b = 0; b < buffers.Length; b++) buffers[b] = new float[parameterCount];
    }

    public OptimizerSettings Settings { get; }

    public int ParameterCount { get; }

    public long StepCount { get; private set; }

    protected float[] Buffer(int index) => buffers[index];

    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        if (parameters.Length != ParameterCount || gradients.Length != ParameterCount)
            ThrowLengthMismatch(parameters.Length, gradients.Length);
        StepCount++;
        Update(parameters, gradients, StepCount);
    }

    /// <summary>One update; <paramref name="step"/> is 1 on the first call, as torch's state["step"] after its increment.</summary>
    protected abstract void Update(Span<float> parameters, ReadOnlySpan<float> gradients, long step);

    public OptimizerState ExportState()
    {
        var copies = new Dictionary<string, float[]>(bufferNames.Length);
        for (int b = 0; b < buffers.Length; b++) copies[bufferNames[b]] = (float[])buffers[b].Clone();
        return new OptimizerState(OptimizerSettings.KindName(Settings.Kind), StepCount, copies);
    }

    public void ImportState(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        string kind = OptimizerSettings.KindName(Settings.Kind);
        string expected = bufferNames.Length == 0 ? "no buffers" : string.Join(", ", bufferNames);
        if (state.Kind != kind)
            throw new ArgumentException($"optimizer state is for '{state.Kind}' but this optimizer is '{kind}'", nameof(state));
        if (state.StepCount < 0)
            throw new ArgumentException($"optimizer state step count {state.StepCount}: must be at least 0", nameof(state));
        foreach (var (name, values) in state.Buffers)
        {
            if (Array.IndexOf(bufferNames, name) < 0)
                throw new ArgumentException(
                    $"optimizer state has buffer '{name}' that {Settings.Describe()} does not use; expected {expected}", nameof(state));
            if (values is null || values.Length != ParameterCount)
                throw new ArgumentException(
                    $"optimizer state buffer '{name}' has {values?.Length ?? 0} values, expected {ParameterCount} (one per parameter)", nameof(state));
        }
        foreach (string name in bufferNames)
            if (!state.Buffers.ContainsKey(name))
                throw new ArgumentException(
                    $"optimizer state lacks buffer '{name}' that {Settings.Describe()} needs; expected {expected}", nameof(state));
        for (int b = 0; b < buffers.Length; b++) state.Buffers[bufferNames[b]].CopyTo(buffers[b], 0);
        StepCount = state.StepCount;
    }

    [DoesNotReturn]
    void ThrowLengthMismatch(int parameterLength, int gradientLength) =>
        throw new ArgumentException(
            $"optimizer step got {parameterLength} parameters and {gradientLength} gradients; expected {ParameterCount} of each");
}
