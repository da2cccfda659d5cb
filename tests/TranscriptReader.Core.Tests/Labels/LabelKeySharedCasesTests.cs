using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Tests.Support;

namespace TranscriptReader.Core.Tests.Labels;

/// <summary>
/// LabelNames.Key on tests/Fixtures/label-key-cases.json; the tag popover's labelKey()
/// (wwwroot/js/tagging/labels.js) is tested on the same file by tests/TranscriptReader.Js.Tests.
/// </summary>
public sealed class LabelKeySharedCasesTests
{
    private const string File = "label-key-cases.json";

    public static TheoryData<string> Cases => SharedCases.Names(File);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Shared_case_gives_the_expected_key(string name)
    {
        var c = SharedCases.Load(File)[name];
        var key = SharedCases.Text(c, "key")!;

        Assert.Equal(key, LabelNames.Key(SharedCases.Text(c, "label")!));
        Assert.Equal(key, LabelNames.Key(key));
    }
}
