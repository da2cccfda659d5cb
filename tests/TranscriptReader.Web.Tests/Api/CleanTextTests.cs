using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Web.Tests.Pages.Discussion;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Api;

/// <summary>
/// Text that is not valid Unicode (invalid UTF-8, a lone surrogate) or that contains NUL is refused with a 400 and a
/// message wherever it enters: JSON bodies, form fields, query strings and multipart names. It used to reach
/// PostgreSQL (errors 22021, 22P05) or JsonElement.GetString and answer 500, or stream half an export.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class CleanTextTests(AppFactory app) : IAsyncLifetime
{
    private TestClient admin = null!;
    private TestClient api = null!;
    private long blockId;
    private long transcriptId;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        admin = app.NewClient();
        await admin.RegisterAsync("root@example.org", "Root");
        api = app.NewClient();
        api.UseBearer(await admin.CreateTokenAsync());
        await using var db = app.CreateDbContext();
        var (tid, blocks) = await SeedTranscripts.AddAsync(db, "clean text",
            new SeedTranscripts.SeedMessage("assistant", null, new SeedTranscripts.SeedBlock("reasoning", "I should keep my values.")));
        transcriptId = tid;
        blockId = blocks[0];
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>JSON string contents (between the quotes, as sent) that are not clean text.</summary>
    public static TheoryData<string, byte[]> DirtyJsonStrings() => new()
    {
        { "escaped NUL", "a\\u0000b"u8.ToArray() },
        { "raw NUL", [(byte)'a', 0, (byte)'b'] },
        { "escaped lone high surrogate", "a\\ud800b"u8.ToArray() },
        { "escaped lone low surrogate", "\\udc00"u8.ToArray() },
        { "raw 0xFF byte", [(byte)'a', 0xFF, (byte)'b'] },
        { "UTF-8 encoded surrogate", [(byte)'a', 0xED, 0xA0, 0x80] },
        { "overlong UTF-8", [0xC0, 0xAF] },
    };

    private static ByteArrayContent Json(string before, byte[] dirty, string after)
    {
        var content = new ByteArrayContent([.. Encoding.UTF8.GetBytes(before), .. dirty, .. Encoding.UTF8.GetBytes(after)]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: answered {(int)response.StatusCode} {body}");
        await using var db = app.CreateDbContext();
        Assert.False(await db.Taggings.AnyAsync(), what);
        Assert.False(await db.Labels.AnyAsync(), what);
        Assert.False(await db.Comments.AnyAsync(), what);
        Assert.Equal(1, await db.Transcripts.CountAsync());
    }

    [Theory]
    [MemberData(nameof(DirtyJsonStrings))]
    public async Task A_tagging_label_that_is_not_clean_text_is_a_400(string name, byte[] dirty)
    {
        var response = await api.Http.PostAsync("/api/v1/taggings",
            Json($"{{\"blockId\": {blockId}, \"start\": 0, \"end\": 8, \"label\": \"", dirty, "\"}"));
        await AssertRefusedAsync(response, name);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(DirtyJsonStrings))]
    public async Task A_label_name_or_description_that_is_not_clean_text_is_a_400(string name, byte[] dirty)
    {
        await AssertRefusedAsync(await api.Http.PostAsync("/api/v1/labels", Json("{\"name\": \"", dirty, "\"}")), name + " in a name");
        await AssertRefusedAsync(await api.Http.PostAsync("/api/v1/labels", Json("{\"name\": \"ok\", \"description\": \"", dirty, "\"}")), name + " in a description");
    }

    [Theory]
    [MemberData(nameof(DirtyJsonStrings))]
    public async Task A_comment_or_a_property_name_that_is_not_clean_text_is_a_400(string name, byte[] dirty)
    {
        await AssertRefusedAsync(await api.Http.PostAsync("/api/v1/comments",
            Json($"{{\"transcriptId\": {transcriptId}, \"body\": \"", dirty, "\"}")), name + " in a comment");
        await AssertRefusedAsync(await api.Http.PostAsync("/api/v1/comments",
            Json($"{{\"transcriptId\": {transcriptId}, \"body\": \"hello\", \"", dirty, "\": 1}")), name + " in a property name");
    }

    public static TheoryData<string> DirtyQueryValues() => new() { "a%00b", "%00", "a%FFb", "%ED%A0%80", "%C0%AF" };

    [Theory]
    [MemberData(nameof(DirtyQueryValues))]
    public async Task Search_and_filter_parameters_that_are_not_clean_text_are_a_400(string value)
    {
        foreach (var url in new[]
        {
            "/Transcripts?q=", "/Transcripts?model=", "/Transcripts?meta=key%3D", "/Transcripts?meta=", "/Labels?q=", "/api/v1/labels?q=",
            "/api/v1/exports/taggings.csv?label=", "/api/v1/exports/taggings.csv?collection=", "/api/v1/exports/taggings.csv?reader=",
            "/api/v1/exports/pivot.csv?key=", "/api/v1/exports/label-counts.csv?from=", "/Export?export=taggings&label=",
            "/Export?export=pivot&key=", $"/api/v1/threads?transcriptId={transcriptId}&x=",
        })
        {
            var response = await admin.Http.GetAsync(url + value);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}{value} answered {(int)response.StatusCode}: {body[..Math.Min(200, body.Length)]}");
        }
    }

    [Theory]
    [MemberData(nameof(DirtyQueryValues))]
    public async Task Form_fields_that_are_not_clean_text_are_a_400_page_and_store_nothing(string value)
    {
        var token = await admin.AntiforgeryTokenAsync("/Labels/Create");
        var body = $"__RequestVerificationToken={Uri.EscapeDataString(token)}&Data.Name=ok{value}&Data.Description=fine";
        var response = await admin.Http.PostAsync("/Labels/Create", new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded"));
        await AssertRefusedAsync(response, "label form " + value);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);

        var comment = $"__RequestVerificationToken={Uri.EscapeDataString(token)}&Data.TranscriptId={transcriptId}&Data.Body=hi{value}";
        await AssertRefusedAsync(await admin.Http.PostAsync("/Comments/Write", new StringContent(comment, Encoding.ASCII, "application/x-www-form-urlencoded")),
            "comment form " + value);
    }

    /// <summary>A multipart body written by hand, so names can carry any bytes.</summary>
    private static ByteArrayContent Multipart(params (byte[] Disposition, string Content)[] parts)
    {
        var body = new List<byte>();
        foreach (var (disposition, content) in parts)
        {
            body.AddRange("--b0undary\r\nContent-Disposition: form-data; "u8.ToArray());
            body.AddRange(disposition);
            body.AddRange(Encoding.UTF8.GetBytes("\r\nContent-Type: text/plain\r\n\r\n" + content + "\r\n"));
        }
        body.AddRange("--b0undary--\r\n"u8.ToArray());
        var result = new ByteArrayContent([.. body]);
        result.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b0undary");
        return result;
    }

    public static TheoryData<string, byte[]> DirtyFileNames() => new()
    {
        { "raw NUL", "name=\"files\"; filename=\"a\0.txt\""u8.ToArray() },
        { "escaped NUL", "name=\"files\"; filename*=UTF-8''a%00.txt"u8.ToArray() },
        { "escaped surrogate", "name=\"files\"; filename*=UTF-8''a%ED%A0%80.txt"u8.ToArray() },
    };

    [Theory]
    [MemberData(nameof(DirtyFileNames))]
    public async Task An_import_file_name_that_is_not_clean_text_is_a_400(string name, byte[] disposition)
    {
        var response = await api.Http.PostAsync("/api/v1/transcripts", Multipart((disposition, Fixtures.PlainText)));
        await AssertRefusedAsync(response, name);
    }

    [Theory]
    [MemberData(nameof(DirtyQueryValues))]
    public async Task A_raw_upload_file_name_that_is_not_clean_text_is_a_400(string value)
    {
        await AssertRefusedAsync(await api.Http.PostAsync("/api/v1/transcripts?filename=talk" + value + ".txt",
            new StringContent(Fixtures.PlainText, Encoding.UTF8, "text/plain")), "raw body file name " + value);
    }

    [Theory]
    [InlineData("title")]
    [InlineData("collection")]
    [InlineData("format")]
    [InlineData("url")]
    public async Task An_import_field_with_a_nul_is_a_400(string field)
    {
        await AssertRefusedAsync(await api.Http.PostAsync("/api/v1/transcripts", Multipart(
            ("name=\"text\""u8.ToArray(), Fixtures.PlainText), (Encoding.UTF8.GetBytes($"name=\"{field}\""), "x\0y"))), field);
    }

    /// <summary>
    /// ASP.NET decodes multipart field values before anything can look at their bytes: invalid UTF-8 arrives as
    /// U+FFFD, which is valid text. It is stored as such, never a 500.
    /// </summary>
    [Fact]
    public async Task Invalid_bytes_in_a_multipart_title_become_replacement_characters()
    {
        var body = new List<byte>();
        body.AddRange(Encoding.UTF8.GetBytes("--b0undary\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n" + Fixtures.PlainText + "\r\n"));
        body.AddRange("--b0undary\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nt"u8.ToArray());
        body.AddRange([0xFF, 0xED, 0xA0, 0x80]);
        body.AddRange("\r\n--b0undary--\r\n"u8.ToArray());
        var content = new ByteArrayContent([.. body]);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b0undary");

        var response = await api.Http.PostAsync("/api/v1/transcripts", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var db = app.CreateDbContext();
        Assert.Matches("^t\uFFFD+$", (await db.Transcripts.OrderByDescending(t => t.Id).FirstAsync()).Source);
    }

    [Fact]
    public async Task Replacement_characters_and_unusual_but_valid_text_are_accepted()
    {
        var response = await api.Http.PostAsync("/api/v1/comments",
            Json($"{{\"transcriptId\": {transcriptId}, \"body\": \"", "\uFFFD \uD83D\uDE00 \\ud83d\\ude00 \u200B \u202E ok"u8.ToArray(), "\"}"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/Transcripts?q=%EF%BF%BD")).StatusCode);
    }

    [Fact]
    public async Task Comments_posted_through_the_discussion_helpers_still_work()
    {
        var response = await DiscussionData.PostCommentAsync(admin, Core.Discussion.ThreadKey.ForTranscript(transcriptId), "plain words");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
