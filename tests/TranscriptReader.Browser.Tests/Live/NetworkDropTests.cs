using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static TranscriptReader.Browser.Tests.Live.LivePages;

namespace TranscriptReader.Browser.Tests.Live;

/// <summary>
/// The page's own network drops: its WebSocket is closed on both legs and the browser context goes offline (so
/// SignalR's negotiation and fallbacks fail too). Another reader works meanwhile; when the network is back the
/// page reconnects by itself and shows what it missed, without a reload.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NetworkDropTests(BrowserApp app)
{
    [Fact]
    public async Task After_the_pages_socket_drops_it_shows_reconnecting_then_live_and_the_changes_made_meanwhile()
    {
        var (transcriptId, blockId) = await SeedAsync(app, "Network drop");
        await using var ada = await app.NewSessionAsync();
        await ada.RegisterAsync("drop-ada@example.org", "Drop Ada");
        await using var bob = await app.NewSessionAsync();
        await bob.RegisterAsync("drop-bob@example.org", "Drop Bob");

        // Every hub socket of Ada's page passes through this route, so the test can cut it like a network would.
        var legs = new List<(IWebSocketRoute Page, IWebSocketRoute Server)>();
        var down = false;
        await ada.Page.RouteWebSocketAsync(new Regex("/hubs/reading"), socket =>
        {
            lock (legs)
            {
                if (down)
                {
                    _ = socket.CloseAsync(new() { Code = 4000, Reason = "network down" });
                    return;
                }
                legs.Add((socket, socket.ConnectToServer()));
            }
        });
        await OpenLiveAsync(ada.Page, transcriptId);
        await OpenLiveAsync(bob.Page, transcriptId);
        var before = await ApiAsync(bob.Page, "POST", "/api/v1/taggings", Tagging(blockId, "free tier", "training awareness"));
        await ada.Page.Locator($"#tag-{before.GetProperty("id").GetInt64()}").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await ada.Context.SetOfflineAsync(true);
        List<(IWebSocketRoute Page, IWebSocketRoute Server)> open;
        lock (legs)
        {
            down = true;
            open = [.. legs];
        }
        foreach (var (page, server) in open)
        {
            await server.CloseAsync();
            await page.CloseAsync(new() { Code = 4000, Reason = "network down" });
        }
        await Assertions.Expect(ada.Page.Locator("#live-bar .live-state")).ToHaveTextAsync("reconnecting");

        var tagged = await ApiAsync(bob.Page, "POST", "/api/v1/taggings", Tagging(blockId, "goal guarding strategy", "goal guarding"));
        var taggingId = tagged.GetProperty("id").GetInt64();
        await ApiAsync(bob.Page, "POST", "/api/v1/comments", new { taggingId, body = "Written while Ada was offline." });
        // Still away: nothing of it has reached Ada's page.
        Assert.Equal(0, await ada.Page.Locator($"#tag-{taggingId}").CountAsync());

        lock (legs)
        {
            down = false;
        }
        await ada.Context.SetOfflineAsync(false);
        await Assertions.Expect(ada.Page.Locator("#live-bar .live-state")).ToHaveTextAsync("live", new() { Timeout = 30000 });
        await ada.Page.Locator($"#tag-{taggingId}").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 20000 });
        await Assertions.Expect(ada.Page.Locator($"#tag-list a[href='#tag-{taggingId}']")).ToContainTextAsync("goal guarding");
        await ada.Page.WaitForFunctionAsync(CommentsOfJs(taggingId) + " === 1");
        Assert.True(await NotReloadedAsync(ada.Page));
        Assert.True(legs.Count >= 2, "the page opened a new socket after the drop");
        Assert.Empty(ada.ServerErrors);
    }
}
