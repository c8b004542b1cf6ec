// mnemos demo --quick (the CI run of the main job): the report folder holds every section, the
// pictures decode at the sizes the settings imply, and results.json agrees with itself and with
// an independent recount from the memory file's certificates.
using System.Text.Json;
using System.Text.RegularExpressions;
using Mnemos.Experiments.Demo;
using Mnemos.Cli;
using Mnemos.Imaging;

namespace Mnemos.Tests.Cli;

[Collection(QuickDemoCollection.Name)]
public sealed class DemoCommandTests(QuickDemo demo) : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), $"mnemos-demo-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    // What a reader sees: one number notation, statuses and stop reasons in words, labelled recall grids, class names.
    static void AssertReadable(string html)
    {
        var cells = Regex.Matches(html, "<td[^>]*>(.*?)</td>").Select(m => m.Groups[1].Value)
            .Where(c => !c.StartsWith("<img", StringComparison.Ordinal)).ToArray(); // base64 may hold "E+0"
        Assert.NotEmpty(cells);
        Assert.DoesNotContain(cells, c => c.Contains("E-0", StringComparison.Ordinal) || c.Contains("E+0", StringComparison.Ordinal) || c.Contains("e-0", StringComparison.Ordinal));
        Assert.DoesNotContain("E-00", html, StringComparison.Ordinal);
        string[] statuses = ["stored, attractor", "stored, not an attractor", "not stored", "undecided"];
        foreach (string table in new[] { "certificates", "basins" })
        {
            var section = Regex.Match(html, $"<section id=\"{table}\">(.*?)</section>", RegexOptions.Singleline);
            if (!section.Success) continue;
            var header = Regex.Matches(Regex.Match(section.Value, "<thead>(.*?)</thead>").Value, "<th>(.*?)</th>").Select(m => m.Groups[1].Value).ToList();
            int status = header.IndexOf("status"), label = header.IndexOf("class");
            Assert.True(status >= 0 && label >= 0, $"{table}: header {string.Join(" | ", header)}");
            foreach (Match row in Regex.Matches(section.Value, "<tr>(<td.*?)</tr>"))
            {
                var cols = Regex.Matches(row.Value, "<td[^>]*>(.*?)</td>").Select(m => m.Groups[1].Value).ToArray();
                Assert.Contains(statuses, s => cols[status] == s || cols[status].StartsWith(s + " (", StringComparison.Ordinal));
                Assert.Contains(cols[label], DemoPictures.ClassNames);
            }
        }
        foreach (string word in new[] { "NotAttractor", "StoredAttractor", "NotStored", "Plateau", "Converged", "MaxEpochs", "NearerOther" })
            Assert.DoesNotContain($">{word}", html, StringComparison.Ordinal);
        var training = Regex.Match(html, "<section id=\"training\">(.*?)</section>", RegexOptions.Singleline).Value;
        Assert.Matches("(reached the target|loss stopped halving|epoch limit)</td></tr>", training);
        var recall = Regex.Match(html, "<section id=\"recall\">(.*?)</section>", RegexOptions.Singleline).Value;
        Assert.Contains("<th>class</th><th>stored</th><th>corrupted</th><th>step 1</th><th>2</th><th>4</th>", recall);
        Assert.Contains("<th>end</th><th>1-NN</th><th>recalled</th></tr></thead>", recall);
        int marks = Regex.Matches(recall, "<td class=\"(ok|bad)\">[✓✗]</td>").Count;
        Assert.Equal(Regex.Matches(recall, "<tbody>").Count * DemoSettings.Quick.ShownExamples, marks);
        Assert.Contains("Ankle boot", Regex.Match(html, "<section id=\"stored\">(.*?)</section>", RegexOptions.Singleline).Value);
        // The half masks are rows of a dot chart (not points stacked at x = 0.5); the basin radii have a chart with a row per shown image.
        var recovery = Regex.Match(html, "<section id=\"recovery\">(.*?)</section>", RegexOptions.Singleline).Value;
        Assert.Contains("Recovery from half-masked images</text>", recovery);
        Assert.Contains(">bottom half masked</text>", recovery);
        var basins = Regex.Match(html, "<section id=\"basins\">(.*?)</section>", RegexOptions.Singleline).Value;
        Assert.Contains("How far from each image recall still returns</text>", basins);
        Assert.Equal(DemoSettings.Quick.RadiusImages, Regex.Matches(basins, "class=\"rowlabel\"").Count);
    }

    [Fact]
    public void Quick_demo_writes_a_report_with_every_section_and_consistent_numbers()
    {
        var run = demo.Run;
        string reportFolder = demo.Folder;
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("stored as attractors", run.Out);
        Assert.Contains($"report: {Path.Combine(reportFolder, "index.html")}", run.Out);

        string html = File.ReadAllText(Path.Combine(reportFolder, "index.html"));
        foreach (string id in DemoReport.SectionIds) Assert.Contains($"id=\"{id}\"", html);
        Assert.DoesNotContain("src=\"http", html); // self-contained: nothing to fetch
        AssertReadable(html);

        var settings = DemoSettings.Quick;
        string results = File.ReadAllText(Path.Combine(reportFolder, "results.json"));
        JsonSchemas.AssertValid("demo-results", results);
        using var json = JsonDocument.Parse(results);
        var root = json.RootElement;
        Assert.Equal(settings.StoredCount, root.GetProperty("images").GetInt32());
        var certificates = root.GetProperty("certificates").EnumerateArray().ToArray();
        Assert.Equal(settings.StoredCount, certificates.Length);
        // Counts are the statuses': a stored attractor has ρ below the band, a stored non-attractor above it.
        string Status(JsonElement c) => c.GetProperty("status").GetString()!;
        Assert.Equal(certificates.Count(c => Status(c) == "stored_attractor"), root.GetProperty("attractors").GetInt32());
        Assert.Equal(certificates.Count(c => Status(c) == "stored_not_attractor"), root.GetProperty("not_attractors").GetInt32());
        Assert.Equal(certificates.Count(c => Status(c) == "undecided"), root.GetProperty("undecided").GetInt32());
        Assert.Equal(certificates.Count(c => Status(c) == "not_stored"), root.GetProperty("not_stored").GetInt32());
        Assert.All(certificates.Where(c => Status(c) == "stored_attractor"), c => Assert.True(c.GetProperty("rho").GetDouble() < 1 - 1e-3));
        Assert.All(certificates.Where(c => Status(c) == "stored_not_attractor"), c => Assert.True(c.GetProperty("rho").GetDouble() > 1 + 1e-3));
        Assert.All(certificates.Where(c => Status(c) != "not_stored"), c => Assert.Null(c.GetProperty("reason").GetString()));
        Assert.True(root.GetProperty("converged").GetBoolean(), "quick demo training should reach the target");
        Assert.True(root.GetProperty("final_mse").GetDouble() <= 1e-8);

        var probes = root.GetProperty("probes").EnumerateArray().ToArray();
        Assert.Equal(["uniform", "gaussian", "held-out"], probes.Select(p => p.GetProperty("name").GetString()));
        foreach (var p in probes)
        {
            int inputs = p.GetProperty("inputs").GetInt32();
            Assert.Equal(inputs, p.GetProperty("recovered").GetInt32() + p.GetProperty("spurious_inputs").GetInt32()
                + p.GetProperty("diverged").GetInt32() + p.GetProperty("not_converged").GetInt32());
            Assert.Equal(p.GetProperty("recovered").GetInt32(), p.GetProperty("per_image").EnumerateArray().Sum(c => c.GetInt32()));
        }

        var points = root.GetProperty("recovery").GetProperty("points").EnumerateArray().ToArray();
        Assert.Equal(settings.Recovery.Sum(s => Math.Max(1, s.Levels.Length)), points.Length);
        foreach (var p in points)
        {
            int inputs = p.GetProperty("inputs").GetInt32();
            Assert.Equal(settings.StoredCount, inputs);
            Assert.Equal(inputs, p.GetProperty("network_recovered").GetInt32() + p.GetProperty("other_example").GetInt32()
                + p.GetProperty("spurious").GetInt32() + p.GetProperty("diverged").GetInt32() + p.GetProperty("not_converged").GetInt32());
        }

        // Pictures: the stored row is 10 images of 14×14 at scale 84/14/2+1 = 4 with 2-pixel gaps, class
        // names in a header band above; recall grids add the column headers above, class names left and ✓/✗ right.
        var stored = Png.Read(Path.Combine(reportFolder, "stored.png"));
        Assert.Equal((2 + 10 * (14 * 4 + 2), Mnemos.Reports.GridLabels.HeaderHeight + 2 + 14 * 4 + 2), (stored.Width, stored.Height));
        var grid = Png.Read(Path.Combine(reportFolder, "recall-gaussian-0-3.png"));
        int cell = 14 * 6 + 2, columns = 2 + DemoPictures.ShownSteps.Length + 2;
        Assert.Equal(Mnemos.Reports.GridLabels.HeaderHeight + 2 + settings.ShownExamples * cell, grid.Height);
        int rowLabels = grid.Width - (2 + columns * cell) - Mnemos.Reports.GridLabels.MarkWidth;
        Assert.True(rowLabels > 40, $"recall grid {grid.Width} px wide: {rowLabels} px for the class names");
        var gif = Gif.Read(Path.Combine(reportFolder, "recall.gif"));
        Assert.True(gif.Frames.Count > 2, $"{gif.Frames.Count} frames");
    }

    [Fact]
    public void A_bad_thread_count_is_one_line_with_exit_2()
    {
        var run = CliRunner.Run("demo", "--quick", "--threads", "0", "--out", folder);
        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.Contains("--threads", run.Error);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void A_demo_cancelled_before_it_starts_exits_130_with_one_line_saying_so()
    {
        // Regression: OperationCanceledException was reported as a run error, "The operation was canceled." with exit 1.
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var run = CliRunner.Run(cancel.Token, "demo", "--quick", "--out", folder);
        Assert.True(run.ExitCode == CliApp.Cancelled, run.ToString());
        Assert.Equal(["mnemos demo: cancelled"], run.ErrorLines);
        Assert.Equal("", run.Out);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void A_demo_cancelled_while_training_stops_there_with_exit_130()
    {
        using var cancel = new CancellationTokenSource();
        var stderr = new CancellingWriter("storing:", cancel);
        var stdout = new StringWriter();
        int code = CliApp.Run(["demo", "--quick", "--out", folder], stdout, stderr, new CliHost(Interactive: false, cancel.Token));
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(code == CliApp.Cancelled, $"exit {code}\n{stderr}");
        Assert.Contains("storing:", lines[^2]); // no later stage started
        Assert.Equal("mnemos demo: cancelled", lines[^1]);
        Assert.Equal("", stdout.ToString());
        Assert.False(Directory.Exists(folder));
    }

    /// <summary>Cancels <paramref name="cancel"/> once a line containing <paramref name="trigger"/> is written.</summary>
    sealed class CancellingWriter(string trigger, CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.Contains(trigger, StringComparison.Ordinal)) cancel.Cancel();
        }
    }
}
