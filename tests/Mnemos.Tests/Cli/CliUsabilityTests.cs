// How the command line answers mistakes: a mistyped command or option is named with the nearest
// known name, every parse error is shown (one line each, exit 2), the old input option names
// (recall --inputs, probe --source) still work and give the same result as --data without showing in
// help, notes and warnings stay off stdout, and no message carries .NET's "(Parameter '…')".
using System.Text.Json.Nodes;
using Mnemos.Cli;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Cli;

[Collection(StoredMemoriesCollection.Name)]
public class CliUsabilityTests(StoredMemories memories)
{
    static void AssertUsageError(CliRun run, params string[] lines)
    {
        Assert.True(run.ExitCode == CliApp.UsageError, run.ToString());
        Assert.Equal(lines, run.ErrorLines);
        Assert.Equal("", run.Out);
    }

    [Theory]
    [InlineData("stroe", "store")]
    [InlineData("recal", "recall")]
    [InlineData("certfy", "certify")]
    [InlineData("Probe", "probe")]
    [InlineData("exprimnet", "experiment")]
    public void A_mistyped_command_is_named_with_the_nearest_command(string typed, string meant)
    {
        // What follows the mistyped command was meant for it: no further lines about it.
        var run = CliRunner.Run(typed, "--model", "m.safetensors", "--data", "stored");
        AssertUsageError(run, $"mnemos: unknown command '{typed}'; did you mean '{meant}'?");
    }

    [Fact]
    public void A_command_far_from_every_command_is_named_without_a_guess()
    {
        AssertUsageError(CliRunner.Run("frobnicate"), "mnemos: unknown command 'frobnicate' (see 'mnemos --help')");
    }

    [Fact]
    public void No_command_lists_the_commands()
    {
        var run = CliRunner.Run();
        Assert.Equal(CliApp.UsageError, run.ExitCode);
        string line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("mnemos: name a command: demo, train, store, recall, certify", line);
        Assert.DoesNotContain("Required command", run.Error);
    }

    [Theory]
    [InlineData(new[] { "recall", "--modle", "m.safetensors", "--data", "stored" }, "mnemos recall: unknown option '--modle'; did you mean '--model'?")]
    [InlineData(new[] { "certify", "--model", "m.safetensors", "--margni", "0.01" }, "mnemos certify: unknown option '--margni'; did you mean '--margin'?")]
    [InlineData(new[] { "probe", "--model", "m.safetensors", "--data", "uniform", "--cuont=5" }, "mnemos probe: unknown option '--cuont'; did you mean '--count'?")]
    [InlineData(new[] { "train", "--data", "builtin:digits", "--out", "m.safetensors", "--max-epoch", "3" }, "mnemos train: unknown option '--max-epoch'; did you mean '--max-epochs'?")]
    [InlineData(new[] { "certify", "--model", "m.safetensors", "--verbos" }, "mnemos certify: unknown option '--verbos'; did you mean '--verbose'?")]
    [InlineData(new[] { "recall", "--model", "m.safetensors", "--input", "stored" }, "mnemos recall: unknown option '--input'; did you mean '--data'?")]
    public void A_mistyped_option_is_named_with_the_nearest_option_of_its_command(string[] args, string expected)
    {
        var run = CliRunner.Run(args);
        Assert.True(run.ExitCode == CliApp.UsageError, run.ToString());
        Assert.Equal(expected, run.ErrorLines[0]);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void An_option_far_from_every_option_is_named_without_a_guess()
    {
        var run = CliRunner.Run("certify", "--model", "m.safetensors", "--xyzzy");
        AssertUsageError(run, "mnemos certify: unknown option '--xyzzy' (see 'mnemos certify --help')");
    }

    [Fact]
    public void Every_parse_error_is_shown_one_per_line()
    {
        var run = CliRunner.Run("train", "--out", "m.safetensors", "--width", "0", "--lr", "-1", "--dta", "builtin:digits");
        Assert.True(run.ExitCode == CliApp.UsageError, run.ToString());
        var lines = run.ErrorLines;
        Assert.Equal(4, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("mnemos train: ", l));
        Assert.Contains("mnemos train: unknown option '--dta'; did you mean '--data'?", lines);
        Assert.Contains(lines, l => l.Contains("'--data'", StringComparison.Ordinal) && l.Contains("required", StringComparison.Ordinal));
        Assert.Contains("mnemos train: --width 0: must be at least 1", lines);
        Assert.Contains("mnemos train: --lr -1: must be greater than 0", lines);
        Assert.Equal("", run.Out);
    }

    static JsonNode WithoutTimes(string json)
    {
        var node = JsonNode.Parse(json)!;
        node.AsObject().Remove("seconds");
        return node;
    }

    [Theory]
    [InlineData("recall", "--inputs", "stored")]
    [InlineData("probe", "--source", "gaussian:4")]
    public void The_old_input_option_name_gives_the_same_result_as_data(string command, string oldName, string value)
    {
        string[] common = [command, "--model", memories.Autoencoder, "--threads", "1", "--json"];
        if (command == "probe") common = [.. common, "--count", "50"];
        var viaData = CliRunner.Run([.. common, "--data", value]);
        var viaOld = CliRunner.Run([.. common, oldName, value]);
        Assert.True(viaData.ExitCode == 0, viaData.ToString());
        Assert.True(viaOld.ExitCode == 0, viaOld.ToString());
        Assert.True(JsonNode.DeepEquals(WithoutTimes(viaData.Out), WithoutTimes(viaOld.Out)), $"{viaData}\n{viaOld}");
    }

    [Theory]
    [InlineData("recall", "--inputs")]
    [InlineData("probe", "--source")]
    public void Help_shows_data_aligned_and_not_the_old_name(string command, string oldName)
    {
        var run = CliRunner.Run(command, "--help");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain(oldName, run.Out);
        var lines = run.Out.Split('\n');
        string data = Assert.Single(lines, l => l.TrimStart().StartsWith("--data <data> (REQUIRED) ", StringComparison.Ordinal));
        string model = Assert.Single(lines, l => l.TrimStart().StartsWith("--model <model> (REQUIRED) ", StringComparison.Ordinal));
        static int DescriptionColumn(string line) => line.IndexOf(line.Substring(line.IndexOf(")  ", StringComparison.Ordinal) + 1).TrimStart(), StringComparison.Ordinal);
        Assert.Equal(DescriptionColumn(model), DescriptionColumn(data));
    }

    [Fact]
    public void Train_store_import_recall_and_probe_all_take_data()
    {
        foreach (string command in new[] { "train", "store", "import", "recall", "probe" })
        {
            var run = CliRunner.Run(command, "--help");
            Assert.Contains("--data <data> (REQUIRED)", run.Out);
        }
    }

    [Fact]
    public void Notes_and_shortfalls_go_to_stderr_and_stdout_holds_only_the_json()
    {
        using var dir = new TempDirectory();
        string data = dir.File("bytes.npy");
        File.WriteAllBytes(data, DataFilesCliTests.NpyU8(4, 6, Enumerable.Range(0, 24).Select(i => (byte)(i * 10)).ToArray()));
        var run = CliRunner.Run("store", "--data", data, "--out", dir.File("m.safetensors"), "--depth", "1", "--width", "8",
            "--threads", "1", "--max-epochs", "1", "--json");

        Assert.True(run.ExitCode == CliApp.StoppedShort, run.ToString());
        JsonNode.Parse(run.Out); // stdout is exactly one JSON document
        Assert.Contains(run.ErrorLines, l => l.Contains("uint8 values scaled to [0, 1] by k/255", StringComparison.Ordinal));
        Assert.Contains(run.ErrorLines, l => l.StartsWith("stopped at MSE ", StringComparison.Ordinal));
        Assert.DoesNotContain("note", run.Out, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("warning", run.Out, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("recall", "--corrupt", "blur:2")]
    [InlineData("recall", "--corrupt", "gaussian:x")]
    [InlineData("recall", "--corrupt", "half:middle")]
    [InlineData("recall", "--corrupt", "dropout:2")]
    [InlineData("recall", "--image-shape", "5x0")]
    [InlineData("recall", "--match", "medium")]
    [InlineData("probe", "--dedupe", "0")]
    [InlineData("store", "--activation", "foo")]
    [InlineData("store", "--init", "bad")]
    [InlineData("store", "--optimizer", "sgdx")]
    [InlineData("store", "--color", "purple")]
    [InlineData("store", "--image-size", "0x3")]
    [InlineData("store", "--cycles", "0,1;x")]
    [InlineData("store", "--time-budget", "5q")]
    public void Bad_values_give_lines_without_framework_text(string command, string option, string value)
    {
        string[] args = command switch
        {
            "recall" => [command, "--model", memories.Autoencoder, "--data", "stored", option, value],
            "probe" => [command, "--model", memories.Autoencoder, "--data", "uniform", option, value],
            _ => [command, "--data", "builtin:digits", "--out", memories.File($"bad-{value.GetHashCode()}.safetensors"), "--max-epochs", "0", option, value],
        };
        var run = CliRunner.Run(args);
        Assert.True(run.ExitCode == CliApp.UsageError, run.ToString());
        string line = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"mnemos {command}: ", line);
        Assert.DoesNotContain("(Parameter", line);
        Assert.Contains(value, line);
    }

    [Fact]
    public void The_parameter_suffix_of_argument_exceptions_is_removed()
    {
        var e = new ArgumentException("corruption 'blur:2': unknown kind 'blur'", "spec");
        Assert.Contains("(Parameter 'spec')", e.Message);
        Assert.Equal("corruption 'blur:2': unknown kind 'blur'", UsageErrors.MessageOf(e));
        Assert.Equal("--color: color 'x': expected gray", UsageErrors.Clean("--color: color 'x': expected gray (Parameter 'text')"));
    }

    [Theory]
    [InlineData("stroe", "store", 1)]
    [InlineData("store", "store", 0)]
    [InlineData("data", "dta", 1)]
    [InlineData("margin", "margni", 1)]
    [InlineData("", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    public void Edit_distance_counts_insertions_deletions_substitutions_and_swaps(string a, string b, int expected)
    {
        Assert.Equal(expected, UsageErrors.EditDistance(a, b));
        Assert.Equal(expected, UsageErrors.EditDistance(b, a));
    }
}
