namespace TranscriptReader.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class LayoutTests(BrowserApp app)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task Registering_in_the_browser_signs_in_and_shows_the_name_in_the_header(int width)
    {
        await using var session = await app.NewSessionAsync(width);
        await session.RegisterAsync($"reader{width}@example.org", $"Reader {width}");
        var header = await session.Page.TextContentAsync("header.site-header");
        Assert.Contains($"Reader {width}", header);
        // Nothing may overflow sideways at phone width.
        var overflow = await session.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow);
        Assert.Empty(session.Dialogs);
        Assert.Empty(session.ServerErrors);
    }
}
