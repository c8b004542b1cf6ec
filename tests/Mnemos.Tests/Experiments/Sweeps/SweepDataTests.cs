using Mnemos.Data;
using Mnemos.Experiments.Sweeps;

namespace Mnemos.Tests.Experiments.Sweeps;

public class SweepDataTests
{
    [Fact]
    public void Photo_crops_are_the_four_quarters_of_each_photo_tile_in_luma()
    {
        var tiles = BundledData.LoadImages("patches:64", 3);
        var data = new SweepData(SweepData.PhotoCrops, 10, 32).Load();
        Assert.Equal((10, 1024), (data.Rows, data.Cols));
        for (int k = 0; k < 10; k++)
        {
            var tile = tiles.Images.Row(k / 4);
            int x0 = k % 4 % 2 * 32, y0 = k % 4 / 2 * 32;
            for (int y = 0; y < 32; y++)
                for (int x = 0; x < 32; x++)
                {
                    int p = ((y0 + y) * 64 + x0 + x) * 3;
                    float luma = 0.299f * tile[p] + 0.587f * tile[p + 1] + 0.114f * tile[p + 2];
                    Assert.Equal(luma, data[k, y * 32 + x]);
                }
        }
    }

    [Fact]
    public void Photo_crops_number_196_and_a_larger_count_or_side_is_refused()
    {
        Assert.Equal(196, new SweepData(SweepData.PhotoCrops, 196, 32).Load().Rows);
        Assert.Contains("has 196 images", Assert.Throws<ArgumentException>(() => new SweepData(SweepData.PhotoCrops, 197, 32).Load()).Message);
        Assert.Contains("image side 33", Assert.Throws<ArgumentException>(() => new SweepData(SweepData.PhotoCrops, 4, 33).Load()).Message);
        Assert.Equal(16 * 16, new SweepData(SweepData.PhotoCrops, 4, 16).Load().Cols);
    }

    [Fact]
    public void The_full_tables_store_100_natural_images_at_the_studys_dimension()
    {
        var s = AttractorTableSettings.Full(AttractorTableSettings.StudyOptimizers);
        Assert.Equal((SweepData.PhotoCrops, 100, 1024), (s.Data.Source, s.Data.Count, s.Data.Dimension));
        Assert.Equal(s.Data, AttractorTableSettings.Study(AttractorTableSettings.StudyInits).Data);
    }
}
