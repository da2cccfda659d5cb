using TranscriptReader.Core.Paging;

namespace TranscriptReader.Core.Tests.Paging;

public sealed class FeedCursorTests
{
    [Fact]
    public void A_cursor_reads_back_exactly_to_the_microsecond()
    {
        var at = new DateTimeOffset(2026, 12, 1, 19, 45, 3, TimeSpan.FromHours(2)).AddTicks(1234560);
        var cursor = FeedCursor.At(at, 987654321);

        Assert.True(FeedCursor.TryParse(cursor.ToString(), out var read));
        Assert.Equal(cursor, read);
        Assert.Equal(at.UtcTicks, read.Value.CreatedAt.UtcTicks);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("-5")]
    [InlineData("5-")]
    [InlineData("-1-5")]
    [InlineData("1 -5")]
    [InlineData("99999999999999999999-1")]
    [InlineData("9223372036854775807-1")]
    public void Anything_else_is_no_cursor(string? text) => Assert.False(FeedCursor.TryParse(text, out _));
}
