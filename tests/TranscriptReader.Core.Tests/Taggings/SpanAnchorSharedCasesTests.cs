using TranscriptReader.Core.Taggings;
using TranscriptReader.Core.Tests.Support;

namespace TranscriptReader.Core.Tests.Taggings;

/// <summary>
/// SpanAnchor.Create on tests/Fixtures/span-anchor-cases.json; the browser's anchor()
/// (wwwroot/js/tagging/offsets.js) is tested on the same file by tests/TranscriptReader.Js.Tests.
/// </summary>
public sealed class SpanAnchorSharedCasesTests
{
    private const string File = "span-anchor-cases.json";

    public static TheoryData<string> Cases => SharedCases.Names(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Shared_case_gives_the_expected_span_or_error(string name)
    {
        var c = SharedCases.Load(File)[name];

        var result = SpanAnchor.Create(
            SharedCases.Text(c, "text")!, c.GetProperty("start").GetInt32(), c.GetProperty("end").GetInt32(), SharedCases.Text(c, "quote"));

        if (SharedCases.Text(c, "error") is { } error)
        {
            Assert.False(result.Ok);
            Assert.Equal(error, result.Failure!.Message);
        }
        else
        {
            var expect = c.GetProperty("expect");
            Assert.True(result.Ok, result.Failure?.Message);
            var span = result.Value;
            Assert.Equal(
                (expect.GetProperty("start").GetInt32(), expect.GetProperty("end").GetInt32(),
                    SharedCases.Text(expect, "quote"), SharedCases.Text(expect, "prefix"), SharedCases.Text(expect, "suffix")),
                (span.Start, span.End, span.Quote, span.Prefix, span.Suffix));
        }
    }
}
