// A single self-contained HTML page: inline CSS, images as base64 data: URIs, SVG inline, no
// scripts and no external resources, so the file reads the same offline or mailed around.
// Content added before the first Section goes under the title.
using System.Globalization;
using System.Text;
using Mnemos.Formats;
using Mnemos.Imaging;

namespace Mnemos.Reports;

/// <summary>Builder for one report page; each method appends to the current section and returns this.</summary>
internal sealed class HtmlReport
{
    const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
        h1{font-size:1.7em;margin-bottom:.3em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.8em}
        nav ul{columns:2;padding-left:1.2em}table{border-collapse:collapse;margin:1em 0;font-size:.92em}
        th,td{border:1px solid #ccc;padding:.25em .6em}th{background:#f3f3f3;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
        caption{caption-side:bottom;color:#555;font-size:.9em;padding-top:.3em}figure{margin:1em 0}figcaption{color:#555;font-size:.9em}
        img.pixelated{image-rendering:pixelated}pre{background:#f7f7f7;border:1px solid #ddd;padding:.6em;overflow:auto;font-size:.85em}
        svg,img{max-width:100%;height:auto}.scroll{overflow-x:auto;max-width:100%}
        td.ok{color:#1a7f37;text-align:center}td.bad{color:#c62828;text-align:center}td.cell{padding:1px}
        """;

    readonly List<(string Id, string Heading, StringBuilder Body)> sections = [];
    readonly StringBuilder intro = new();
    readonly HashSet<string> ids = new(StringComparer.Ordinal);

    public HtmlReport(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        Title = title;
    }

    public string Title { get; }

    /// <summary>(id, heading) of each section in order.</summary>
    public IReadOnlyList<(string Id, string Heading)> Sections => sections.Select(s => (s.Id, s.Heading)).ToList();

    /// <summary>
    /// Starts a section with an &lt;h2&gt;. The id defaults to a slug of the heading (lower-case ASCII
    /// letters, digits and '-'); a repeated id gets "-2", "-3", … appended.
    /// </summary>
    public HtmlReport Section(string heading, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(heading);
        string baseId = Slug(id ?? heading);
        string unique = baseId;
        for (int n = 2; !ids.Add(unique); n++) unique = $"{baseId}-{n}";
        sections.Add((unique, heading, new StringBuilder()));
        return this;
    }

    public HtmlReport Paragraph(string text) => Append($"<p>{Escape(text)}</p>");

    /// <summary>
    /// A table; cells are formatted by <see cref="FormatCell"/> and numbers are right-aligned.
    /// Rows may be shorter than the header (missing cells stay empty) but not longer.
    /// </summary>
    public HtmlReport Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows, string? caption = null) =>
        Grid(header, rows, caption, (html, cell, _, _) => html.Append(IsNumber(cell) ? "<td class=\"num\">" : "<td>").Append(Escape(FormatCell(cell))).Append("</td>"));

    /// <summary>
    /// A table whose <see cref="Image"/> cells show as pixelated PNGs upscaled by <paramref name="scale"/>
    /// (e.g. a recall grid with a header per column); "✓"/"✗" cells are coloured, other cells as in
    /// <see cref="Table"/>. Rows may be shorter than the header but not longer.
    /// </summary>
    public HtmlReport ImageTable(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows, int scale, string alt, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(alt);
        return Grid(header, rows, caption, (html, cell, row, column) =>
        {
            if (cell is Image image)
                html.Append("<td class=\"cell\"><img src=\"").Append(DataUri("image/png", Imaging.Png.Encode(scale == 1 ? image : ImageGrid.Upscale(image, scale))))
                    .Append("\" alt=\"").Append(Escape($"{alt}, row {row + 1}, {header[column]}")).Append("\" class=\"pixelated\"></td>");
            else if (cell is "✓" or "✗")
                html.Append(cell is "✓" ? "<td class=\"ok\">" : "<td class=\"bad\">").Append(cell).Append("</td>");
            else
                html.Append(IsNumber(cell) ? "<td class=\"num\">" : "<td>").Append(Escape(FormatCell(cell))).Append("</td>");
        });
    }

    /// <summary>A table in a horizontally scrollable wrapper; <paramref name="cell"/> writes one &lt;td&gt; (html, value, row, column).</summary>
    HtmlReport Grid(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows, string? caption, Action<StringBuilder, object?, int, int> cell)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var html = new StringBuilder("<div class=\"scroll\"><table>");
        if (caption is not null) html.Append("<caption>").Append(Escape(caption)).Append("</caption>");
        html.Append("<thead><tr>");
        foreach (string h in header) html.Append("<th>").Append(Escape(h)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        int index = 0;
        foreach (var row in rows)
        {
            if (row.Count > header.Count)
                throw new ArgumentException($"table row {index} has {row.Count} cells but the header has {header.Count}", nameof(rows));
            html.Append("<tr>");
            for (int c = 0; c < header.Count; c++) cell(html, c < row.Count ? row[c] : null, index, c);
            html.Append("</tr>");
            index++;
        }
        return Append(html.Append("</tbody></table></div>").ToString());
    }

    /// <summary>An encoded PNG as a data: URI; throws unless the bytes start with the PNG signature.</summary>
    public HtmlReport Png(ReadOnlySpan<byte> png, string alt, string? caption = null, bool pixelated = false)
    {
        if (!png.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
            throw new ArgumentException($"png: {png.Length} bytes without the PNG signature", nameof(png));
        return Figure(DataUri("image/png", png), alt, caption, pixelated);
    }

    /// <summary>An image encoded as PNG after nearest-neighbour upscaling by <paramref name="scale"/>.</summary>
    public HtmlReport Image(Image image, string alt, int scale = 1, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Png(Imaging.Png.Encode(scale == 1 ? image : ImageGrid.Upscale(image, scale)), alt, caption, pixelated: true);
    }

    /// <summary>An encoded GIF (e.g. a recall animation); throws unless it starts with GIF87a or GIF89a.</summary>
    public HtmlReport Gif(ReadOnlySpan<byte> gif, string alt, string? caption = null)
    {
        if (!gif.StartsWith("GIF87a"u8) && !gif.StartsWith("GIF89a"u8))
            throw new ArgumentException($"gif: {gif.Length} bytes without a GIF87a/GIF89a header", nameof(gif));
        return Figure(DataUri("image/gif", gif), alt, caption, pixelated: true);
    }

    /// <summary>Inline SVG markup (as the plots write it); an XML declaration in front is dropped.</summary>
    public HtmlReport Svg(string svg, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(svg);
        string markup = svg.TrimStart();
        if (markup.StartsWith("<?xml", StringComparison.Ordinal)) markup = markup[(markup.IndexOf("?>", StringComparison.Ordinal) + 2)..].TrimStart();
        if (!markup.StartsWith("<svg", StringComparison.Ordinal))
            throw new ArgumentException($"svg must start with <svg, got \"{markup[..Math.Min(20, markup.Length)]}\"", nameof(svg));
        var html = new StringBuilder("<figure>").Append(markup);
        if (caption is not null) html.Append("<figcaption>").Append(Escape(caption)).Append("</figcaption>");
        return Append(html.Append("</figure>").ToString());
    }

    /// <summary>A collapsed &lt;details&gt; block showing <paramref name="json"/> verbatim (escaped) in a &lt;pre&gt;.</summary>
    public HtmlReport Json(string summary, string json) =>
        Append($"<details><summary>{Escape(summary)}</summary><pre>{Escape(json)}</pre></details>");

    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Escape(Title)).Append("</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(Escape(Title)).Append("</h1>\n").Append(intro);
        if (sections.Count > 1)
        {
            html.Append("<nav><ul>\n");
            foreach (var (id, heading, _) in sections) html.Append($"<li><a href=\"#{id}\">{Escape(heading)}</a></li>\n");
            html.Append("</ul></nav>\n");
        }
        foreach (var (id, heading, body) in sections)
            html.Append($"<section id=\"{id}\">\n<h2>{Escape(heading)}</h2>\n").Append(body).Append("</section>\n");
        return html.Append("</body>\n</html>\n").ToString();
    }

    /// <summary>Writes the page as UTF-8 through <see cref="AtomicFile"/>, creating the folder if needed.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        AtomicFile.WriteAllText(path, ToHtml());
    }

    /// <summary>
    /// Table cell text: null → empty; integers as plain digits; double/float/decimal by
    /// <see cref="FormatNumber"/>; NaN → "NaN",
    /// ±∞ → "∞"/"−∞"; IFormattable with the invariant culture; anything else by ToString().
    /// </summary>
    public static string FormatCell(object? value) => value switch
    {
        null => "",
        string s => s,
        double d => FormatNumber(d),
        float f => FormatNumber(f),
        decimal m => FormatNumber((double)m),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// A number as every table and paragraph of a report shows it: 3 significant digits, in plain
    /// decimals for 1e-3 ≤ |v| &lt; 1e6 (integer part kept whole: 1234.5 → "1235") and as "6.16e-2"
    /// outside (no "+", no leading zeros in the exponent); NaN → "NaN", ±∞ → "∞"/"−∞".
    /// </summary>
    public static string FormatNumber(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "∞" : "−∞";
        if (value == 0) return "0";
        double magnitude = Math.Abs(value);
        if (magnitude >= 1e-3 && magnitude < 1e6)
        {
            int decimals = Math.Max(0, 2 - (int)Math.Floor(Math.Log10(magnitude)));
            return Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("0.#####", CultureInfo.InvariantCulture);
        }
        return value.ToString("0.##e0", CultureInfo.InvariantCulture);
    }

    static bool IsNumber(object? value) => value is double or float or decimal or int or long or short or byte or uint or ulong or ushort or sbyte;

    HtmlReport Figure(string uri, string alt, string? caption, bool pixelated)
    {
        ArgumentNullException.ThrowIfNull(alt);
        var html = new StringBuilder("<figure><img src=\"").Append(uri).Append("\" alt=\"").Append(Escape(alt)).Append('"');
        if (pixelated) html.Append(" class=\"pixelated\"");
        html.Append('>');
        if (caption is not null) html.Append("<figcaption>").Append(Escape(caption)).Append("</figcaption>");
        return Append(html.Append("</figure>").ToString());
    }

    HtmlReport Append(string html)
    {
        (sections.Count == 0 ? intro : sections[^1].Body).Append(html).Append('\n');
        return this;
    }

    static string DataUri(string mime, ReadOnlySpan<byte> bytes) => $"data:{mime};base64,{Convert.ToBase64String(bytes)}";

    static string Escape(string text) => SvgWriter.Escape(text ?? throw new ArgumentNullException(nameof(text)));

    static string Slug(string text)
    {
        var slug = new StringBuilder();
        foreach (char c in text.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9')) slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }
        string result = slug.ToString().Trim('-');
        return result.Length > 0 ? result : "section";
    }
}
