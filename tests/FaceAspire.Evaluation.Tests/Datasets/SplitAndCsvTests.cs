using FaceAspire.Evaluation.Datasets;

namespace FaceAspire.Evaluation.Tests.Datasets;

public sealed class SplitAndCsvTests
{
    [Fact]
    public void Split_is_deterministic_and_close_to_half()
    {
        var keys = Enumerable.Range(0, 10_000).Select(i => $"id:{i}").ToList();
        var validation = keys.Count(k => DatasetSplit.SideOf(k) == SplitSide.Validation);

        validation.ShouldBeInRange(4800, 5200);
        keys.Take(100).ShouldAllBe(k => DatasetSplit.SideOf(k) == DatasetSplit.SideOf(k));
    }

    [Fact]
    public void Split_of_a_known_key_never_changes()
    {
        // Pinned so that a change to the salt or the rule, which would silently reshuffle every
        // reported figure, fails here first.
        DatasetSplit.SideOf("jaffe:KA").ShouldBe(SplitSide.Validation);
        DatasetSplit.SideOf("jaffe:KM").ShouldBe(SplitSide.Train);
    }

    [Fact]
    public void Csv_parser_handles_quotes_escaped_quotes_and_crlf()
    {
        var rows = CsvTable.Parse("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n1,\n").ToList();

        rows.Count.ShouldBe(3);
        rows[1].ShouldBe(["x, y", "say \"hi\""]);
        rows[2].ShouldBe(["1", ""]);
    }
}
