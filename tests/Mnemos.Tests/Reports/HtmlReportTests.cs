// HtmlReport: sections with unique ids, escaping, tables, base64 images that decode to the same
// bytes, inline SVG, JSON details and an atomic save.
using System.Text.RegularExpressions;
using Mnemos.Imaging;
using Mnemos.Reports;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Reports;

public partial class HtmlReportTests
{
    [GeneratedRegex("src=\"data:(image/[a-z]+);base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex DataUri();

    [Fact]
    public void Sections_get_slug_ids_unique_headings_and_a_contents_list()
    {
        var report = new HtmlReport("Run <7>")
            .Paragraph("intro & summary")
            .Section("Loss curves").Paragraph("a")
            .Section("Loss curves").Paragraph("b")
            .Section("Basins", id: "basins-2d");
        Assert.Equal([("loss-curves", "Loss curves"), ("loss-curves-2", "Loss curves"), ("basins-2d", "Basins")], report.Sections);
        string html = report.ToHtml();
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<title>Run &lt;7&gt;</title>", html);
        Assert.Contains("<p>intro &amp; summary</p>", html);
        Assert.Contains("<section id=\"loss-curves-2\">", html);
        Assert.Contains("<a href=\"#basins-2d\">Basins</a>", html);
        Assert.True(html.IndexOf("<p>a</p>", StringComparison.Ordinal) < html.IndexOf("<section id=\"loss-curves-2\">", StringComparison.Ordinal));
    }

    [Fact]
    public void Page_has_no_external_resources()
    {
        string html = new HtmlReport("t").Section("s").Svg(new LinePlot().Add("a", [1.0, 2]).ToSvg()).ToHtml();
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal));
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
    }

    [Fact]
    public void Png_and_gif_are_inlined_as_base64_that_decodes_to_the_same_bytes()
    {
        byte[] png = Png.Encode(new Image(2, 2, 1, [0f, 0.25f, 0.5f, 1f]));
        byte[] gif = Gif.Encode(Gif.Frames([new Image(2, 2, 1), new Image(2, 2, 1, [1f, 1f, 1f, 1f])]));
        string html = new HtmlReport("t").Section("images").Png(png, "grid", "stored vs recalled").Gif(gif, "recall").ToHtml();
        var matches = DataUri().Matches(html);
        Assert.Equal(2, matches.Count);
        Assert.Equal("image/png", matches[0].Groups[1].Value);
        Assert.Equal(png, Convert.FromBase64String(matches[0].Groups[2].Value));
        Assert.Equal("image/gif", matches[1].Groups[1].Value);
        Assert.Equal(gif, Convert.FromBase64String(matches[1].Groups[2].Value));
        Assert.Contains("<figcaption>stored vs recalled</figcaption>", html);
    }

    [Fact]
    public void Image_is_encoded_upscaled_and_wrong_signatures_are_rejected()
    {
        string html = new HtmlReport("t").Image(new Image(2, 1, 1, [0f, 1f]), "digit", scale: 4).ToHtml();
        var decoded = Png.Decode(Convert.FromBase64String(DataUri().Match(html).Groups[2].Value));
        Assert.Equal((8, 4), (decoded.Width, decoded.Height));
        Assert.Equal(1f, decoded[7, 3, 0]);
        Assert.Contains("without the PNG signature", Assert.Throws<ArgumentException>(() => new HtmlReport("t").Png([1, 2, 3], "x")).Message);
        Assert.Contains("GIF87a/GIF89a", Assert.Throws<ArgumentException>(() => new HtmlReport("t").Gif("GIF90a"u8, "x")).Message);
    }

    [Fact]
    public void Tables_escape_text_and_format_numbers_right_aligned()
    {
        string html = new HtmlReport("t").Table(["model", "ρ", "n"],
            [["a<b>", 0.123456789, 42], ["c", double.NaN, 7L], ["d", 1.5e-7]]).ToHtml();
        Assert.Contains("<th>ρ</th>", html);
        Assert.Contains("<td>a&lt;b&gt;</td><td class=\"num\">0.123</td><td class=\"num\">42</td>", html);
        Assert.Contains("<td class=\"num\">NaN</td>", html);
        Assert.Contains("<td class=\"num\">1.5e-7</td><td></td>", html);
        var e = Assert.Throws<ArgumentException>(() => new HtmlReport("t").Table(["a"], [[1, 2]]));
        Assert.Contains("table row 0 has 2 cells but the header has 1", e.Message);
    }

    [Theory]
    [InlineData(1234.5678, "1235")]
    [InlineData(0.0012345, "0.00123")]
    [InlineData(0.0616, "0.0616")]
    [InlineData(-2.0, "-2")]
    [InlineData(12345678.0, "1.23e7")]
    [InlineData(7.4123e-9, "7.41e-9")]
    [InlineData(-6.16e-12, "-6.16e-12")]
    [InlineData(double.NegativeInfinity, "−∞")]
    public void Numbers_keep_three_significant_digits_in_one_notation(double value, string expected) =>
        Assert.Equal(expected, HtmlReport.FormatNumber(value));

    [Fact]
    public void Tables_scroll_sideways_and_pictures_shrink_to_the_page()
    {
        string html = new HtmlReport("t").Table(["a"], [[1]]).ToHtml();
        Assert.Contains("<div class=\"scroll\"><table>", html);
        Assert.Contains(".scroll{overflow-x:auto", html);
        Assert.Matches(@"svg,img\{max-width:100%", html);
    }

    [Fact]
    public void Image_tables_have_a_header_and_an_image_per_cell_and_mark_ticks()
    {
        var image = new Image(2, 2, 1, [0f, 1f, 1f, 0f]);
        string html = new HtmlReport("t").ImageTable(["class", "stored", "end", "recalled"],
            [["Bag", image, image, "✓"], ["Coat", image, image, "✗"]], 3, "grid").ToHtml();
        Assert.Contains("<thead><tr><th>class</th><th>stored</th><th>end</th><th>recalled</th></tr></thead>", html);
        Assert.Equal(4, DataUri().Matches(html).Count);
        var decoded = Png.Decode(Convert.FromBase64String(DataUri().Match(html).Groups[2].Value));
        Assert.Equal((6, 6), (decoded.Width, decoded.Height));
        Assert.Contains("<td class=\"ok\">✓</td>", html);
        Assert.Contains("<td class=\"bad\">✗</td>", html);
        Assert.Contains("alt=\"grid, row 2, end\"", html);
        Assert.Throws<ArgumentException>(() => new HtmlReport("t").ImageTable(["a"], [[image, image]], 1, "x"));
    }

    [Fact]
    public void Svg_is_inlined_without_an_xml_declaration_and_json_is_escaped_in_details()
    {
        string html = new HtmlReport("t").Svg("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>", "plot")
            .Json("raw", "{\"a\": \"<b>\"}").ToHtml();
        Assert.Contains("<figure><svg xmlns=", html);
        Assert.DoesNotContain("<?xml", html);
        Assert.Contains("<details><summary>raw</summary><pre>{&quot;a&quot;: &quot;&lt;b&gt;&quot;}</pre></details>", html);
        Assert.Throws<ArgumentException>(() => new HtmlReport("t").Svg("<div>"));
    }

    [Fact]
    public void Save_writes_the_page_into_a_new_folder_leaving_no_temp_files()
    {
        using var temp = new TempDirectory();
        string path = Path.Combine(temp.Path, "out", "report.html");
        var report = new HtmlReport("saved").Section("s").Paragraph("p");
        report.Save(path);
        Assert.Equal(report.ToHtml(), File.ReadAllText(path));
        Assert.Equal(["report.html"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }
}
