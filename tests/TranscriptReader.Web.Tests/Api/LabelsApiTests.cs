using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Web.Tests.Pages.Labels;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Api;

[Collection(WebCollection.Name)]
public sealed class LabelsApiTests(AppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<HttpResponseMessage> PostJsonAsync(TestClient client, string url, object body, bool withCsrf = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (withCsrf)
        {
            request.Headers.Add("X-CSRF-TOKEN", await client.AntiforgeryTokenAsync("/Labels"));
        }
        return await client.Http.SendAsync(request);
    }

    [Fact]
    public async Task Anyone_lists_canonical_labels_with_aliases_and_counts()
    {
        var w = await LabelWorld.CreateAsync(app);
        Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(w.Moderator, "/api/v1/labels/merge", new { sourceIds = new[] { w.Source }, targetId = w.Target })).StatusCode);

        var labels = await app.NewClient().GetJsonAsync<JsonElement>("/api/v1/labels");

        var only = Assert.Single(labels.EnumerateArray());
        Assert.Equal("goal guarding", only.GetProperty("name").GetString());
        Assert.Equal(["Goal-guarding"], only.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(2, only.GetProperty("taggings").GetInt32());
        Assert.Equal(1, only.GetProperty("readers").GetInt32());
    }

    /// <summary>Counts now come from label_counts (kept by triggers); the JSON a client reads must not change shape.</summary>
    [Fact]
    public async Task The_list_keeps_its_field_names_and_its_counts_follow_a_merge_and_its_undo()
    {
        var w = await LabelWorld.CreateAsync(app);
        var client = app.NewClient();

        var before = await client.GetJsonAsync<JsonElement>("/api/v1/labels");
        var merged = await (await PostJsonAsync(w.Moderator, "/api/v1/labels/merge", new { sourceIds = new[] { w.Source }, targetId = w.Target }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var during = await client.GetJsonAsync<JsonElement>("/api/v1/labels");
        await PostJsonAsync(w.Moderator, $"/api/v1/merges/{merged.GetProperty("mergeId").GetInt64()}/undo", new { });
        var after = await client.GetJsonAsync<JsonElement>("/api/v1/labels");

        string[] fields = ["id", "name", "color", "description", "shortcutKey", "aliases", "taggings", "transcripts", "readers"];
        foreach (var label in before.EnumerateArray().Concat(during.EnumerateArray()).Concat(after.EnumerateArray()))
        {
            Assert.Equal(fields, label.EnumerateObject().Select(p => p.Name));
        }
        static string Counts(JsonElement list) => string.Join("; ", list.EnumerateArray().Select(l =>
            $"{l.GetProperty("name").GetString()} {l.GetProperty("taggings").GetInt32()}/{l.GetProperty("transcripts").GetInt32()}/{l.GetProperty("readers").GetInt32()}"));
        Assert.Equal("goal guarding 1/1/1; Goal-guarding 1/1/1", Counts(before));
        Assert.Equal("goal guarding 2/1/1", Counts(during));
        Assert.Equal(Counts(before), Counts(after));
    }

    /// <summary>The list is bounded: keyset pages of at most limit labels, chained by a Link header, with 400 for a bad limit or cursor.</summary>
    [Fact]
    public async Task The_list_pages_by_keyset_through_a_link_header()
    {
        var w = await LabelWorld.CreateAsync(app);
        foreach (var name in new[] { "Alpha", "beta", "Gamma", "delta", "Epsilon" })
        {
            Assert.Equal(HttpStatusCode.Created, (await PostJsonAsync(w.Moderator, "/api/v1/labels", new { name })).StatusCode);
        }
        var client = app.NewClient();
        var all = (await client.GetJsonAsync<JsonElement>("/api/v1/labels")).EnumerateArray().Select(l => l.GetProperty("name").GetString()).ToList();

        var paged = new List<string?>();
        var url = "/api/v1/labels?limit=2";
        var pages = 0;
        while (url is not null && pages++ < 10)
        {
            using var response = await client.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(page.GetArrayLength() <= 2);
            paged.AddRange(page.EnumerateArray().Select(l => l.GetProperty("name").GetString()));
            url = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
        }

        Assert.Equal(7, all.Count);
        Assert.Equal(["Alpha", "beta", "delta", "Epsilon", "Gamma", "goal guarding", "Goal-guarding"], all);
        Assert.Equal(all, paged);
        Assert.Equal(4, pages);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.GetAsync("/api/v1/labels?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.GetAsync("/api/v1/labels?limit=1001")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.GetAsync("/api/v1/labels?after=999999")).StatusCode);
    }

    [Fact]
    public async Task Members_get_403_problem_details_for_create_merge_and_undo()
    {
        var w = await LabelWorld.CreateAsync(app);
        var merged = await (await PostJsonAsync(w.Moderator, "/api/v1/labels/merge", new { sourceIds = new[] { w.Source }, targetId = w.Target }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var mergeId = merged.GetProperty("mergeId").GetInt64();

        var responses = new[]
        {
            await PostJsonAsync(w.Member, "/api/v1/labels", new { name = "new one" }),
            await PostJsonAsync(w.Member, "/api/v1/labels/merge", new { sourceIds = new[] { w.Target }, targetId = w.Source }),
            await PostJsonAsync(w.Member, $"/api/v1/merges/{mergeId}/undo", new { }),
        };

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        await using var db = app.CreateDbContext();
        Assert.Null((await db.LabelMerges.SingleAsync()).UndoneAt);
        Assert.Equal(2, await db.Labels.CountAsync());
    }

    [Fact]
    public async Task Moderator_creates_merges_and_undoes_and_an_existing_name_returns_the_existing_label()
    {
        var w = await LabelWorld.CreateAsync(app);

        var created = await PostJsonAsync(w.Moderator, "/api/v1/labels", new { name = "Sandbagging", color = "#112233", description = "Underperforming on purpose." });
        var again = await PostJsonAsync(w.Moderator, "/api/v1/labels", new { name = "  sandbagging " });
        var badColor = await PostJsonAsync(w.Moderator, "/api/v1/labels", new { name = "x", color = "red" });
        var merge = await PostJsonAsync(w.Moderator, "/api/v1/labels/merge", new { sourceIds = new[] { w.Source }, targetId = w.Target });
        var body = await merge.Content.ReadFromJsonAsync<JsonElement>();
        var undo = await PostJsonAsync(w.Moderator, $"/api/v1/merges/{body.GetProperty("mergeId").GetInt64()}/undo", new { });
        var undoAgain = await PostJsonAsync(w.Moderator, $"/api/v1/merges/{body.GetProperty("mergeId").GetInt64()}/undo", new { });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(
            (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32(),
            (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, badColor.StatusCode);
        Assert.Equal((1, 0), (body.GetProperty("moved").GetInt32(), body.GetProperty("collapsed").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, undo.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, undoAgain.StatusCode);
        await using var db = app.CreateDbContext();
        Assert.Equal(w.Source, (await db.Taggings.SingleAsync(t => t.Id == w.SourceTagging)).LabelId);
    }

    [Fact]
    public async Task Refused_merges_and_undos_answer_400_for_a_bad_request_404_for_a_missing_subject_and_409_for_an_unsafe_state()
    {
        var w = await LabelWorld.CreateAsync(app);
        var merged = await (await PostJsonAsync(w.Moderator, "/api/v1/labels/merge", new { sourceIds = new[] { w.Source }, targetId = w.Target }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var mergeId = merged.GetProperty("mergeId").GetInt64();

        var cases = new (string What, string Url, object Body, HttpStatusCode Status)[]
        {
            ("no sources", "/api/v1/labels/merge", new { sourceIds = Array.Empty<int>(), targetId = w.Target }, HttpStatusCode.BadRequest),
            ("into itself", "/api/v1/labels/merge", new { sourceIds = new[] { w.Target }, targetId = w.Target }, HttpStatusCode.BadRequest),
            ("into a missing label", "/api/v1/labels/merge", new { sourceIds = new[] { w.Target }, targetId = 999999 }, HttpStatusCode.NotFound),
            ("a missing source", "/api/v1/labels/merge", new { sourceIds = new[] { 999999 }, targetId = w.Target }, HttpStatusCode.NotFound),
            ("a merged-away label", "/api/v1/labels/merge", new { sourceIds = new[] { w.Source }, targetId = w.Target }, HttpStatusCode.Conflict),
            ("a missing merge", "/api/v1/merges/999999/undo", new { }, HttpStatusCode.NotFound),
        };

        foreach (var (what, url, body, status) in cases)
        {
            var response = await PostJsonAsync(w.Moderator, url, body);
            Assert.True(status == response.StatusCode, $"{what}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        await using var db = app.CreateDbContext();
        Assert.Equal(mergeId, (await db.LabelMerges.SingleAsync()).Id);
    }

    [Fact]
    public async Task A_cookie_authenticated_merge_without_the_csrf_header_is_refused()
    {
        var w = await LabelWorld.CreateAsync(app);

        var response = await PostJsonAsync(w.Moderator, "/api/v1/labels/merge", new { sourceIds = new[] { w.Source }, targetId = w.Target }, withCsrf: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = app.CreateDbContext();
        Assert.False(await db.LabelMerges.AnyAsync());
    }
}
