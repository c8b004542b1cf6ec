// The library's front door: store examples in an over-parameterized network, certify which became
// attractors, recall from corrupted inputs, save and load — Radhakrishnan, Belkin & Uhler, PNAS 2020
// (arXiv 1909.12362): autoencoding and sequence encoding. One call down to the pipeline
// `mnemos store`, `certify` and `recall` use (TrainingSetup/Trainer → MemoryBuilder → Recall,
// MemoryFile), with the managed GEMM; nothing here writes to the console.
using System.Globalization;
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Storage;
using Mnemos.Tensors;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos;

/// <summary>
/// An associative memory: a network f: ℝᵈ → ℝᵈ trained to map each stored example to itself (or to
/// the next example of its cycle), with the status of every stored example. Make one with
/// <see cref="Store(float[][], StoreOptions?, CancellationToken)"/> or <see cref="Load"/>.
/// </summary>
/// <example>
/// <code>
/// var memory = Memory.Store(examples);                 // train, locate and certify
/// Console.WriteLine(memory.Summary);                   // "10 of 10 examples stored: 3 attractors, …"
/// var answer = memory.Recall(noisyCopy);               // iterate x ← f(x) from the input
/// memory.Save("memory.safetensors");                   // readable by `mnemos certify/recall/probe`
/// </code>
/// </example>
public sealed class Memory
{
    Memory(AssociativeMemory memory, IReadOnlyList<ItemStatus>? statuses, TrainingOutcome? training, ModelMetadata metadata, int threads)
    {
        (state, this.statuses, Training, this.metadata, Threads) = (memory, statuses, training, metadata, threads);
    }

    AssociativeMemory state;
    IReadOnlyList<ItemStatus>? statuses;
    readonly ModelMetadata metadata;

    /// <summary>Stored examples (rows of the data given to <see cref="Store(float[][], StoreOptions?, CancellationToken)"/>).</summary>
    public int Count => state.Count;

    /// <summary>Values per example, d.</summary>
    public int Dimension => state.Dimension;

    /// <summary>Whether examples are stored as cycles (sequence encoding, <see cref="StoreOptions.CycleLength"/>).</summary>
    public bool IsSequence => state.IsSequence;

    /// <summary>Threads this memory certifies and recalls on.</summary>
    public int Threads { get; }

    /// <summary>How training went; for a loaded memory, what its file records (null when it records nothing).</summary>
    public TrainingOutcome? Training { get; }

    /// <summary>
    /// The status of every stored example (every cycle in a sequence memory), in order. A stored
    /// memory has them at once; a loaded one computes them on first use (<see cref="Certify"/>).
    /// </summary>
    public IReadOnlyList<ItemStatus> Statuses => statuses ??= Certify();

    /// <summary>Stored examples (or cycles) certified as attractors.</summary>
    public int Attractors => Statuses.Count(s => s.IsAttractor);

    /// <summary>One line: "10 of 10 examples stored: 3 attractors, 7 not an attractor, 0 undecided".</summary>
    public string Summary
    {
        get
        {
            int stored = Statuses.Count(s => s.Status != StorageStatus.NotStored);
            string unit = IsSequence ? "cycle" : "example";
            return string.Create(CultureInfo.InvariantCulture,
                $"{stored} of {Statuses.Count} {unit}{(Statuses.Count == 1 ? "" : "s")} stored: {Attractors} attractor{(Attractors == 1 ? "" : "s")}, " +
                $"{Statuses.Count(s => s.Status == StorageStatus.StoredNotAttractor)} not an attractor, {Statuses.Count(s => s.Status == StorageStatus.Undecided)} undecided");
        }
    }

    /// <summary>A copy of stored example <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="Count"/>.</exception>
    public float[] Example(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"example {index}: the memory stores {Count} (0 to {Count - 1})");
        return state.Examples.Row(index).ToArray();
    }

    /// <summary>
    /// Stores the rows of <paramref name="examples"/> (each of the same length d, finite values; the
    /// study's data lie in [0, 1]): trains the network to interpolate them, locates the fixed point
    /// next to each and certifies it by the spectrum of the Jacobian there.
    /// </summary>
    /// <remarks>
    /// Training may stop short of the target (<see cref="StoreOptions.MaxEpochs"/>,
    /// <see cref="StoreOptions.TimeBudget"/>): the memory is still built, <see cref="Training"/> says
    /// so, and fewer examples are usually stored.
    /// </remarks>
    /// <exception cref="ArgumentException">The data are empty, ragged or not finite, or an option is out of range; the message names it.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> was cancelled.</exception>
    public static Memory Store(float[][] examples, StoreOptions? options = null, CancellationToken cancellation = default) =>
        Store(ToMatrix(examples), options, cancellation);

    /// <inheritdoc cref="Store(float[][], StoreOptions?, CancellationToken)"/>
    /// <param name="examples">One example per row.</param>
    /// <param name="options">Network, training and certificate settings; null for the defaults.</param>
    /// <param name="cancellation">Stops training, locating or certifying.</param>
    internal static Memory Store(Matrix examples, StoreOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        options ??= new StoreOptions();
        options.Validate();
        CheckData(examples);
        var spec = new MlpSpec(examples.Cols, examples.Cols, options.Depth, options.Width, Activations.Parse(options.Activation));
        var setup = new TrainingSetup(spec, new InitScheme.PyTorch(), OptimizerSettings.Adam(options.LearningRate), options.Seed, options.CycleLength);
        setup.Validate();
        var task = setup.CreateTask(examples);
        var network = setup.CreateNetwork();

        using var gemm = GemmBackends.Create(GemmBackend.Managed, options.Threads);
        var trainer = new Trainer(network, setup.Optimizer.Create(network.Parameters.Length), task, gemm);
        if (options.Progress is { } progress) trainer.Progress += p => progress.Report((p.Epoch, p.Loss));
        double handOver = options.Guarantee ? Math.Max(HandOverMse, options.TargetMse) : options.TargetMse;
        var result = trainer.Run(new TrainerOptions { TargetMse = handOver, MaxEpochs = options.MaxEpochs, TimeBudget = options.TimeBudget }, cancellation);
        if (result.Reason == StopReason.Cancelled) throw new OperationCanceledException("storing was cancelled during training", cancellation);
        if (options.Guarantee && result.Converged && result.Epochs < options.MaxEpochs)
            result = Consolidate(network, task, gemm, setup, options, result, cancellation);
        else if (options.Guarantee && result.Converged)
            result = result with { Reason = StopReason.MaxEpochs }; // no epochs left to consolidate

        var stored = MemoryBuilder.Build(new AssociativeMemory(network, examples, task.Cycles), gemm, options.Threads,
            new CertifyOptions { Margin = options.Margin }, cancellation: cancellation);
        var training = new TrainingOutcome(result.Epochs, result.FinalLoss, result.Converged, StopReasonName(result.Reason), result.Elapsed);
        var trainingMetadata = new Dictionary<string, string>(setup.ToMetadata(), StringComparer.Ordinal)
        {
            ["epochs"] = result.Epochs.ToString(CultureInfo.InvariantCulture),
            ["final_mse"] = result.FinalLoss.ToString("R", CultureInfo.InvariantCulture),
            ["stop_reason"] = training.StopReason,
            ["data_source"] = "library",
            ["threads"] = options.Threads.ToString(CultureInfo.InvariantCulture),
            ["gemm"] = gemm.Name,
        };
        var metadata = new ModelMetadata { Training = trainingMetadata, Data = DataFingerprint.Of(examples), LossHistory = result.LossHistory };
        return new Memory(stored.Memory, stored.Units.Select(ItemStatus.From).ToArray(), training, metadata, options.Threads);
    }

    /// <summary>The MSE at which <see cref="StoreOptions.Guarantee"/> hands plain training over to consolidation.</summary>
    const double HandOverMse = 1e-4;

    static TrainingResult Consolidate(Mlp network, TrainingTask task, IGemm gemm, TrainingSetup setup, StoreOptions options,
        TrainingResult plain, CancellationToken cancellation)
    {
        var consolidation = Consolidation.Run(network, task, gemm, setup.Optimizer, new ConsolidationOptions
        {
            MaxEpochs = options.MaxEpochs - plain.Epochs,
            TimeBudget = options.TimeBudget is { } budget ? (budget > plain.Elapsed ? budget - plain.Elapsed : TimeSpan.FromMilliseconds(1)) : null,
            Seed = options.Seed,
        }, options.TargetMse, plain.Epochs, options.Threads,
            progress: options.Progress is { } progress ? p => progress.Report((p.Epoch, p.Loss)) : null, cancellation: cancellation);
        if (consolidation.Reason == StopReason.Cancelled) throw new OperationCanceledException("storing was cancelled during consolidation", cancellation);
        return consolidation.After(plain);
    }

    /// <summary>
    /// Loads a memory file written by <see cref="Save"/> or by <c>mnemos store</c>. Statuses are
    /// recomputed on first use of <see cref="Statuses"/>.
    /// </summary>
    /// <param name="path">The memory file (safetensors).</param>
    /// <param name="threads">Threads to certify and recall on; null for every processor.</param>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a memory (a plain model, a damaged file); the message says which.</exception>
    public static Memory Load(string path, int? threads = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        int workers = threads ?? Environment.ProcessorCount;
        if (workers < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, $"threads {threads}: must be at least 1");
        var (memory, metadata) = MemoryFile.Load(path);
        return new Memory(memory, null, TrainingFrom(metadata), metadata, workers);
    }

    /// <summary>
    /// Saves the network, the stored examples, their fixed points and which are stored, atomically (a
    /// failed save leaves any earlier file whole). The file is what <c>mnemos store</c> writes.
    /// </summary>
    /// <param name="path">The file to write; its folder must exist.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        MemoryFile.Save(path, state, metadata);
    }

    /// <summary>
    /// Certifies every stored example again at its saved fixed point x̂: ρ(J_f(x̂)) with an error
    /// bound, and the status that follows (the study's Propositions 1 and 2). Updates <see cref="Statuses"/>, and
    /// which examples recall matches, and returns them.
    /// </summary>
    /// <param name="margin">An attractor needs ρ plus its error below 1 − margin; in [0, 1).</param>
    public IReadOnlyList<ItemStatus> Certify(double margin = 1e-3)
    {
        if (!(margin >= 0) || margin >= 1) throw new ArgumentOutOfRangeException(nameof(margin), margin, $"margin {margin}: must be in [0, 1)");
        using var gemm = GemmBackends.Create(GemmBackend.Managed, 1);
        var stored = MemoryBuilder.Assess(state, gemm, Threads, new CertifyOptions { Margin = margin });
        state = stored.Memory;
        statuses = stored.Units.Select(ItemStatus.From).ToArray();
        return statuses;
    }

    /// <summary>
    /// Iterates x ← f(x) from <paramref name="input"/> until it settles (or for at most
    /// <paramref name="maxSteps"/> steps) and says where it ended: on a stored example (the
    /// study's strict criterion, ‖x − x̂ᵢ‖ below 1e-7 plus float rounding), elsewhere, or nowhere.
    /// </summary>
    /// <param name="input">d values, finite.</param>
    /// <param name="maxSteps">Most applications of f, at least 1.</param>
    public Recollection Recall(float[] input, int maxSteps = 10_000)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Recall([input], maxSteps)[0];
    }

    /// <summary>Recalls from every input at once (batched on <see cref="Threads"/> threads); one answer per input, in order.</summary>
    /// <param name="inputs">Inputs of d finite values each.</param>
    /// <param name="maxSteps">Most applications of f per input, at least 1.</param>
    /// <param name="cancellation">Stops the iteration.</param>
    /// <exception cref="ArgumentException">An input is null, of the wrong length or not finite; the message names it.</exception>
    public Recollection[] Recall(float[][] inputs, int maxSteps = 10_000, CancellationToken cancellation = default)
    {
        if (maxSteps < 1) throw new ArgumentOutOfRangeException(nameof(maxSteps), maxSteps, $"maxSteps {maxSteps}: must be at least 1");
        var matrix = ToMatrix(inputs, nameof(inputs));
        if (matrix.Cols != Dimension)
            throw new ArgumentException($"inputs have {matrix.Cols} values each but the memory stores vectors of {Dimension}", nameof(inputs));
        // Recall matches stored examples only: a loaded memory knows which from its file, no certifying needed.
        var defaults = new RecallOptions();
        var options = defaults with { MaxSteps = maxSteps, StallWindow = Math.Min(defaults.StallWindow, maxSteps) };
        using var gemm = GemmBackends.Create(GemmBackend.Managed, Threads);
        return Dynamics.Recall.Run(state, gemm, matrix, options, cancellation: cancellation).Select(Recollection.From).ToArray();
    }

    static Matrix ToMatrix(float[][] rows, string name = "examples")
    {
        ArgumentNullException.ThrowIfNull(rows, name);
        if (rows.Length == 0) throw new ArgumentException($"{name}: no rows", name);
        if (rows[0] is null) throw new ArgumentException($"{name}[0] is null", name);
        int d = rows[0].Length;
        if (d == 0) throw new ArgumentException($"{name}[0] has no values", name);
        var matrix = new Matrix(rows.Length, d);
        for (int r = 0; r < rows.Length; r++)
        {
            if (rows[r] is not { } row) throw new ArgumentException($"{name}[{r}] is null", name);
            if (row.Length != d) throw new ArgumentException($"{name}[{r}] has {row.Length} values but {name}[0] has {d}", name);
            row.CopyTo(matrix.Row(r));
        }
        CheckData(matrix, name);
        return matrix;
    }

    static void CheckData(Matrix data, string name = "examples")
    {
        if (data.Rows == 0 || data.Cols == 0) throw new ArgumentException($"{name}: empty ({data.Rows}×{data.Cols})", name);
        var values = data.Span;
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name}[{i / data.Cols}][{i % data.Cols}] is {values[i]}: values must be finite"), name);
    }

    static string StopReasonName(StopReason reason) => reason switch
    {
        StopReason.Converged => "converged",
        StopReason.MaxEpochs => "max_epochs",
        StopReason.TimeBudget => "time_budget",
        StopReason.Diverged => "diverged",
        _ => "cancelled",
    };

    // What a memory file says of its training (written by Store or `mnemos store`); null when it says nothing.
    static TrainingOutcome? TrainingFrom(ModelMetadata metadata)
    {
        var t = metadata.Training;
        if (!t.TryGetValue("epochs", out var epochs) || !t.TryGetValue("final_mse", out var mse) || !t.TryGetValue("stop_reason", out var reason)) return null;
        if (!long.TryParse(epochs, NumberStyles.None, CultureInfo.InvariantCulture, out long e)
            || !double.TryParse(mse, NumberStyles.Float, CultureInfo.InvariantCulture, out double m)) return null;
        return new TrainingOutcome(e, m, reason == "converged", reason, TimeSpan.Zero);
    }
}
