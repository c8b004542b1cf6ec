// Draws labels around a grid from ImageGrid.Compose, for the standalone PNGs: a header above each
// column, a label left of each row and a ✓/✗ right of each row. Text is drawn by SkiaSharp with a
// system sans-serif font (DejaVu Sans where installed); ✓ and ✗ are drawn as strokes, so they do not
// depend on a font. Encoding stays with Png: the result is an RGB Image.
using System.Runtime.InteropServices;
using Mnemos.Imaging;
using SkiaSharp;

namespace Mnemos.Reports;

/// <summary>
/// Text around a grid: <see cref="Columns"/> headers (empty or one per column), <see cref="Rows"/>
/// labels (empty or one per row) and <see cref="Marks"/> (empty or one per row: true ✓, false ✗, null none).
/// </summary>
internal sealed record GridCaptions(IReadOnlyList<string> Columns, IReadOnlyList<string> Rows, IReadOnlyList<bool?> Marks);

/// <summary>Adds header, row-label and mark bands to a composed grid image.</summary>
internal static class GridLabels
{
    const float FontSize = 12, MinFontSize = 7, Pad = 6;
    /// <summary>Height of the header band; width of the mark band.</summary>
    public const int HeaderHeight = 20, MarkWidth = 22;
    static readonly SKColor Ink = new(0x22, 0x22, 0x22), Ok = new(0x1a, 0x7f, 0x37), Bad = new(0xc0, 0x39, 0x2b);

    /// <summary>The typeface labels are drawn with, or null when the machine has no font (then only ✓/✗ are drawn).</summary>
    public static SKTypeface? Typeface { get; } = FindTypeface();

    /// <summary>
    /// <paramref name="grid"/> (cells <paramref name="cellWidth"/> × <paramref name="cellHeight"/> px,
    /// <paramref name="gap"/> px apart and around, as <see cref="ImageGrid.Compose"/> lays them out) with
    /// a header band on top when there are column headers, a row-label band on the left sized to the
    /// longest label, and a mark band on the right when there are marks. The grid's pixels are copied
    /// unchanged (as 8-bit values) at (left band width, header band height). A header wider than its
    /// column is drawn at a smaller size (down to 7 px) and then clipped to the column.
    /// </summary>
    public static Image Draw(Image grid, int cellWidth, int cellHeight, int gap, GridCaptions captions)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(captions);
        int columns = (grid.Width - gap) / (cellWidth + gap), rows = (grid.Height - gap) / (cellHeight + gap);
        if (captions.Columns.Count is not 0 && captions.Columns.Count != columns)
            throw new ArgumentException($"{captions.Columns.Count} column headers for a grid of {columns} columns", nameof(captions));
        if (captions.Rows.Count is not 0 && captions.Rows.Count != rows)
            throw new ArgumentException($"{captions.Rows.Count} row labels for a grid of {rows} rows", nameof(captions));
        if (captions.Marks.Count is not 0 && captions.Marks.Count != rows)
            throw new ArgumentException($"{captions.Marks.Count} marks for a grid of {rows} rows", nameof(captions));

        using var font = new SKFont(Typeface ?? SKTypeface.Default, FontSize) { Edging = SKFontEdging.Antialias, Subpixel = false };
        int top = captions.Columns.Count > 0 ? HeaderHeight : 0;
        int left = captions.Rows.Count > 0 && Typeface is not null ? (int)Math.Ceiling(captions.Rows.Max(r => font.MeasureText(r)) + 2 * Pad) : 0;
        int right = captions.Marks.Count > 0 ? MarkWidth : 0;
        int width = left + grid.Width + right, height = top + grid.Height;

        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgba = new byte[width * height * 4];
        Array.Fill(rgba, (byte)255);
        var rgb = grid.Channels == 3 ? grid : grid.ToRgb();
        for (int y = 0; y < grid.Height; y++)
            for (int x = 0; x < grid.Width; x++)
                for (int k = 0; k < 3; k++)
                    rgba[((top + y) * width + left + x) * 4 + k] = Image.ToByte(rgb[x, y, k]);
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);

        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { IsAntialias = true, Color = Ink })
        {
            double Column(int c) => left + gap + c * (cellWidth + gap);
            double Row(int r) => top + gap + r * (cellHeight + gap);
            if (Typeface is not null)
            {
                for (int c = 0; c < captions.Columns.Count; c++)
                {
                    string text = captions.Columns[c];
                    float size = Math.Max(MinFontSize, Math.Min(FontSize, FontSize * (cellWidth - 2) / Math.Max(1, font.MeasureText(text))));
                    using var fitted = new SKFont(font.Typeface, size) { Edging = SKFontEdging.Antialias, Subpixel = false };
                    canvas.Save();
                    canvas.ClipRect(SKRect.Create((float)Column(c), 0, cellWidth, top));
                    canvas.DrawText(text, (float)(Column(c) + cellWidth / 2.0), top - 6, SKTextAlign.Center, fitted, paint);
                    canvas.Restore();
                }
                for (int r = 0; r < captions.Rows.Count; r++)
                    canvas.DrawText(captions.Rows[r], left - Pad, (float)(Row(r) + cellHeight / 2.0 + FontSize * 0.35), SKTextAlign.Right, font, paint);
            }
            for (int r = 0; r < captions.Marks.Count; r++)
                if (captions.Marks[r] is { } ok) DrawMark(canvas, ok, left + grid.Width + MarkWidth / 2f, (float)(Row(r) + cellHeight / 2.0));
        }

        var pixels = bitmap.Bytes;
        var image = new Image(width, height, 3);
        for (int p = 0; p < width * height; p++)
            for (int k = 0; k < 3; k++)
                image.Pixels[p * 3 + k] = pixels[p * 4 + k] / 255f;
        return image;
    }

    /// <summary>A ✓ (green) or ✗ (red) of about 12 px centred at (x, y), as two strokes.</summary>
    static void DrawMark(SKCanvas canvas, bool ok, float x, float y)
    {
        using var pen = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 2.2f, StrokeCap = SKStrokeCap.Round, Color = ok ? Ok : Bad };
        if (ok)
        {
            canvas.DrawLine(x - 6, y, x - 2, y + 5, pen);
            canvas.DrawLine(x - 2, y + 5, x + 6, y - 6, pen);
        }
        else
        {
            canvas.DrawLine(x - 5, y - 5, x + 5, y + 5, pen);
            canvas.DrawLine(x + 5, y - 5, x - 5, y + 5, pen);
        }
    }

    static SKTypeface? FindTypeface()
    {
        var manager = SKFontManager.Default;
        foreach (string family in new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica" })
            if (manager.MatchFamily(family) is { GlyphCount: > 0 } typeface) return typeface;
        return SKTypeface.Default is { GlyphCount: > 0 } fallback ? fallback : null;
    }
}
