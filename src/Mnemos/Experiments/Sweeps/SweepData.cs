// The images the sweeps store, in gray, values in [0, 1]: the first n bundled Fashion-MNIST training
// images area-averaged down to side × side, or the first n 32×32 crops of the bundled photo tiles.
// The study used MNIST digits (d = 784) and grayscale CIFAR-10 (32×32 natural images, d = 1,024),
// neither of which is bundled; Fashion-MNIST is the closest 28×28 set the repository carries, and
// the photo crops are the nearest natural 32×32 images.
using Mnemos.Data;
using Mnemos.Imaging;
using Mnemos.Tensors;

namespace Mnemos.Experiments.Sweeps;

/// <summary>Which images a sweep stores: the bundled set, how many, and the side they are resized to.</summary>
public sealed record SweepData(string Source, int Count, int Side)
{
    public const string FashionMnist = "fashion-mnist:train";

    /// <summary>
    /// The 49 bundled 64×64 photo tiles (patches:64, file-name order) each cut into its four 32×32
    /// quarters (top-left, top-right, bottom-left, bottom-right): 196 natural gray 32×32 images.
    /// </summary>
    public const string PhotoCrops = "photo-crops";

    const int CropSide = 32;

    /// <summary>Values per image, side².</summary>
    public int Dimension => Side * Side;

    public void Validate()
    {
        if (Count < 1) throw new ArgumentException($"image count {Count}: must be at least 1");
        if (Source == PhotoCrops)
        {
            if (Side < 1 || Side > CropSide) throw new ArgumentException($"image side {Side}: must be in [1, {CropSide}] (the photo crops are {CropSide}×{CropSide})");
        }
        else if (Side < 1 || Side > 28) throw new ArgumentException($"image side {Side}: must be in [1, 28] (the bundled images are 28×28)");
    }

    /// <summary>The images as rows [Count × Side²].</summary>
    public Matrix Load()
    {
        Validate();
        var images = Source == PhotoCrops ? LoadCrops() : LoadSet();
        return ImageRows.From(images, new ImageShape(Side, Side, 1));
    }

    IEnumerable<Image> LoadSet()
    {
        var set = BundledData.LoadImages(Source, Count);
        if (set.Count < Count) throw new ArgumentException($"{Source} has {set.Count} images, the sweep asks for {Count}");
        return Enumerable.Range(0, Count).Select(i => Image.FromVector(set.Images.Row(i), set.Width, set.Height, set.Channels));
    }

    IEnumerable<Image> LoadCrops()
    {
        int tiles = (Count + 3) / 4;
        var set = BundledData.LoadImages("patches:64", tiles);
        if (set.Count * 4 < Count) throw new ArgumentException($"{PhotoCrops} has {set.Count * 4} images, the sweep asks for {Count}");
        var crops = new List<Image>(Count);
        for (int i = 0; i < set.Count && crops.Count < Count; i++)
        {
            var tile = Image.FromVector(set.Images.Row(i), set.Width, set.Height, set.Channels);
            for (int q = 0; q < 4 && crops.Count < Count; q++)
                crops.Add(tile.Crop(q % 2 * CropSide, q / 2 * CropSide, CropSide, CropSide));
        }
        return crops;
    }

    public string Describe() => Source == PhotoCrops
        ? $"{Count} gray {CropSide}×{CropSide} photo crops{(Side == CropSide ? "" : $" at {Side}×{Side}")}"
        : $"{Count} {Source} images at {Side}×{Side}";
}
