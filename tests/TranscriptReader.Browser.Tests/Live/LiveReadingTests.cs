using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using TranscriptReader.Core.Accounts;

using static TranscriptReader.Browser.Tests.Live.LivePages;

namespace TranscriptReader.Browser.Tests.Live;

/// <summary>
/// Two readers in two browser contexts on one transcript: what B does shows on A's open page without a reload,
/// rendered exactly as a reload renders it, and A's selection in progress is never swept away.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveReadingTests(BrowserApp app)
{
    /// <summary>Another app instance on the same database, as a second node behind a load balancer.</summary>
    private sealed class SecondNode(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("TR_DATABASE", connectionString);
            builder.UseSetting("Database:MigrateOnStart", "false");
            builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
            builder.UseSetting("RateLimits:writes:PermitLimit", "100000");
            builder.UseEnvironment("Testing");
        }
    }

    /// <summary>The block's highlighted text and the tag list as the tagging script leaves them.</summary>
    private const string RenderedJs = """
        (blockId) => document.querySelector(`.block-text[data-block-id="${blockId}"]`).innerHTML + "|" + document.getElementById("tag-list").innerHTML
        """;

    [Fact]
    public async Task What_another_reader_tags_votes_and_replies_appears_without_a_reload_and_a_selection_in_progress_survives()
    {
        var (transcriptId, blockId) = await SeedAsync(app, "Live reading");
        await using var ada = await app.NewSessionAsync();
        await ada.RegisterAsync("live-ada@example.org", "Live Ada");
        await using var bob = await app.NewSessionAsync();
        await bob.RegisterAsync("live-bob@example.org", "Live Bob");
        await OpenLiveAsync(ada.Page, transcriptId);
        await OpenLiveAsync(bob.Page, transcriptId);
        await Assertions.Expect(ada.Page.Locator("#live-bar .live-presence")).ToHaveTextAsync("2 readers here");
        await Assertions.Expect(ada.Page.Locator("#live-bar .live-presence")).ToHaveAttributeAsync("title", "Live Ada and Live Bob");

        // Bob tags: Ada's page shows the highlight, its permalink anchor and the sidebar entry.
        var tagged = await ApiAsync(bob.Page, "POST", "/api/v1/taggings", Tagging(blockId, "goal guarding strategy", "goal guarding"));
        var taggingId = tagged.GetProperty("id").GetInt64();
        await ada.Page.Locator($"#tag-{taggingId}").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await Assertions.Expect(ada.Page.Locator($"#tag-list a[href='#tag-{taggingId}']")).ToContainTextAsync("goal guarding");
        Assert.True(await NotReloadedAsync(ada.Page));
        var live = await ada.Page.EvaluateAsync<string>(RenderedJs, blockId);
        var reload = await ada.Context.NewPageAsync();
        await reload.GotoAsync($"/Transcripts/{transcriptId}");
        Assert.Equal(await reload.EvaluateAsync<string>(RenderedJs, blockId), live);
        await reload.CloseAsync();

        // Ada agrees (a tagger cannot vote on their own tagging), through the API as a script would: her page's counts move live.
        await ApiAsync(ada.Page, "POST", $"/api/v1/taggings/{taggingId}/vote", new { value = 1 });
        await Assertions.Expect(ada.Page.Locator("#tag-list .tag-votes")).ToHaveTextAsync("1 agree · 0 dispute");

        // Ada starts selecting a passage; Bob replies meanwhile: the update waits behind "1 new — show".
        const string phrase = "modify my values";
        await ada.Page.EvaluateAsync("""
            (phrase) => {
              const text = document.querySelector(".block-text").lastChild;
              const at = text.data.indexOf(phrase);
              window.getSelection().setBaseAndExtent(text, at, text, at + phrase.length);
            }
            """, phrase);
        await ApiAsync(bob.Page, "POST", "/api/v1/comments", new { taggingId, body = "Clearly goal guarding." });
        // One change or two: a comment also moves the transcript's last activity, which may be a version of its own.
        await Assertions.Expect(ada.Page.Locator("#live-bar .live-pending")).ToHaveTextAsync(new Regex("^[12] new — show$"));
        Assert.Equal(phrase, await ada.Page.EvaluateAsync<string>("() => window.getSelection().toString()"));

        await ada.Page.Locator("#live-bar .live-pending").ClickAsync();
        await Assertions.Expect(ada.Page.Locator("#live-bar .live-pending")).ToBeHiddenAsync();
        var comments = await ada.Page.EvaluateAsync<int>($"() => JSON.parse(document.getElementById('tr-taggings').textContent).taggings.find(t => t.id === {taggingId}).comments");
        Assert.Equal(1, comments);
        Assert.True(await NotReloadedAsync(ada.Page));
        // The tagging script runs on the swapped part: a highlight still opens its details.
        await ada.Page.Locator($"mark.hl[data-t~='{taggingId}']").First.ClickAsync();
        await Assertions.Expect(ada.Page.Locator("#tr-popover .pop-counts")).ToContainTextAsync("1 agree · 0 dispute");
        Assert.Empty(ada.CspViolations);
        Assert.Empty(ada.ServerErrors);
    }

    [Fact]
    public async Task A_tagging_made_through_a_second_instance_reaches_a_page_served_by_the_first_also_after_its_listener_was_cut()
    {
        var (transcriptId, blockId) = await SeedAsync(app, "Two nodes");
        await using var second = new SecondNode(app.Database.ConnectionString);
        string token;
        using (var scope = second.Services.CreateScope())
        {
            var (user, _) = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateAsync("node2-bob@example.org", "Node Two Bob", "correct horse battery", Roles.Member);
            token = (await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(user!.Id, "tests")).Secret;
        }
        var writer = second.CreateClient();
        writer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await using var ada = await app.NewSessionAsync();
        await OpenLiveAsync(ada.Page, transcriptId);

        var created = await writer.PostAsJsonAsync("/api/v1/taggings", Tagging(blockId, "free tier", "training awareness"));
        var firstId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await ada.Page.Locator($"#tag-{firstId}").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

        // Cut every node's LISTEN connection and write while they are away: the page still catches up.
        await using (var admin = new NpgsqlConnection(app.Database.ConnectionString))
        {
            await admin.OpenAsync();
            await using var cut = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'transcriptreader-listen'", admin);
            await cut.ExecuteScalarAsync();
        }
        created = await writer.PostAsJsonAsync("/api/v1/taggings", Tagging(blockId, "modify my values", "training awareness"));
        var secondId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await ada.Page.Locator($"#tag-{secondId}").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 20000 });
        Assert.True(await NotReloadedAsync(ada.Page));
    }
}
