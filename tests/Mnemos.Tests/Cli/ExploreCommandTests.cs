// mnemos explore without a browser: the server started as a user starts it, its JSON API checked
// against `mnemos certify --json` and against the library's corruption and recall computed here,
// bad requests answered 400 (or 404) with one line naming the value, other hosts refused, bad
// options one line, and Ctrl+C (the host token) stopping it with exit 0. ExplorerPageTests drives the page.
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Mnemos.Cli.Explorer;
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Tensors;

namespace Mnemos.Tests.Cli;

[Collection(StoredMemoriesCollection.Name)]
public class ExploreCommandTests(StoredMemories memories)
{
    static readonly IGemm Gemm = GemmBackends.Create(GemmBackend.Managed, 1);

    internal static async Task<JsonElement> GetJson(RunningExplorer explorer, string path)
    {
        using var response = await explorer.Http.GetAsync(path);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    internal static async Task<(HttpStatusCode Status, JsonElement Body)> Post(RunningExplorer explorer, string path, string json)
    {
        using var response = await explorer.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    static string Body(object request) => JsonSerializer.Serialize(request, Mnemos.Formats.JsonConvention.Compact);

    static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => v.GetSingle()).ToArray();

    [Fact]
    public async Task The_memory_lists_every_item_with_the_status_and_rho_certify_reports_and_ctrl_c_exits_0()
    {
        var certify = CliRunner.Run("certify", "--model", memories.Autoencoder, "--json");
        Assert.True(certify.ExitCode == 0, certify.ToString());
        using var certified = JsonDocument.Parse(certify.Out);
        var units = certified.RootElement.GetProperty("units").EnumerateArray().ToArray();

        await using var explorer = await RunningExplorer.StartAsync(memories.Autoencoder, "--port", "0");
        var memory = await GetJson(explorer, "api/memory");
        Assert.Equal(10, memory.GetProperty("count").GetInt32());
        Assert.Equal(35, memory.GetProperty("dimension").GetInt32());
        Assert.Equal("35x1x1", memory.GetProperty("image_shape").GetString()); // 35 is no square: a strip, plotted
        Assert.False(memory.GetProperty("is_image").GetBoolean());
        Assert.True(memory.GetProperty("certified_at_startup").GetBoolean());
        var items = memory.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(units.Length, items.Length);
        for (int i = 0; i < items.Length; i++)
        {
            Assert.Equal(i, items[i].GetProperty("index").GetInt32());
            Assert.Equal(units[i].GetProperty("status").GetString(), items[i].GetProperty("status").GetString());
            Assert.Equal(units[i].GetProperty("verdict").GetString(), items[i].GetProperty("verdict").GetString());
            Assert.Equal(units[i].GetProperty("spectral_radius").GetDouble(), items[i].GetProperty("spectral_radius").GetDouble());
        }
        // The fixture mixes attractors and repellers (StoredMemories), so equal statuses are not all one word.
        Assert.True(items.Select(i => i.GetProperty("status").GetString()).Distinct().Count() > 1);

        var run = await explorer.StopAsync();
        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"explore: serving {memories.Autoencoder} at {explorer.Url} — Ctrl+C to stop\nexplore: stopped\n", run.Out.ReplaceLineEndings("\n"));
        Assert.Contains("explore: certified 10 examples at startup in", run.Error);
    }

    [Fact]
    public async Task A_sequence_memory_gives_each_item_its_cycle_phase_and_the_cycle_status()
    {
        var certify = CliRunner.Run("certify", "--model", memories.Sequence, "--json");
        Assert.True(certify.ExitCode == 0, certify.ToString());
        using var certified = JsonDocument.Parse(certify.Out);
        var units = certified.RootElement.GetProperty("units").EnumerateArray().ToArray();
        var memory = memories.Load(memories.Sequence);

        await using var explorer = await RunningExplorer.StartAsync(memories.Sequence, "--port", "0");
        var api = await GetJson(explorer, "api/memory");
        Assert.Equal("sequence", api.GetProperty("kind").GetString());
        foreach (var item in api.GetProperty("items").EnumerateArray())
        {
            int row = item.GetProperty("index").GetInt32();
            int cycle = memory.Cycles.Select((c, k) => (c, k)).Single(p => p.c.Contains(row)).k;
            Assert.Equal(cycle, item.GetProperty("cycle").GetInt32());
            Assert.Equal(Array.IndexOf(memory.Cycles[cycle], row), item.GetProperty("phase").GetInt32());
            Assert.Equal(units[cycle].GetProperty("status").GetString(), item.GetProperty("status").GetString());
            Assert.Equal(units[cycle].GetProperty("spectral_radius").GetDouble(), item.GetProperty("spectral_radius").GetDouble());
        }

        var inputs = new Matrix(1, memory.Dimension);
        memory.Examples.Row(4).CopyTo(inputs.Row(0));
        var expected = Recall.Run(memory, Gemm, inputs)[0];
        var (status, recall) = await Post(explorer, "api/recall", Body(new { values = memory.Examples.Row(4).ToArray(), target = 4 }));
        Assert.True(status == HttpStatusCode.OK, recall.ToString());
        Assert.Equal(Keys.Of(expected.Outcome), recall.GetProperty("outcome").GetString());
        Assert.Equal(expected.Period, recall.GetProperty("period").GetInt32());
        Assert.Equal(RecallScore.IsRecovered(memory, expected, 4), recall.GetProperty("recovered").GetBoolean());
        if (expected.Outcome == RecallOutcome.StoredCycle) Assert.Equal(expected.Cycle, recall.GetProperty("cycle").GetInt32());
    }

    [Fact]
    public async Task Items_corruptions_and_recalls_are_what_the_library_computes_for_the_same_input()
    {
        var memory = memories.Load(memories.Autoencoder);
        var shape = new ImageShape(5, 7, 1);
        await using var explorer = await RunningExplorer.StartAsync("--model", memories.Autoencoder, "--port", "0", "--image-shape", "5x7");
        var item = await GetJson(explorer, "api/item/3");
        Assert.Equal(memory.Examples.Row(3).ToArray(), Floats(item.GetProperty("values")));

        var (status, corrupted) = await Post(explorer, "api/corrupt", Body(new { values = memory.Examples.Row(3).ToArray(), corruption = "Salt-Pepper:0.2", seed = 4 }));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("salt-pepper:0.2", corrupted.GetProperty("corruption").GetString());
        var input = Corruption.Parse("salt-pepper:0.2").Apply(memory.Examples.Row(3), shape, new Rng(4));
        Assert.Equal(input, Floats(corrupted.GetProperty("values")));
        Assert.NotEqual(memory.Examples.Row(3).ToArray(), input);

        var (recallStatus, recall) = await Post(explorer, "api/recall", Body(new { values = input, target = 3, max_steps = 3000 }));
        Assert.True(recallStatus == HttpStatusCode.OK, recall.ToString());
        var inputs = new Matrix(1, 35);
        input.CopyTo(inputs.Row(0));
        var expected = Recall.Run(memory, Gemm, inputs, new RecallOptions { MaxSteps = 3000 })[0];
        Assert.Equal(Keys.Of(expected.Outcome), recall.GetProperty("outcome").GetString());
        Assert.Equal(expected.Steps, recall.GetProperty("steps").GetInt32());
        Assert.Equal(expected.NearestExample, recall.GetProperty("nearest").GetInt32());
        Assert.Equal(expected.NearestDistance, recall.GetProperty("nearest_distance").GetDouble());
        Assert.Equal(RecallScore.IsRecovered(memory, expected, 3), recall.GetProperty("recovered").GetBoolean());
        var end = recall.GetProperty("end_example");
        Assert.Equal(expected.ReachedStored ? expected.Example : (int?)null, end.ValueKind == JsonValueKind.Null ? null : end.GetInt32());

        // The states are the iteration itself: x₀ the input, x_{t+1} = f(x_t) by a plain forward pass, the last the end point.
        var states = recall.GetProperty("states").EnumerateArray().Select(Floats).ToArray();
        var steps = recall.GetProperty("state_steps").EnumerateArray().Select(s => s.GetInt32()).ToArray();
        Assert.Equal(states.Length, steps.Length);
        Assert.Equal(input, states[0]);
        Assert.Equal(expected.EndPoint, states[^1]);
        Assert.Equal(expected.Steps, steps[^1]);
        for (int t = 0; t < 5; t++)
        {
            Assert.Equal(t, steps[t]);
            FixedPointLocator.Residual(memory.Model, Gemm, states[t], out var image);
            for (int j = 0; j < image.Length; j++) Assert.True(Math.Abs(image[j] - states[t + 1][j]) <= 1e-5f, $"step {t + 1}, value {j}: f gives {image[j]}, the trajectory {states[t + 1][j]}");
        }
        var nearest = Recall.Nearest(memory.Anchors, states[1]);
        Assert.Equal(nearest.Index, recall.GetProperty("state_nearest")[1].GetInt32());
        Assert.Equal(nearest.Distance, recall.GetProperty("state_distance")[1].GetDouble());
    }

    [Fact]
    public async Task A_recall_longer_than_the_cap_returns_its_first_states_and_its_end()
    {
        var memory = memories.Load(memories.Autoencoder);
        var inputs = new Matrix(1, 35);
        memory.Examples.Row(3).CopyTo(inputs.Row(0));
        var expected = Recall.Run(memory, Gemm, inputs)[0];
        Assert.True(expected.Steps > ExplorerApi.MaxStates, $"precondition: example 3 settles in {expected.Steps} steps, fewer than the cap {ExplorerApi.MaxStates}");

        await using var explorer = await RunningExplorer.StartAsync(memories.Autoencoder, "--port", "0");
        var (status, recall) = await Post(explorer, "api/recall", Body(new { values = memory.Examples.Row(3).ToArray() }));
        Assert.True(status == HttpStatusCode.OK, recall.ToString());
        var steps = recall.GetProperty("state_steps").EnumerateArray().Select(s => s.GetInt32()).ToArray();
        Assert.Equal([.. Enumerable.Range(0, ExplorerApi.MaxStates - 1), expected.Steps], steps);
        Assert.False(recall.GetProperty("trajectory_complete").GetBoolean());
        Assert.Equal(expected.EndPoint, Floats(recall.GetProperty("states")[ExplorerApi.MaxStates - 1]));
        Assert.Equal(JsonValueKind.Null, recall.GetProperty("recovered").ValueKind); // no target given
    }

    // (path, body, status, start of the error line); paths under api/item are GETs, the rest POSTs.
    static readonly (string Path, string Body, int Status, string Message)[] BadRequests =
    [
        ("api/corrupt", """{"values":[1,2],"corruption":"gaussian:0.1"}""", 400, "values: 2 numbers but the memory stores vectors of 35"),
        ("api/recall", "{\"values\":[" + string.Join(",", Enumerable.Repeat("0", 34)) + ",null]}", 400, "values[34] is null or NaN: every value must be a finite number"),
        ("api/recall", "{\"values\":[NaN]}", 400, "request body: 'N' is an invalid start of a value. Path: $.values[0]"),
        ("api/corrupt", "{\"values\":" + Zeros + ",\"corruption\":\"blur:3\"}", 400, "corruption 'blur:3': unknown kind 'blur'"),
        ("api/corrupt", "{\"values\":" + Zeros + ",\"corruption\":\"gaussian:-1\"}", 400, "corruption 'gaussian:-1': SIGMA -1 must be a finite number at least 0"),
        ("api/corrupt", "{\"values\":" + Zeros + "}", 400, "corruption: missing; expected one of gaussian:SIGMA"),
        ("api/corrupt", "{\"values\":" + Zeros + ",\"corruption\":\"dropout:0.5\",\"seed\":-1}", 400, "seed -1: must be at least 0"),
        ("api/recall", "{\"valuse\":" + Zeros + "}", 400, "request body: unknown field 'valuse'; expected values, max_steps, match, target"),
        ("api/recall", "{\"values\":" + Zeros + ",\"max_steps\":0}", 400, "max_steps 0: must be from 1 to 100000"),
        ("api/recall", "{\"values\":" + Zeros + ",\"match\":\"fuzzy\"}", 400, "match 'fuzzy': expected strict or loose"),
        ("api/recall", "{\"values\":" + Zeros + ",\"target\":10}", 400, "target 10, but the memory stores 10 examples (0–9)"),
        ("api/recall", "[]", 400, "request body: expected a JSON object with values, max_steps, match, target"),
        ("api/recall", "", 400, "request body: empty; expected a JSON object with values, max_steps, match, target"),
        ("api/recall", "{\"values\":[1,\"x\"]}", 400, "request body: values[1]: expected a number"),
        ("api/recall", "{\"values\":" + Zeros + ",\"max_steps\":1.5}", 400, "request body: max_steps: expected an integer"),
        ("api/corrupt", "{\"values\":[1e50]}", 400, "values: 1 number but the memory stores vectors of 35"),
        ("api/recall", "{\"values\":[" + string.Join(",", Enumerable.Repeat("0", 34)) + ",1e50]}", 400, "values[34] is Infinity: every value must be a finite number"),
        ("api/item/10", "", 404, "item 10, but the memory stores 10 examples (0–9)"),
        ("api/item/-1", "", 400, "item '-1': not an item index (0–9)"),
    ];

    static string Zeros => "[" + string.Join(",", Enumerable.Repeat("0", 35)) + "]";

    [Fact]
    public async Task Bad_requests_are_answered_with_one_line_naming_the_value()
    {
        await using var explorer = await RunningExplorer.StartAsync(memories.Autoencoder, "--port", "0");
        foreach (var (path, body, status, message) in BadRequests)
        {
            using var response = path.StartsWith("api/item/", StringComparison.Ordinal) ? await explorer.Http.GetAsync(path)
                : await explorer.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            string text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == status, $"{path} {body}: {(int)response.StatusCode} {text}");
            string error = JsonDocument.Parse(text).RootElement.GetProperty("error").GetString()!;
            Assert.StartsWith(message, error);
            Assert.DoesNotContain('\n', error);
        }
    }

    [Fact]
    public async Task Requests_naming_another_host_are_refused()
    {
        await using var explorer = await RunningExplorer.StartAsync(memories.Autoencoder, "--port", "0");
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/memory");
        request.Headers.Host = "attacker.example";
        using var response = await explorer.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("the explorer answers only 127.0.0.1 and localhost", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Bad_options_give_one_line()
    {
        var none = CliRunner.Run("explore");
        Assert.Equal((2, "mnemos explore: no memory file: give it as the argument (mnemos explore memory.safetensors) or with --model"), (none.ExitCode, none.ErrorLines.Single()));
        var both = CliRunner.Run("explore", memories.Autoencoder, "--model", memories.Sequence);
        Assert.Equal((2, $"mnemos explore: memory '{memories.Autoencoder}' and --model '{memories.Sequence}': give one"), (both.ExitCode, both.ErrorLines.Single()));
        var shape = CliRunner.Run("explore", memories.Autoencoder, "--image-shape", "4x4");
        Assert.Equal((2, "mnemos explore: --image-shape 4x4x1 has 16 values but the memory stores vectors of 35"), (shape.ExitCode, shape.ErrorLines.Single()));
        var port = CliRunner.Run("explore", memories.Autoencoder, "--port", "70000");
        Assert.Equal(2, port.ExitCode);
        Assert.StartsWith("mnemos explore: --port 70000: must be at most 65535", port.ErrorLines.Single());
        var missing = CliRunner.Run("explore", memories.File("absent.safetensors"));
        Assert.Equal((1, $"mnemos explore: memory file '{memories.File("absent.safetensors")}' not found (write one with 'mnemos store')"), (missing.ExitCode, missing.ErrorLines.Single()));
    }

    [Fact]
    public void Ctrl_c_before_serving_is_a_cancelled_run()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var run = CliRunner.Run(cancelled.Token, "explore", memories.Autoencoder, "--port", "0");
        Assert.Equal(Mnemos.Cli.CliApp.Cancelled, run.ExitCode);
        Assert.Equal("mnemos explore: cancelled", run.ErrorLines[^1]);
        Assert.DoesNotContain("serving", run.Out);
    }

    [Fact]
    public void Help_names_the_memory_argument_the_port_and_how_it_stops()
    {
        var run = CliRunner.Run("explore", "--help");
        Assert.True(run.ExitCode == 0, run.ToString());
        string help = System.Text.RegularExpressions.Regex.Replace(run.Out, @"\s+", " "); // help wraps to the terminal's width
        Assert.Contains(" explore [<memory>] [options]", help); // the program name is the test host's here
        Assert.Contains("<memory> Memory file written by 'mnemos store' (or give --model).", help);
        Assert.Contains("Port on 127.0.0.1 (0: any free port). [default: 5170]", help);
        Assert.Contains("--image-shape <image-shape>", help);
        Assert.Contains("(docs/explore.md). Ctrl+C stops it, exit 0.", help);
    }

    [Fact]
    public void A_port_in_use_is_named()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var run = CliRunner.Run("explore", memories.Autoencoder, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"mnemos explore: --port {port}: ", run.ErrorLines[^1]);
        Assert.EndsWith("(choose another port, or --port 0 for a free one)", run.ErrorLines[^1]);
    }
}
