using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Pages.Transcripts;

/// <summary>/Transcripts/{id}/Speakers: the importer (or a moderator) swaps speakers' roles, and the cached page shows it at once.</summary>
[Collection(WebCollection.Name)]
public sealed class SpeakersPageTests(AppFactory app) : IAsyncLifetime
{
    private const string Interview = "A: Thank you for joining us. What do you work on?\n\nC: I study how models reason.\n\nA: And what surprised you?\n\nC: How often they plan ahead.\n";

    private TestClient importer = null!;
    private long id;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        importer = app.NewClient();
        await importer.RegisterAsync("imke@example.org", "Imke");
        var token = await importer.AntiforgeryTokenAsync("/Transcripts/Import");
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(Interview)), "files", "interview.txt" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var response = await importer.Http.PostAsync("/Transcripts/Import", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = app.CreateDbContext();
        id = await db.Transcripts.Select(t => t.Id).SingleAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<List<(string Role, string? Speaker)>> RolesAsync()
    {
        await using var db = app.CreateDbContext();
        return (await db.Messages.Where(m => m.TranscriptId == id).OrderBy(m => m.Ordinal).Select(m => new { m.Role, m.Speaker }).ToListAsync())
            .Select(m => (m.Role, m.Speaker)).ToList();
    }

    [Fact]
    public async Task The_importer_swaps_two_speakers_and_the_transcript_page_shows_it_at_once()
    {
        var before = await RolesAsync();
        Assert.Equal(["A", "C"], before.Select(m => m.Speaker!).Distinct());
        var (_, page) = await importer.GetPageAsync($"/Transcripts/{id}");
        var rolesBefore = page.QuerySelectorAll("section.msg").Select(s => s.ClassName).ToList();
        var (speakers, sheet) = await importer.GetPageAsync($"/Transcripts/{id}/Speakers");
        Assert.Equal(HttpStatusCode.OK, speakers.StatusCode);
        var rows = sheet.QuerySelectorAll("table.speakers-table tbody tr").ToList();
        Assert.Equal(2, rows.Count);

        var fields = new Dictionary<string, string>();
        for (var i = 0; i < before.Distinct().Count(); i++)
        {
            var (role, speaker) = before.Distinct().ElementAt(i);
            fields[$"Rows[{i}].Role"] = role;
            fields[$"Rows[{i}].Speaker"] = speaker ?? "";
            fields[$"Rows[{i}].NewRole"] = role == MessageRoles.User ? MessageRoles.Assistant : MessageRoles.User;
        }
        var saved = await importer.PostFormAsync($"/Transcripts/{id}/Speakers", $"/Transcripts/{id}/Speakers", fields);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(before.Select(m => (m.Role == MessageRoles.User ? MessageRoles.Assistant : MessageRoles.User, m.Speaker)), await RolesAsync());
        var (_, after) = await importer.GetPageAsync($"/Transcripts/{id}");
        var rolesAfter = after.QuerySelectorAll("section.msg").Select(s => s.ClassName).ToList();
        Assert.NotEqual(rolesBefore, rolesAfter);
        Assert.Contains("msg-assistant", rolesAfter[0]);
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "transcript.roles"));
    }

    [Fact]
    public async Task Another_reader_may_look_but_not_change_and_an_anonymous_visitor_is_asked_to_sign_in()
    {
        var other = app.NewClient();
        await other.RegisterAsync("olaf@example.org", "Olaf");

        // Another reader sees who speaks in which role, without the form.
        var look = await other.Http.GetAsync($"/Transcripts/{id}/Speakers");
        Assert.Equal(HttpStatusCode.OK, look.StatusCode);
        var html = await look.Content.ReadAsStringAsync();
        Assert.Contains("Only the reader who imported", html);
        Assert.DoesNotContain("Save roles", html);
        var token = await other.AntiforgeryTokenAsync("/Transcripts/Import");
        var post = await other.Http.PostAsync($"/Transcripts/{id}/Speakers", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Rows[0].Role"] = "user", ["Rows[0].Speaker"] = "A", ["Rows[0].NewRole"] = "assistant",
        }));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        var anonymous = await app.NewClient().Http.GetAsync($"/Transcripts/{id}/Speakers");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/Account/Login", anonymous.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await importer.Http.GetAsync($"/Transcripts/{id + 1000}/Speakers")).StatusCode);
    }
}
