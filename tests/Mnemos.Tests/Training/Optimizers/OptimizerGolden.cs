// Loads optimizers.golden.json (written by golden/make_golden.py from torch.optim 1.13) and replays
// its two problems through a Mnemos optimizer.
using System.Text.Json;
using Mnemos.Training.Optimizers;

namespace Mnemos.Tests.Training.Optimizers;

internal sealed class OptimizerGolden
{
    public static readonly OptimizerGolden Instance = Load();

    public required int Steps { get; init; }
    public required int[] Snapshots { get; init; }
    public required float[] FixedInitial { get; init; }
    public required float[][] FixedGradients { get; init; }
    public required int ModelRows { get; init; }
    public required int ModelCols { get; init; }
    public required float[] ModelA { get; init; }   // [rows, cols] row-major
    public required float[] ModelT { get; init; }   // [rows]
    public required float[] ModelInitial { get; init; }
    public required Dictionary<string, Config> Configs { get; init; }

    public sealed record Config(string Name, string Spec, Dictionary<int, float[]> FixedAfter,
        Dictionary<string, float[]> FixedState, long? FixedStateStep, Dictionary<int, float[]> ModelAfter);

    public static IEnumerable<object[]> ConfigNames() => Instance.Configs.Keys.Select(k => new object[] { k });

    /// <summary>Runs the stored gradient sequence; calls <paramref name="snapshot"/> after every step.</summary>
    public void RunFixed(IOptimizer optimizer, float[] parameters, int fromStep, int toStep, Action<int, float[]>? snapshot = null)
    {
        for (int step = fromStep; step <= toStep; step++)
        {
            optimizer.Step(parameters, FixedGradients[step - 1]);
            snapshot?.Invoke(step, parameters);
        }
    }

    /// <summary>Runs loss = mean((A p − t)²) with its gradient evaluated in double and rounded to float.</summary>
    public void RunModel(IOptimizer optimizer, float[] parameters, int steps, Action<int, float[]> snapshot)
    {
        var gradient = new float[ModelCols];
        var residual = new double[ModelRows];
        for (int step = 1; step <= steps; step++)
        {
            for (int i = 0; i < ModelRows; i++)
            {
                double sum = 0;
                for (int j = 0; j < ModelCols; j++) sum += (double)ModelA[i * ModelCols + j] * parameters[j];
                residual[i] = sum - ModelT[i];
            }
            for (int j = 0; j < ModelCols; j++)
            {
                double sum = 0;
                for (int i = 0; i < ModelRows; i++) sum += (double)ModelA[i * ModelCols + j] * residual[i];
                gradient[j] = (float)(2.0 / ModelRows * sum);
            }
            optimizer.Step(parameters, gradient);
            snapshot(step, parameters);
        }
    }

    static OptimizerGolden Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Training", "Optimizers", "golden", "optimizers.golden.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        var fixedProblem = root.GetProperty("fixed");
        var model = root.GetProperty("model");
        var configs = new Dictionary<string, Config>();
        foreach (var c in root.GetProperty("configs").EnumerateArray())
        {
            var f = c.GetProperty("fixed");
            var stateStep = f.GetProperty("state_step");
            configs[c.GetProperty("name").GetString()!] = new Config(
                c.GetProperty("name").GetString()!,
                c.GetProperty("spec").GetString()!,
                SnapshotMap(f.GetProperty("after")),
                f.GetProperty("state").EnumerateObject().ToDictionary(p => p.Name, p => Floats(p.Value)),
                stateStep.ValueKind == JsonValueKind.Null ? null : stateStep.GetInt64(),
                SnapshotMap(c.GetProperty("model").GetProperty("after")));
        }
        return new OptimizerGolden
        {
            Steps = root.GetProperty("steps").GetInt32(),
            Snapshots = root.GetProperty("snapshots").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            FixedInitial = Floats(fixedProblem.GetProperty("initial")),
            FixedGradients = fixedProblem.GetProperty("gradients").EnumerateArray().Select(Floats).ToArray(),
            ModelRows = model.GetProperty("rows").GetInt32(),
            ModelCols = model.GetProperty("cols").GetInt32(),
            ModelA = Floats(model.GetProperty("a")),
            ModelT = Floats(model.GetProperty("t")),
            ModelInitial = Floats(model.GetProperty("initial")),
            Configs = configs,
        };
    }

    static Dictionary<int, float[]> SnapshotMap(JsonElement after) =>
        after.EnumerateObject().ToDictionary(p => int.Parse(p.Name), p => Floats(p.Value));

    static float[] Floats(JsonElement array) => array.EnumerateArray().Select(e => e.GetSingle()).ToArray();
}
