// The explorer's page in a real headless Chromium: the grid shows every stored item with the ρ and
// status of the API, thumbnails drawn from the values; an item is clicked, corrupted and recalled
// through DOM events, and the outcome line, the input and the trajectory controls agree with the
// library's corruption and recall computed here; a memory of cycles is plotted and names the cycle. A real mouse click paints on a blank image; at phone
// width nothing overflows; the page raises no script error.
using System.Globalization;
using System.Text.Json;
using Mnemos.Cli.Explorer;
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Tensors;
using Mnemos.Tests.Cli;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Browser;

[Collection(StoredMemoriesCollection.Name)]
public class ExplorerPageTests(StoredMemories memories)
{
    static readonly IGemm Gemm = GemmBackends.Create(GemmBackend.Managed, 1);
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [ChromiumFact]
    public async Task An_item_clicked_corrupted_and_recalled_in_the_page_ends_where_the_library_says()
    {
        var memory = memories.Load(memories.Autoencoder);
        await using var explorer = await RunningExplorer.StartAsync(memories.Autoencoder, "--port", "0", "--image-shape", "5x7");
        var api = await ExploreCommandTests.GetJson(explorer, "api/memory");
        await using var browser = await CdpBrowser.LaunchAsync(Chromium.Browser, Wait);
        var page = await browser.NewPageAsync(CancellationToken.None);
        await page.NavigateAsync(explorer.Url, Wait);
        await page.WaitForAsync("document.body.dataset.ready === 'true'", Wait);

        // The grid: one card per item, ρ and status as the API gives them, thumbnails from the values.
        await page.WaitForAsync("[...document.querySelectorAll('#items .item canvas')].every(c => c.width === 5 && c.height === 7)", Wait);
        var cards = (await page.EvaluateAsync(
            "[...document.querySelectorAll('#items .item')].map(c => [c.dataset.index, c.dataset.rho, c.dataset.status, c.querySelector('.rho').textContent])"))
            .EnumerateArray().Select(c => c.EnumerateArray().Select(v => v.GetString()!).ToArray()).ToArray();
        var items = api.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(10, cards.Length);
        for (int i = 0; i < cards.Length; i++)
        {
            double rho = items[i].GetProperty("spectral_radius").GetDouble();
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), cards[i][0]);
            Assert.Equal(rho, double.Parse(cards[i][1], CultureInfo.InvariantCulture));
            Assert.Equal(items[i].GetProperty("status").GetString(), cards[i][2]);
            Assert.Equal("ρ " + rho.ToString("F3", CultureInfo.InvariantCulture), cards[i][3]);
        }
        var thumbnail = await page.EvaluateAsync(
            "[...document.querySelector('.item[data-index=\"3\"] canvas').getContext('2d').getImageData(0, 0, 5, 7).data].filter((_, k) => k % 4 === 0)");
        Assert.Equal(memory.Examples.Row(3).ToArray().Select(v => (int)Math.Round(255 * v)), thumbnail.EnumerateArray().Select(v => v.GetInt32()));

        // Item 3, corrupted by salt-pepper 0.2 with seed 4, recalled.
        await page.EvaluateAsync("document.querySelector('.item[data-index=\"3\"]').click()");
        await page.WaitForAsync("document.getElementById('input-source').textContent === '(item 3)'", Wait);
        await page.EvaluateAsync("""
            (() => {
              const set = (id, value, event) => { const e = document.getElementById(id); e.value = value; e.dispatchEvent(new Event(event)); };
              set('kind', 'salt-pepper', 'change'); set('level', '0.2', 'input'); set('seed', '4', 'input'); set('max-steps', '3000', 'input');
              document.getElementById('corrupt').click();
            })()
            """);
        await page.WaitForAsync("document.getElementById('input-source').textContent === '(item 3, salt-pepper:0.2, seed 4)'", Wait);
        var input = Corruption.Parse("salt-pepper:0.2").Apply(memory.Examples.Row(3), new ImageShape(5, 7, 1), new Rng(4));
        Assert.Equal(input, (await page.EvaluateAsync("state.input")).EnumerateArray().Select(v => v.GetSingle()));

        await page.EvaluateAsync("document.getElementById('recall').click()");
        await page.WaitForAsync("document.getElementById('outcome').dataset.outcome", Wait);
        var inputs = new Matrix(1, 35);
        input.CopyTo(inputs.Row(0));
        var expected = Recall.Run(memory, Gemm, inputs, new RecallOptions { MaxSteps = 3000 })[0];
        Assert.Equal(OutcomeLine(expected, target: 3, RecallScore.IsRecovered(memory, expected, 3)),
            (await page.EvaluateAsync("document.getElementById('outcome').textContent")).GetString());

        // The controls: the slider's end is the last step, one step back is the one before it.
        int states = Math.Min(expected.Steps + 1, ExplorerApi.MaxStates);
        Assert.Equal(states - 1, (await page.EvaluateAsync("Number(document.getElementById('slider').max)")).GetInt32());
        await page.EvaluateAsync("(() => { const s = document.getElementById('slider'); s.value = s.max; s.dispatchEvent(new Event('input')); })()");
        Assert.Equal(expected.Steps.ToString(CultureInfo.InvariantCulture), (await page.EvaluateAsync("document.getElementById('step-info').dataset.step")).GetString());
        Assert.Equal([expected.NearestExample], (await page.EvaluateAsync("[...document.querySelectorAll('.item.nearest')].map(c => Number(c.dataset.index))")).EnumerateArray().Select(v => v.GetInt32()));
        await page.EvaluateAsync("document.getElementById('back').click()");
        int before = expected.Steps < ExplorerApi.MaxStates - 1 ? expected.Steps - 1 : ExplorerApi.MaxStates - 2;
        Assert.Equal(before.ToString(CultureInfo.InvariantCulture), (await page.EvaluateAsync("document.getElementById('step-info').dataset.step")).GetString());

        // Item 1 as it is: an attractor (the fixture's ρ 0.887), so recall returns to it and the line says so.
        await page.EvaluateAsync("document.querySelector('.item[data-index=\"1\"]').click()");
        await page.WaitForAsync("document.getElementById('input-source').textContent === '(item 1)'", Wait);
        await page.EvaluateAsync("document.getElementById('recall').click()");
        await page.WaitForAsync("document.getElementById('outcome').textContent.endsWith('item 1')", Wait);
        memory.Examples.Row(1).CopyTo(inputs.Row(0));
        var own = Recall.Run(memory, Gemm, inputs, new RecallOptions { MaxSteps = 3000 })[0];
        Assert.True(RecallScore.IsRecovered(memory, own, 1), "precondition: the stored attractor 1 recalls itself");
        Assert.Equal(OutcomeLine(own, target: 1, recovered: true), (await page.EvaluateAsync("document.getElementById('outcome').textContent")).GetString());

        // A real mouse click on a blank input paints the pixel under it (x 2, y 3 of 5×7) with the ink value.
        await page.EvaluateAsync("document.getElementById('clear').click()");
        var box = await page.EvaluateAsync("(() => { const r = document.getElementById('input').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()");
        double[] r = box.EnumerateArray().Select(v => v.GetDouble()).ToArray();
        await page.ClickAtAsync(r[0] + r[2] * 2.5 / 5, r[1] + r[3] * 3.5 / 7);
        var drawn = (await page.EvaluateAsync("state.input")).EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(Enumerable.Range(0, 35).Select(k => k == 3 * 5 + 2 ? 1f : 0f), drawn);
        Assert.Equal("(drawn)", (await page.EvaluateAsync("document.getElementById('input-source').textContent")).GetString());

        // Phone width: the page reflows instead of scrolling sideways.
        await page.SendAsync("Emulation.setDeviceMetricsOverride", new { width = 375, height = 740, deviceScaleFactor = 2, mobile = true }, CancellationToken.None);
        int width = (await page.EvaluateAsync("document.documentElement.scrollWidth")).GetInt32();
        var wide = await page.EvaluateAsync("[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 375).map(e => `${e.tagName}#${e.id}.${e.className}`)");
        Assert.True(width <= 375, $"at 375 px the page is {width} px wide; too wide: {wide}");

        Assert.Empty(browser.PageErrors);
        Assert.Equal(0, (await explorer.StopAsync()).ExitCode);
    }

    [ChromiumFact]
    public async Task A_vector_memory_of_cycles_is_plotted_not_drawn_and_recall_names_the_cycle()
    {
        var memory = memories.Load(memories.Sequence);
        await using var explorer = await RunningExplorer.StartAsync(memories.Sequence, "--port", "0");
        await using var browser = await CdpBrowser.LaunchAsync(Chromium.Browser, Wait);
        var page = await browser.NewPageAsync(CancellationToken.None);
        await page.NavigateAsync(explorer.Url, Wait);
        await page.WaitForAsync("document.body.dataset.ready === 'true'", Wait);

        // 35 values are no square picture: line plots, and no brush.
        Assert.Equal(10, (await page.EvaluateAsync("document.querySelectorAll('#items .item canvas.plot').length")).GetInt32());
        Assert.True((await page.EvaluateAsync("document.getElementById('draw-tools').hidden")).GetBoolean());
        var cycles = (await page.EvaluateAsync("[...document.querySelectorAll('#items .item')].map(c => c.textContent.match(/cycle (\\d+)\\.(\\d+)/).slice(1).map(Number))"))
            .EnumerateArray().Select(c => (c[0].GetInt32(), c[1].GetInt32())).ToArray();
        Assert.Equal(Enumerable.Range(0, 10).Select(row => (memory.CycleOf[row], memory.PhaseOf[row])), cycles);

        await page.EvaluateAsync("document.querySelector('.item[data-index=\"4\"]').click()");
        await page.WaitForAsync("document.getElementById('input-source').textContent === '(item 4)'", Wait);
        await page.EvaluateAsync("document.getElementById('recall').click()");
        await page.WaitForAsync("document.getElementById('outcome').dataset.outcome", Wait);
        var inputs = new Matrix(1, memory.Dimension);
        memory.Examples.Row(4).CopyTo(inputs.Row(0));
        var expected = Recall.Run(memory, Gemm, inputs)[0];
        Assert.Equal(OutcomeLine(expected, target: 4, RecallScore.IsRecovered(memory, expected, 4)),
            (await page.EvaluateAsync("document.getElementById('outcome').textContent")).GetString());
        Assert.Empty(browser.PageErrors);
    }

    /// <summary>The outcome line the page shows, written out from the library's result.</summary>
    static string OutcomeLine(RecallResult r, int target, bool recovered)
    {
        string steps = r.Steps == 1 ? "1 step" : $"{r.Steps} steps";
        string near = FormattableString.Invariant($"nearest item {r.NearestExample} at distance {r.NearestDistance:G3}");
        string line = r.Outcome switch
        {
            RecallOutcome.StoredExample => $"converged after {steps} to item {r.Example}",
            RecallOutcome.SpuriousFixedPoint => $"converged after {steps} to a spurious fixed point ({near})",
            RecallOutcome.SpuriousCycle => $"converged after {steps} to a spurious cycle of period {r.Period} ({near})",
            RecallOutcome.Diverged => $"diverged after {steps}",
            RecallOutcome.NotConverged => $"not converged after {steps} ({near})",
            _ => $"converged after {steps} to stored cycle {r.Cycle} (phase {r.Phase}, item {r.Example})",
        };
        return line + (recovered ? $" ✓ item {target}" : $" ✗ not item {target}");
    }
}
