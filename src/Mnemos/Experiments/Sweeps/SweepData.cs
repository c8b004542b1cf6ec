// The images the sweeps store: the first n bundled Fashion-MNIST training images (values in [0, 1]),
// area-averaged down to side × side. The study used MNIST digits and grayscale CIFAR-10, neither of
// which is bundled; Fashion-MNIST is the closest 28×28 grayscale set the repository carries.
using Mnemos.Data;
using Mnemos.Imaging;
using Mnemos.Tensors;

namespace Mnemos.Experiments.Sweeps;

/// <summary>Which images a sweep stores: the bundled set, how many, and the side they are resized to.</summary>
public sealed record SweepData(string Source, int Count, int Side)
{
    public const string FashionMnist = "fashion-mnist:train";

    /// <summary>Values per image, side².</summary>
    public int Dimension => Side * Side;

    public void Validate()
    {
        if (Count < 1) throw new ArgumentException($"image count {Count}: must be at least 1");
        if (Side < 1 || Side > 28) throw new ArgumentException($"image side {Side}: must be in [1, 28] (the bundled images are 28×28)");
    }

    /// <summary>The images as rows [Count × Side²].</summary>
    public Matrix Load()
    {
        Validate();
        var set = BundledData.LoadImages(Source, Count);
        if (set.Count < Count) throw new ArgumentException($"{Source} has {set.Count} images, the sweep asks for {Count}");
        return ImageRows.From(Enumerable.Range(0, Count).Select(i => Image.FromVector(set.Images.Row(i), set.Width, set.Height, set.Channels)),
            new ImageShape(Side, Side, 1));
    }

    public string Describe() => $"{Count} {Source} images at {Side}×{Side}";
}
