// The quick demo's report in headless Chromium at phone (375 px) and desktop (1280 px) width: after
// load, a script injected into a copy of the page checks that nothing overflows the viewport
// horizontally (tables may scroll inside their .scroll wrapper), that every image decoded and that
// every top-level SVG has a non-empty box. Headless windows are at least 500 px wide, so the page is
// shown in an iframe of the width under test; the script posts its verdict to the outer page, which
// writes it into its DOM for --dump-dom. A page built to fail shows that each check can.
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mnemos.Tests.Cli;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Reports;

[Collection(QuickDemoCollection.Name)]
public sealed class ReportLayoutBrowserTests(QuickDemo demo) : IDisposable
{
    readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    internal sealed record Verdict(int Viewport, int ScrollWidth, string[] Overflowing, string[] BrokenImages, string[] EmptySvgs, int Images, int Svgs);

    // Runs after load; lists elements whose right edge passes the viewport (not counting those inside a
    // .scroll wrapper, which scroll on their own), images not decoded and top-level SVGs without a box.
    const string Check = """
        <script>
        window.addEventListener('load', () => {
          const width = window.innerWidth;
          const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '');
          const path = e => { const parts = []; for (; e && e !== document.body; e = e.parentElement) parts.unshift(name(e)); return parts.join(' > '); };
          const overflowing = [...document.body.querySelectorAll('*')]
            .filter(e => !(e.parentElement && e.parentElement.closest('.scroll')))
            .map(e => [e, e.getBoundingClientRect()])
            .filter(([e, r]) => r.width > 0 && r.right > width + 0.5)
            .map(([e, r]) => path(e) + ' (right edge ' + Math.round(r.right) + ' px)');
          const images = [...document.images];
          const broken = images.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.alt || i.getAttribute('src').slice(0, 60));
          const svgs = [...document.querySelectorAll('svg')].filter(s => !s.parentElement.closest('svg'));
          const empty = svgs.filter(s => { const r = s.getBoundingClientRect(); return !(r.width > 0 && r.height > 0); }).map(path);
          const verdict = { viewport: width, scrollWidth: document.scrollingElement.scrollWidth, overflowing, brokenImages: broken, emptySvgs: empty, images: images.length, svgs: svgs.length };
          parent.postMessage(JSON.stringify(verdict), '*');
        });
        </script>
        """;

    // The outer page: the page under test in an iframe WIDTH px wide; the verdict lands in <pre id="layout-verdict">.
    const string Frame = """
        <!DOCTYPE html><html><body style="margin:0">
        <iframe src="PAGE" style="width:WIDTHpx;height:800px;border:0;display:block"></iframe>
        <script>
        window.addEventListener('message', e => {
          const out = document.createElement('pre');
          out.id = 'layout-verdict';
          out.textContent = e.data;
          document.body.appendChild(out);
        });
        </script>
        </body></html>
        """;

    /// <summary>Copies <paramref name="html"/> with the check script before &lt;/body&gt;, opens it in an iframe <paramref name="width"/> px wide and returns the verdict.</summary>
    Verdict Layout(string html, int width)
    {
        int end = html.LastIndexOf("</body>", StringComparison.Ordinal);
        Assert.True(end >= 0, "page has no </body>");
        string page = directory.File($"page-{width}.html"), frame = directory.File($"frame-{width}.html");
        File.WriteAllText(page, html[..end] + Check + html[end..]);
        File.WriteAllText(frame, Frame.Replace("PAGE", Path.GetFileName(page)).Replace("WIDTH", width.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        string dom = Chromium.DumpDom(frame, 1400, 900);
        var match = Regex.Match(dom, "<pre id=\"layout-verdict\">(.*?)</pre>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no verdict in the DOM at {width} px (the check script did not run): {dom[..Math.Min(dom.Length, 300)]}");
        var verdict = JsonSerializer.Deserialize<Verdict>(WebUtility.HtmlDecode(match.Groups[1].Value), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        Assert.Equal(width, verdict.Viewport); // the page saw the width under test
        return verdict;
    }

    [ChromiumFact]
    public void The_quick_demo_report_fits_phone_and_desktop_widths_and_every_picture_loads()
    {
        Assert.True(demo.Run.ExitCode == 0, demo.Run.ToString());
        string html = File.ReadAllText(Path.Combine(demo.Folder, "index.html"));
        foreach (int width in new[] { 375, 1280 })
        {
            var v = Layout(html, width);
            Assert.True(v.Overflowing.Length == 0, $"{width} px: wider than the viewport:\n{string.Join("\n", v.Overflowing)}");
            Assert.True(v.ScrollWidth <= width, $"{width} px: page scrolls sideways ({v.ScrollWidth} px)");
            Assert.True(v.BrokenImages.Length == 0, $"{width} px: images that did not load: {string.Join(", ", v.BrokenImages)}");
            Assert.True(v.EmptySvgs.Length == 0, $"{width} px: SVGs without a box: {string.Join(", ", v.EmptySvgs)}");
            Assert.True(v.Images >= 3 && v.Svgs >= 3, $"{width} px: {v.Images} images and {v.Svgs} plots checked");
        }
    }

    [ChromiumFact]
    public void The_check_finds_an_overflowing_element_a_broken_image_and_an_empty_svg_but_not_a_scrolling_table()
    {
        const string html = """
            <!DOCTYPE html><html><head><meta name="viewport" content="width=device-width, initial-scale=1">
            <style>.scroll{overflow-x:auto;max-width:100%}</style></head><body>
            <div class="scroll"><table><tr><td style="min-width:3000px">a wide table scrolls in its wrapper</td></tr></table></div>
            <div id="wide" style="width:900px">too wide</div>
            <img alt="missing picture" src="no-such-file.png">
            <svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"></svg>
            </body></html>
            """;
        var v = Layout(html, 375);
        Assert.Equal(["div#wide (right edge 908 px)"], v.Overflowing);
        Assert.True(v.ScrollWidth > 375, $"scroll width {v.ScrollWidth}");
        Assert.Equal(["missing picture"], v.BrokenImages);
        Assert.Single(v.EmptySvgs);
    }
}
