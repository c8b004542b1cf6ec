// Images stacked as the rows of a matrix at one common shape: the one place where the experiments
// convert and resize the images they store (demo, sweeps, sequences). Choosing the images is the caller's.
using Mnemos.Imaging;
using Mnemos.Tensors;

namespace Mnemos.Data;

/// <summary>Images as matrix rows in <see cref="ImageShape"/> layout.</summary>
internal static class ImageRows
{
    /// <summary>
    /// Row i is image i converted to the colours of <paramref name="shape"/> (1 channel:
    /// <see cref="Image.ToGray"/>; 3: <see cref="Image.ToRgb"/>; 4: the image must be RGBA already),
    /// then <see cref="Image.Resize"/>d to shape.Width × shape.Height (area averaging on a shrinking
    /// axis, bilinear on a growing one, a copy at the same size), then written by
    /// <see cref="Image.ToVector"/>. Result [count × shape.Size].
    /// Converting comes first: gray of a mean and mean of grays differ in the last bits. The final
    /// clamp to [0, 1] (NaN → 0) is not idle: area weights rounded to float can sum past 1, so a
    /// white 28×28 image shrunk to side 2, 5, 8 or 16 has pixels of 1.0000001–1.0000002 before it.
    /// </summary>
    /// <exception cref="ArgumentException">An image's channels cannot be converted to the shape's; the message shows both counts.</exception>
    public static Matrix From(IEnumerable<Image> images, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(images);
        var list = images.ToArray();
        var result = new Matrix(list.Length, shape.Size);
        for (int i = 0; i < list.Length; i++)
            Convert(list[i], shape.Channels, i).Resize(shape.Width, shape.Height).ToVector().CopyTo(result.Row(i));
        return result;
    }

    static Image Convert(Image image, int channels, int index) => channels switch
    {
        1 => image.ToGray(),
        3 => image.ToRgb(),
        _ when image.Channels == channels => image,
        _ => throw new ArgumentException(
            $"image {index} has {image.Channels} channels but the target shape has {channels}; only gray (1) and RGB (3) are converted to", "images"),
    };
}
