// Every --json output and results file against its JSON Schema in docs/json (draft 2020-12): each
// command run on tiny inputs through the CLI entry point, its output validated; and documents
// breaking the convention (camelCase, a number as a string, a misspelt enum) refused.
using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Cli;

/// <summary>The schemas of docs/json, copied beside the tests, and validation with every error named.</summary>
internal static class JsonSchemas
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "json-schemas");

    static readonly ConcurrentDictionary<string, JsonSchema> Loaded = new();

    static JsonSchema Load(string name) => Loaded.GetOrAdd(name, n =>
    {
        string path = Path.Combine(Folder, n + ".schema.json");
        return JsonSchema.FromText(File.ReadAllText(path), new BuildOptions(), new Uri(path));
    });

    /// <summary>"" when <paramref name="json"/> satisfies schema <paramref name="name"/>, else one line per error with its location.</summary>
    public static string Errors(string name, string json)
    {
        using var document = JsonDocument.Parse(json);
        var results = Load(name).Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return "";
        var lines = (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"));
        return string.Join("\n", lines.DefaultIfEmpty("invalid"));
    }

    /// <summary>Fails naming every error unless <paramref name="json"/> satisfies schema <paramref name="name"/>.</summary>
    public static void AssertValid(string name, string json)
    {
        string errors = Errors(name, json);
        Assert.True(errors.Length == 0, $"{name}.schema.json:\n{errors}\n{json[..Math.Min(json.Length, 2000)]}");
    }
}

[Collection(StoredMemoriesCollection.Name)]
public class JsonSchemaTests(StoredMemories memories)
{
    static readonly string[] Tested =
        ["certify", "demo-results", "experiment-attractor-table-result", "experiment-basins-2d-result", "experiment-capacity-sweep-result",
            "experiment-cells", "experiment-list", "experiment-recovery-result", "experiment-run", "experiment-sequences-result",
            "experiment-spectra-result", "experiment-text-rnn-result", "experiment-theory-result", "experiment-unet-result",
            "explore-corrupt", "explore-error", "explore-item", "explore-memory", "explore-recall", "import", "probe", "recall", "store", "theory", "train"];

    static string Golden(string name) => Support.Golden.File("Storage", name);

    static string Json(params string[] args)
    {
        var run = CliRunner.Run(args);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Out;
    }

    [Fact]
    public void Every_schema_in_docs_is_tested_and_declares_draft_2020_12()
    {
        var names = Directory.GetFiles(JsonSchemas.Folder, "*.schema.json").Select(p => Path.GetFileName(p)[..^".schema.json".Length]).Order();
        Assert.Equal(Tested, names);
        foreach (string name in Tested)
        {
            using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(JsonSchemas.Folder, name + ".schema.json")));
            Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
        }
    }

    [Fact]
    public void Train_json_matches_its_schema_with_the_setup_as_numbers()
    {
        using var dir = new TempDirectory();
        string json = Json("train", "--data", "builtin:random16", "--out", dir.File("m.safetensors"), "--depth", "2", "--width", "48",
            "--activation", "cosid", "--optimizer", "adam", "--lr", "0.001", "--threads", "1", "--seed", "3", "--json");
        JsonSchemas.AssertValid("train", json);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(3, document.RootElement.GetProperty("setup").GetProperty("seed").GetInt32()); // a number, not "3"
    }

    [Fact]
    public void Store_json_matches_its_schema()
    {
        string json = Json(["store", "--data", "builtin:digits", "--out", memories.File("schema-store.safetensors"), .. StoredMemories.SmallNet, "--json"]);
        JsonSchemas.AssertValid("store", json);
    }

    [Fact]
    public void Certify_json_matches_its_schema_with_and_without_basin_radii()
    {
        JsonSchemas.AssertValid("certify", Json("certify", "--model", memories.Autoencoder, "--threads", "1", "--json"));
        JsonSchemas.AssertValid("certify", Json("certify", "--model", memories.Sequence, "--threads", "1", "--json"));
        JsonSchemas.AssertValid("certify", Json("certify", "--model", memories.Autoencoder, "--threads", "1", "--radius", "--empirical", "2", "--json"));
    }

    [Fact]
    public void Recall_json_matches_its_schema_for_examples_and_cycles()
    {
        JsonSchemas.AssertValid("recall", Json("recall", "--model", memories.Autoencoder, "--inputs", "stored", "--corrupt", "gaussian:0.3", "--threads", "1", "--json"));
        JsonSchemas.AssertValid("recall", Json("recall", "--model", memories.Sequence, "--inputs", "stored", "--threads", "1", "--json"));
    }

    [Fact]
    public async Task Explore_api_answers_match_their_schemas_for_examples_and_cycles()
    {
        foreach (string memory in new[] { memories.Autoencoder, memories.Sequence })
        {
            await using var explorer = await RunningExplorer.StartAsync(memory, "--port", "0", "--image-shape", "5x7");
            JsonSchemas.AssertValid("explore-memory", await explorer.Http.GetStringAsync("api/memory"));
            string item = await explorer.Http.GetStringAsync("api/item/4");
            JsonSchemas.AssertValid("explore-item", item);
            string values = JsonDocument.Parse(item).RootElement.GetProperty("values").GetRawText();
            JsonSchemas.AssertValid("explore-corrupt", await Post(explorer, "api/corrupt", $$"""{"values":{{values}},"corruption":"squares:2:2","seed":1}"""));
            JsonSchemas.AssertValid("explore-recall", await Post(explorer, "api/recall", $$"""{"values":{{values}},"target":4}"""));
            JsonSchemas.AssertValid("explore-recall", await Post(explorer, "api/recall", $$"""{"values":{{values}},"max_steps":3}"""));
            JsonSchemas.AssertValid("explore-error", await Post(explorer, "api/recall", """{"values":[1]}"""));
        }

        static async Task<string> Post(RunningExplorer explorer, string path, string body)
        {
            using var response = await explorer.Http.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            return await response.Content.ReadAsStringAsync();
        }
    }

    [Fact]
    public void Probe_json_matches_its_schema()
    {
        JsonSchemas.AssertValid("probe", Json("probe", "--model", memories.Autoencoder, "--source", "gaussian:2", "--count", "20", "--threads", "1", "--json"));
    }

    [Fact]
    public void Import_json_matches_its_schema()
    {
        using var dir = new TempDirectory();
        JsonSchemas.AssertValid("import", Json("import", "--model", Golden("torch_selu_trained.safetensors"), "--data", Golden("torch_selu_examples.npy"),
            "--out", dir.File("m.safetensors"), "--activation", "selu", "--threads", "1", "--json"));
    }

    [Fact]
    public void Theory_json_matches_its_schema()
    {
        JsonSchemas.AssertValid("theory", Json("theory", "--activation", "sigmoid", "--width", "4", "--u0", "0.1", "--v0", "0.1", "--json"));
        JsonSchemas.AssertValid("theory", Json("theory", "--activation", "tanh", "--width", "2", "--cycle-length", "2", "--json"));
    }

    [Fact]
    public void Experiment_list_json_is_json_matching_its_schema_with_every_experiment()
    {
        string json = Json("experiment", "--list", "--json");
        JsonSchemas.AssertValid("experiment-list", json);
        using var document = JsonDocument.Parse(json);
        var names = document.RootElement.GetProperty("experiments").EnumerateArray().Select(e => e.GetProperty("name").GetString());
        Assert.Equal(Mnemos.Experiments.ExperimentRegistry.Names, names);
    }

    [Fact]
    public void Experiment_json_cells_json_cell_json_and_run_json_match_their_schemas()
    {
        using var dir = new TempDirectory();
        string folder = dir.File("run");
        JsonSchemas.AssertValid("experiment-cells", Json("experiment", "theory", "--out", folder, "--cells", "--json"));
        JsonSchemas.AssertValid("experiment-run", Json("experiment", "theory", "--out", folder, "--cell", "0", "--threads", "1", "--json"));
        JsonSchemas.AssertValid("experiment-run", Json("experiment", "theory", "--out", folder, "--threads", "1", "--json"));
        JsonSchemas.AssertValid("experiment-run", File.ReadAllText(Path.Combine(folder, Mnemos.Experiments.ExperimentRunner.RunFile)));
    }

    [Theory]
    [InlineData("""{"stopReason": "converged"}""", "required")]
    [InlineData("""{"stop_reason": "converged", "converged": true, "epochs": "12"}""", "/epochs")]
    [InlineData("""{"stop_reason": "MaxEpochs"}""", "/stop_reason")]
    [InlineData("""{"final_mse": "NaN"}""", "/final_mse")]
    public void Documents_breaking_the_convention_are_refused(string json, string named)
    {
        string errors = JsonSchemas.Errors("train", json);
        Assert.Contains(named, errors);
    }
}
