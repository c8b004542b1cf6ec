// Result types shared by the image loaders (IDX, CIFAR-10) and the bundled-data catalogue.
using Mnemos.Tensors;

namespace Mnemos.Data;

/// <summary>
/// Images as a count×(height·width·channels) matrix, one image per row, with their class labels.
/// Pixel layout within a row is stated by the loader that made it (row-major; for RGB, interleaved
/// r, g, b per pixel unless the loader says planar).
/// </summary>
internal sealed record LabeledImages(Matrix Images, int[] Labels, int Height, int Width, int Channels)
{
    public int Count => Images.Rows;
}
