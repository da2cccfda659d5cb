using Microsoft.Playwright;

namespace TranscriptReader.Browser.Tests.Reading;

/// <summary>Issue 13, defect 6: a tagger's own agree does not count toward accepted.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OwnVoteTests(BrowserApp app)
{
    [Fact]
    public async Task A_tagger_is_offered_no_vote_on_their_own_tag_and_one_other_agree_leaves_it_proposed()
    {
        var room = new ReadingRoom(app);
        await room.SeedAsync("Own votes");
        var label = await room.LabelAsync("own vote label", "#4477aa");
        await using var ada = await app.NewSessionAsync();
        await ada.RegisterAsync("own-vote-ada@example.org", "Own Vote Ada");
        var adaId = await ReadingRoom.UserIdAsync(app, "Own Vote Ada");
        var id = await room.TagAsync(adaId, label, "modify my values");
        var bob = await room.ReaderAsync("Own Vote Bob");
        await room.VoteAsync(id, bob, 1);

        await ada.Page.GotoAsync(room.Url);
        await ada.Page.Locator($"mark.hl[data-t~='{id}']").First.ClickAsync();
        var popover = ada.Page.Locator("#tr-popover");
        await Assertions.Expect(popover.Locator(".pop-own")).ToContainTextAsync("other readers’ votes decide");
        await Assertions.Expect(popover.Locator("button", new LocatorLocatorOptions { HasText = "Agree" })).ToHaveCountAsync(0);
        await Assertions.Expect(popover.Locator(".pop-counts")).ToHaveTextAsync("1 agree · 0 dispute · proposed");

        // The API refuses the vote the page no longer offers.
        var status = await ada.Page.EvaluateAsync<int>("""
            async (id) => {
              const token = document.querySelector("input[name=__RequestVerificationToken]").value;
              const r = await fetch("/api/v1/taggings/" + id + "/vote", { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-TOKEN": token }, body: JSON.stringify({ value: 1 }) });
              return r.status;
            }
            """, id);
        Assert.Equal(400, status);
        await ada.Page.ReloadAsync();
        await Assertions.Expect(ada.Page.Locator($"#tag-list .tag-item[data-ids='{id}'] .tag-votes")).ToContainTextAsync("1 agree · 0 dispute");
    }
}
