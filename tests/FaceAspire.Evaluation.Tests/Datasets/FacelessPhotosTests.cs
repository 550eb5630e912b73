using FaceAspire.Evaluation.Datasets;

namespace FaceAspire.Evaluation.Tests.Datasets;

public sealed class FacelessPhotosTests
{
    [Fact]
    public void The_sequence_is_fixed_and_mixes_kinds_and_sizes()
    {
        var first = FacelessPhotos.Generate(8).ToList();
        var again = FacelessPhotos.Generate(8).ToList();

        first.Select(p => p.Kind).Distinct().Count().ShouldBe(4);
        first.Select(p => (p.Image.Width, p.Image.Height)).Distinct().Count().ShouldBe(8);
        first.Select(p => p.Image.Pixels).ShouldBe(again.Select(p => p.Image.Pixels));
    }

    [Fact]
    public void Documents_carry_dark_ink_on_a_light_page_and_textures_vary()
    {
        var photos = FacelessPhotos.Generate(4).ToDictionary(p => p.Kind, p => p.Image);

        var document = photos["document"];
        var pixels = document.Width * document.Height;
        var light = Enumerable.Range(0, pixels).Count(i => document.Pixels[i * 3] > 200);
        ((double)light / pixels).ShouldBeGreaterThan(0.5);
        // The text band (below the header bar, above the table) holds glyphs: grey to dark ink on the page.
        var band = Enumerable.Range(0, pixels).Where(i => i / document.Width is var y && y > document.Height * 0.13 && y < document.Height * 0.6);
        ((double)band.Count(i => document.Pixels[i * 3] < 160) / band.Count()).ShouldBeInRange(0.02, 0.5);
        photos["noise texture"].Pixels.Distinct().Count().ShouldBeGreaterThan(64);
    }
}
