// mnemos recall scores "recovered" only against the truth: --data stored (input i is example i)
// or --targets FILE. Memories with hand-known endings (Dynamics/KnownMemories) make the whole text
// output a snapshot: an input ending on another example is not recovered, a cycle counts at any
// phase, and without the truth no recovered total is printed. Every --targets error is one line.
using System.Text.Json;
using System.Text.RegularExpressions;
using Mnemos.Cli;
using Mnemos.Dynamics;
using Mnemos.Formats;
using Mnemos.Storage;
using Mnemos.Tensors;
using Mnemos.Tests.Dynamics;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Cli;

public sealed partial class RecallTruthTests : IDisposable
{
    readonly TempDirectory dir = new();
    readonly string diagonal, permutation, diagonalInputs, permutationInputs;

    public RecallTruthTests()
    {
        (diagonal, permutation) = (dir.File("diagonal.safetensors"), dir.File("permutation.safetensors"));
        MemoryFile.Save(diagonal, KnownMemories.Diagonal());
        MemoryFile.Save(permutation, KnownMemories.Permutation());
        (diagonalInputs, permutationInputs) = (dir.File("diagonal.npy"), dir.File("permutation.npy"));
        Npy.Write(diagonalInputs, KnownMemories.DiagonalInputs());
        Npy.Write(permutationInputs, KnownMemories.PermutationInputs());
    }

    public void Dispose() => dir.Dispose();

    string Targets(string text, string name = "targets.txt")
    {
        string path = dir.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    [GeneratedRegex(@"in \d+\.\ds\)")]
    private static partial Regex Elapsed();

    /// <summary>The output with the folder written as DIR and the time as T, so it can be compared whole.</summary>
    string Snapshot(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        return Elapsed().Replace(run.Out.Replace(dir.Path, "DIR"), "in T)").ReplaceLineEndings("\n");
    }

    [Fact]
    public void Without_the_truth_the_table_says_where_inputs_ended_and_no_recovered_total_is_printed()
    {
        string text = Snapshot(CliRunner.Run("recall", "--model", diagonal, "--data", diagonalInputs, "--max-steps", "50"));
        Assert.Equal("""
            recall of 5 inputs 'DIR/diagonal.npy' through 'DIR/diagonal.safetensors' (3 examples, d = 4); strict matching, tolerance 1e-8, ≤ 50 steps
             input  ended on               steps  final step  nearest    distance
                 0  example 0                  1           0        0           0
                 1  example 2                  1           0        2           0
                 2  spurious fixed point       1           0        0         0.5
                 3  diverged                  20         NaN        0      1.05e6
                 4  not converged             50           2        1           1
            ended on a stored example 2, spurious 1, diverged 1, not converged 1 (5 inputs in T)
            not scored: which stored example each input came from is unknown (give --targets FILE, or --data stored)

            """, text);
        Assert.DoesNotContain("recovered", text);
    }

    [Fact]
    public void With_targets_an_input_ending_on_another_example_is_not_recovered()
    {
        // Regression: recall counted every input ending on any stored example as recovered (input 1
        // here, which came from example 1 and ended on example 2, made it 2 of 5).
        string targets = Targets("0\n1\n0\n0\n1\n");
        string text = Snapshot(CliRunner.Run("recall", "--model", diagonal, "--data", diagonalInputs, "--max-steps", "50", "--targets", targets));
        Assert.Equal("""
            recall of 5 inputs 'DIR/diagonal.npy' through 'DIR/diagonal.safetensors' (3 examples, d = 4); strict matching, tolerance 1e-8, ≤ 50 steps
             input  ended on               steps  final step  nearest    distance  target  recovered
                 0  example 0                  1           0        0           0  0       yes
                 1  example 2                  1           0        2           0  1       no
                 2  spurious fixed point       1           0        0         0.5  0       no
                 3  diverged                  20         NaN        0      1.05e6  0       no
                 4  not converged             50           2        1           1  1       no
            ended on a stored example 2, spurious 1, diverged 1, not converged 1 (5 inputs in T)
            recovered 1 of 5 (20.0%): returned to their own example (targets 'DIR/targets.txt'); 1 ended on another stored example

            """, text);
    }

    [Fact]
    public void A_sequence_memory_counts_any_phase_of_the_own_cycle_and_never_another_cycle()
    {
        string targets = Targets("0\n0\n1\n2\n3\n");
        string text = Snapshot(CliRunner.Run("recall", "--model", permutation, "--data", permutationInputs, "--max-steps", "30", "--targets", targets));
        Assert.Equal("""
            recall of 5 inputs 'DIR/permutation.npy' through 'DIR/permutation.safetensors' (2 cycles of 5 points, d = 5); strict matching, tolerance 1e-8, ≤ 30 steps
             input  ended on                       steps  final step  nearest    distance  target                recovered
                 0  cycle 0, phase 0 (example 0)       3           0        0           0  0 (cycle 0, phase 0)  yes
                 1  cycle 0, phase 1 (example 1)       3           0        1           0  0 (cycle 0, phase 0)  yes
                 2  cycle 1, phase 0 (example 3)       2           0        3           0  1 (cycle 0, phase 1)  no
                 3  spurious cycle, period 3           3           0        0         0.5  2 (cycle 0, phase 2)  no
                 4  not converged                     30        1.41        0           1  3 (cycle 1, phase 0)  no
            ended on a stored cycle 3, spurious 1, diverged 0, not converged 1 (5 inputs in T)
            recovered 2 of 5 (40.0%): returned to their own cycle (any phase) (targets 'DIR/targets.txt'); 1 ended on another stored cycle

            """, text);
    }

    [Fact]
    public void Stored_inputs_are_their_own_truth()
    {
        var run = CliRunner.Run("recall", "--model", diagonal, "--data", "stored", "--rows", "0");
        Assert.Equal("recovered 3 of 3 (100.0%): returned to their own example ('--data stored': input i is example i); 0 ended on another stored example",
            Snapshot(run).Split('\n')[^2]);
    }

    static JsonElement[] Results(JsonDocument json) => json.RootElement.GetProperty("results").EnumerateArray().ToArray();

    static int? Int(JsonElement e, string key) => e.GetProperty(key).ValueKind == JsonValueKind.Null ? null : e.GetProperty(key).GetInt32();

    [Fact]
    public void Json_carries_the_end_example_and_with_targets_the_target_and_whether_it_was_correct()
    {
        string targets = Targets("0\n1\n0\n0\n1\n");
        using var json = JsonDocument.Parse(CliRunner.Run("recall", "--model", diagonal, "--data", diagonalInputs, "--max-steps", "50", "--targets", targets, "--json").Out);
        var root = json.RootElement;
        Assert.Equal($"targets:{targets}", root.GetProperty("truth").GetString());
        Assert.Equal((1, 1, 2), (root.GetProperty("recovered").GetInt32(), root.GetProperty("other_stored").GetInt32(), root.GetProperty("reached_stored").GetInt32()));
        var results = Results(json);
        Assert.Equal([0, 2, null, null, null], results.Select(r => Int(r, "end_example")));
        Assert.Equal([0, 1, 0, 0, 1], results.Select(r => r.GetProperty("target").GetInt32()));
        Assert.Equal([true, false, false, false, false], results.Select(r => r.GetProperty("correct").GetBoolean()));
        Assert.All(results, r => Assert.False(r.TryGetProperty("cycle", out _))); // an autoencoder has no cycles

        using var bare = JsonDocument.Parse(CliRunner.Run("recall", "--model", diagonal, "--data", diagonalInputs, "--max-steps", "50", "--json").Out);
        Assert.Equal(JsonValueKind.Null, bare.RootElement.GetProperty("truth").ValueKind);
        Assert.Equal(JsonValueKind.Null, bare.RootElement.GetProperty("recovered").ValueKind);
        Assert.Equal(2, bare.RootElement.GetProperty("reached_stored").GetInt32());
        Assert.All(Results(bare), r => Assert.False(r.TryGetProperty("target", out _) || r.TryGetProperty("correct", out _)));

        using var stored = JsonDocument.Parse(CliRunner.Run("recall", "--model", diagonal, "--data", "stored", "--json").Out);
        Assert.Equal("stored", stored.RootElement.GetProperty("truth").GetString());
        Assert.Equal([0, 1, 2], Results(stored).Select(r => r.GetProperty("target").GetInt32()));
    }

    [Fact]
    public void Json_of_a_sequence_memory_carries_cycle_and_phase_null_when_off_every_stored_cycle()
    {
        using var json = JsonDocument.Parse(CliRunner.Run("recall", "--model", permutation, "--data", permutationInputs, "--max-steps", "30", "--json").Out);
        var results = Results(json);
        Assert.Equal([0, 1, 3, null, null], results.Select(r => Int(r, "end_example")));
        Assert.Equal([0, 0, 1, null, null], results.Select(r => Int(r, "cycle")));
        Assert.Equal([0, 1, 0, null, null], results.Select(r => Int(r, "phase")));
    }

    public static TheoryData<string, string, string> TargetErrors => new()
    {
        { "t.txt", "0\n1\n7\n0\n1", "row 2 holds 7, but the memory stores 3 examples (0–2)" },
        { "t.txt", "-1\n1\n2\n0\n1", "row 0 holds -1, but the memory stores 3 examples (0–2)" },
        { "t.txt", "0\n1.5\n2\n0\n1", "row 1 holds '1.5': not an integer" },
        { "t.txt", "0\n1\n\n0\n1", "row 2 is an empty line: expected one integer per line" },
        { "t.txt", "0\n1\n2\n0", "4 targets for 5 inputs: expected one stored-example index per input row" },
    };

    [Theory]
    [MemberData(nameof(TargetErrors))]
    public void Bad_targets_give_one_line_naming_the_file_row_and_value(string name, string text, string message)
    {
        string path = Targets(text, name);
        var run = CliRunner.Run("recall", "--model", diagonal, "--data", diagonalInputs, "--targets", path);
        Assert.Equal(CliApp.RunError, run.ExitCode);
        Assert.Equal($"mnemos recall: --targets '{path}': {message}", Assert.Single(run.ErrorLines));
        Assert.Empty(run.Out);
    }

    [Fact]
    public void Bad_npy_targets_give_one_line_naming_the_file_row_and_value()
    {
        string path = dir.File("t.npy");
        Npy.Write(path, new Matrix(5, 1, [0, 1, 2.5f, 0, 1]));
        var run = CliRunner.Run("recall", "--model", diagonal, "--data", diagonalInputs, "--targets", path);
        Assert.Equal($"mnemos recall: --targets '{path}': row 2 holds 2.5: not an integer", Assert.Single(run.ErrorLines));

        Npy.Write(path, new Matrix(5, 2));
        run = CliRunner.Run("recall", "--model", diagonal, "--data", diagonalInputs, "--targets", path);
        Assert.Equal($"mnemos recall: --targets '{path}': shape (5, 2) is not a column: expected (n,) or (n, 1), one index per input row", Assert.Single(run.ErrorLines));

        File.WriteAllBytes(path, RecallTargetsTests.Int64Npy([0, 1, 2, 0, 1], "(5,)"));
        run = CliRunner.Run("recall", "--model", diagonal, "--data", diagonalInputs, "--targets", path, "--json", "--max-steps", "50");
        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(1, json.RootElement.GetProperty("recovered").GetInt32());
    }

    [Fact]
    public void A_missing_targets_file_and_targets_with_stored_inputs_are_refused()
    {
        string missing = dir.File("none.txt");
        var run = CliRunner.Run("recall", "--model", diagonal, "--data", diagonalInputs, "--targets", missing);
        Assert.Equal(CliApp.RunError, run.ExitCode);
        Assert.Equal($"mnemos recall: --targets '{missing}': file not found", Assert.Single(run.ErrorLines));

        string path = Targets("0\n1\n2\n");
        run = CliRunner.Run("recall", "--model", diagonal, "--data", "stored", "--targets", path);
        Assert.Equal(CliApp.UsageError, run.ExitCode);
        Assert.Equal($"mnemos recall: --targets '{path}' and --data stored: stored inputs are their own targets (input i is example i); give one",
            Assert.Single(run.ErrorLines));
    }
}
