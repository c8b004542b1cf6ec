// The options that say how real files become data (images: size and colour; audio: window and
// rate), shared by every command that loads data, and the one call that loads with them. Notes on
// scaling go to stderr, never stdout (docs/data-formats.md lists the rules).
using System.CommandLine;
using Mnemos.Data;
using Mnemos.Tensors;

namespace Mnemos.Cli;

sealed class DataFileOptions
{
    public readonly Option<string?> ImageSize = new("--image-size")
    {
        Description = "Resize image data to WxH (area averaging when shrinking, bilinear when growing, aspect not kept); default: the images' own size, which must be one.",
    };
    public readonly Option<string> Color = new("--color")
    {
        Description = "Image data as gray (BT.601 luma) or rgb (alpha dropped); auto: gray when every image is gray.",
        DefaultValueFactory = _ => "auto",
    };
    public readonly Option<double?> AudioWindow = CliOptions.Double("--audio-window", "WAV data: seconds per row (consecutive windows, a partial last one dropped).", 1, 0, exclusiveMin: true);
    public readonly Option<int?> SampleRate = new("--sample-rate") { Description = "WAV data: resample to this rate in Hz first (linear interpolation); default the file's." };

    public DataFileOptions()
    {
        SampleRate.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1 and var n) r.AddError($"--sample-rate {n}: must be at least 1"); });
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { ImageSize, Color, AudioWindow, SampleRate }) command.Options.Add(option);
    }

    /// <summary>The data <paramref name="source"/> names, read with these options; notes go to <paramref name="error"/>.</summary>
    public Matrix Load(ParseResult parse, string source, TextWriter error) =>
        DataSource.Load(source, Options(parse), line => error.WriteLine(line));

    public DataOptions Options(ParseResult parse)
    {
        var size = parse.GetValue(ImageSize) is { } text ? Checked("--image-size", () => DataOptions.ParseImageSize(text)) : ((int, int)?)null;
        return new DataOptions
        {
            ImageWidth = size?.Item1,
            ImageHeight = size?.Item2,
            Color = Checked("--color", () => DataOptions.ParseColor(parse.GetValue(Color)!)),
            WindowSeconds = parse.GetValue(AudioWindow) ?? 1,
            SampleRate = parse.GetValue(SampleRate),
        };
    }

    static T Checked<T>(string option, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException($"{option}: {e.Message}");
        }
    }
}
