using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Api;

/// <summary>
/// One request used to be able to add thousands of transcripts. Import:DailyTranscriptsPerUser caps what one
/// reader imports in 24 hours: past it the import stops cleanly (what was stored stays whole, the rest is reported
/// as refused), and a new import answers 429 until older imports age out. Admins see who imported what.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ImportQuotaTests(AppFactory app) : IAsyncLifetime
{
    private const int Quota = 3;
    private ExtraInstance instance = null!;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        var settings = new Dictionary<string, string>(ExtraInstance.UnlimitedRates) { ["Import:DailyTranscriptsPerUser"] = Quota.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        instance = new ExtraInstance(app.Database.ConnectionString, settings);
        await instance.AccountWithTokenAsync("root@example.org", "Root", Roles.Admin);
    }

    public async Task DisposeAsync() => await instance.DisposeAsync();

    private static byte[] Zip(int entries, int offset = 0)
    {
        using var bytes = new MemoryStream();
        using (var zip = new ZipArchive(bytes, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < entries; i++)
            {
                using var w = new StreamWriter(zip.CreateEntry($"t{i + offset:D4}.txt").Open());
                w.Write(Fixtures.AlignmentFakingVariant(i + offset, i % 2 == 0));
            }
        }
        return bytes.ToArray();
    }

    private static MultipartFormDataContent Upload(byte[] zip, string name = "tiny.zip") =>
        new() { { new ByteArrayContent(zip), "files", name } };

    [Fact]
    public async Task An_import_past_the_daily_quota_stores_whole_transcripts_up_to_it_and_reports_the_rest_as_refused()
    {
        var (_, token) = await instance.AccountWithTokenAsync("bulk@example.org", "Bulk");
        var api = instance.BearerClient(token);

        var response = await api.PostAsync("/api/v1/transcripts", Upload(Zip(5)));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(Quota, body.GetProperty("imported").GetInt32());
        var errors = body.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Contains("daily import limit", e.GetProperty("error").GetString()!));
        await using var db = app.CreateDbContext();
        Assert.Equal(Quota, await db.Transcripts.CountAsync());
        // Whole: every stored transcript has its messages and blocks.
        Assert.All(await db.Transcripts.Select(t => t.Messages.Count).ToListAsync(), n => Assert.True(n > 0));
    }

    [Fact]
    public async Task Once_the_quota_is_used_up_a_new_import_is_429_on_the_api_the_stream_and_the_page()
    {
        var (_, token) = await instance.AccountWithTokenAsync("bulk@example.org", "Bulk");
        var api = instance.BearerClient(token);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/transcripts", Upload(Zip(Quota)))).StatusCode);

        var again = await api.PostAsync("/api/v1/transcripts", Upload(Zip(2, offset: 100)));
        using var streamed = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transcripts") { Content = Upload(Zip(2, offset: 200)) };
        streamed.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-ndjson"));
        var stream = await api.SendAsync(streamed);
        var browser = instance.NewClient();
        await browser.LoginAsync("bulk@example.org");
        var page = await browser.PostFormAsync("/Transcripts/Import", "/Transcripts/Import",
            new Dictionary<string, string> { ["text"] = Fixtures.PlainText });

        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Contains("daily import limit", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.TooManyRequests, stream.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Contains("daily import limit", await page.Content.ReadAsStringAsync());
        await using var db = app.CreateDbContext();
        Assert.Equal(Quota, await db.Transcripts.CountAsync());
    }

    [Fact]
    public async Task Duplicates_do_not_count_and_the_quota_is_per_reader()
    {
        var (_, first) = await instance.AccountWithTokenAsync("one@example.org", "One");
        var (_, second) = await instance.AccountWithTokenAsync("two@example.org", "Two");
        Assert.Equal(HttpStatusCode.Created, (await instance.BearerClient(first).PostAsync("/api/v1/transcripts", Upload(Zip(Quota)))).StatusCode);

        // The same files again are all duplicates: nothing new, so nothing counts, and the answer is not a 429.
        var duplicates = await instance.BearerClient(second).PostAsync("/api/v1/transcripts", Upload(Zip(Quota)));
        var fresh = await instance.BearerClient(second).PostAsync("/api/v1/transcripts", Upload(Zip(Quota, offset: 50)));

        Assert.Equal(HttpStatusCode.OK, duplicates.StatusCode);
        Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);
        await using var db = app.CreateDbContext();
        Assert.Equal(2 * Quota, await db.Transcripts.CountAsync());
    }

    [Fact]
    public async Task Admins_see_who_imported_what_and_members_may_not()
    {
        var (_, token) = await instance.AccountWithTokenAsync("bulk@example.org", "Bulk");
        await instance.BearerClient(token).PostAsync("/api/v1/transcripts", Upload(Zip(2), "nightly-run.zip"));
        var admin = instance.NewClient();
        await admin.LoginAsync("root@example.org");
        var member = instance.NewClient();
        await member.LoginAsync("bulk@example.org");

        var (response, doc) = await admin.GetPageAsync("/Admin/Imports");
        var denied = await member.Http.GetAsync("/Admin/Imports");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = doc.QuerySelector("main")!.TextContent;
        Assert.Contains("Bulk", text);
        Assert.Contains("nightly-run.zip", text);
        Assert.Contains($"2 of {Quota}", text);
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
    }
}
