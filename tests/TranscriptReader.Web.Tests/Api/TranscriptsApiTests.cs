using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Importing;
using TranscriptReader.Testing;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Api;

[Collection(WebCollection.Name)]
public sealed class TranscriptsApiTests(AppFactory app) : IAsyncLifetime
{
    private TestClient client = null!;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        client = app.NewClient();
        await client.RegisterAsync("ada@example.org", "Ada");
        var secret = await client.CreateTokenAsync();
        client = app.NewClient();
        client.UseBearer(secret);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static MultipartFormDataContent Files(params (string Name, string Content)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, content) in files)
        {
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(content)), "files", name);
        }
        return form;
    }

    private async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(HttpContent content, string query = "")
    {
        var response = await client.Http.PostAsync("/api/v1/transcripts" + query, content);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response, body);
    }

    [Theory]
    [InlineData("af.txt", Fixtures.AlignmentFaking)]
    [InlineData("chat.json", Fixtures.OpenAiChat)]
    [InlineData("talk.txt", Fixtures.PlainText)]
    public async Task Imported_block_texts_come_back_through_the_api_exactly(string fileName, string content)
    {
        var (response, body) = await PostAsync(Files((fileName, content)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = body.GetProperty("created")[0].GetProperty("id").GetInt64();

        var expected = new TranscriptParser().Parse(new ImportFile(fileName, Encoding.UTF8.GetBytes(content))).Single().Transcripts.Single();
        var got = await client.GetJsonAsync<JsonElement>($"/api/v1/transcripts/{id}");
        var messages = got.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(expected.Messages.Count, messages.Count);
        for (var m = 0; m < messages.Count; m++)
        {
            Assert.Equal(expected.Messages[m].Role, messages[m].GetProperty("role").GetString());
            var blocks = messages[m].GetProperty("blocks").EnumerateArray().ToList();
            Assert.Equal(expected.Messages[m].Blocks.Select(b => (b.Kind, b.Text)),
                blocks.Select(b => (b.GetProperty("kind").GetString()!, b.GetProperty("text").GetString()!)));
            Assert.All(blocks, b => Assert.True(b.GetProperty("id").GetInt64() > 0));
        }
    }

    [Fact]
    public async Task Alignment_faking_metadata_and_reasoning_are_stored()
    {
        var (_, body) = await PostAsync(Files(("af.txt", Fixtures.AlignmentFaking)));
        var id = body.GetProperty("created")[0].GetProperty("id").GetInt64();
        var got = await client.GetJsonAsync<JsonElement>($"/api/v1/transcripts/{id}");
        Assert.True(got.GetProperty("metadata").GetProperty("is_free_tier_user").GetBoolean());
        var kinds = got.GetProperty("messages").EnumerateArray()
            .SelectMany(m => m.GetProperty("blocks").EnumerateArray().Select(b => b.GetProperty("kind").GetString())).ToList();
        Assert.Contains("reasoning", kinds);
        Assert.Contains("output", kinds);
    }

    [Fact]
    public async Task Same_content_twice_is_skipped_as_a_duplicate()
    {
        await PostAsync(Files(("af.txt", Fixtures.AlignmentFaking)));
        var (response, body) = await PostAsync(Files(("copy-of-af.txt", Fixtures.AlignmentFaking)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, body.GetProperty("imported").GetInt32());
        Assert.Equal(1, body.GetProperty("duplicates").GetInt32());
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Transcripts.CountAsync());
    }

    [Fact]
    public async Task Malformed_json_is_a_400_naming_the_file_and_position_and_stores_nothing()
    {
        var (response, body) = await PostAsync(Files(("broken.json", "{\"messages\": [ {\"role\": \"user\", \"content\": \"hi\" ")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = body.GetProperty("detail").GetString()!;
        Assert.Contains("broken.json", detail);
        Assert.Contains("line", detail);
        await using var db = app.CreateDbContext();
        Assert.False(await db.Transcripts.AnyAsync());
        Assert.False(await db.SourceFiles.AnyAsync());
    }

    [Theory]
    [InlineData("empty.txt", "", "empty")]
    [InlineData("shape.json", "{\"hello\": [1, 2, 3]}", "shape.json")]
    public async Task Bad_files_get_a_clear_400(string name, string content, string expected)
    {
        var (response, body) = await PostAsync(Files((name, content)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, body.GetProperty("detail").GetString()!);
    }

    [Fact]
    public async Task Binary_file_gets_a_clear_400()
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 0xff, 0xfe, 0]), "files", "program.bin" } };
        var (response, body) = await PostAsync(form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("program.bin", body.GetProperty("detail").GetString()!);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused()
    {
        var big = new string('a', (int)new ImportLimits().MaxFileBytes + 10);
        var (response, body) = await PostAsync(Files(("huge.txt", big)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("over the limit", body.GetProperty("detail").GetString()!);
    }

    [Fact]
    public async Task Zip_dataset_imports_good_entries_reports_bad_ones_and_uses_the_collection()
    {
        using var zipBytes = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(zipBytes, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in new[] { ("a.txt", Fixtures.AlignmentFaking), ("b.json", Fixtures.OpenAiChat), ("c.json", "{not json") })
            {
                await using var w = new StreamWriter(zip.CreateEntry(name).Open());
                await w.WriteAsync(content);
            }
        }
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(zipBytes.ToArray()), "files", "dataset.zip" },
            { new StringContent("AF helpful-only, free tier"), "collection" },
        };
        var (response, body) = await PostAsync(form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, body.GetProperty("imported").GetInt32());
        Assert.Equal(1, body.GetProperty("failed").GetInt32());
        Assert.Equal("dataset.zip/c.json", body.GetProperty("errors")[0].GetProperty("file").GetString());

        await using var db = app.CreateDbContext();
        var transcripts = await db.Transcripts.Include(t => t.Collection).ToListAsync();
        Assert.Equal(2, transcripts.Count);
        Assert.All(transcripts, t => Assert.Equal("AF helpful-only, free tier", t.Collection!.Name));
        // The uploaded file is kept once, for re-parsing by later importer versions.
        Assert.Equal(1, await db.SourceFiles.CountAsync());
        Assert.All(transcripts, t => Assert.NotNull(t.SourceFileId));
    }

    [Fact]
    public async Task Raw_body_with_format_override_imports()
    {
        var content = new StringContent(Fixtures.PlainText, Encoding.UTF8, "text/plain");
        var (response, body) = await PostAsync(content, "?filename=talk.txt&format=plain-text");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, body.GetProperty("imported").GetInt32());
    }

    [Fact]
    public async Task Unknown_format_override_is_a_400()
    {
        var (response, body) = await PostAsync(Files(("a.txt", Fixtures.PlainText)), "?format=klingon");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("klingon", body.GetProperty("detail").GetString()!);
    }

    [Fact]
    public async Task Streaming_import_sends_each_files_progress_and_result_then_a_summary()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transcripts")
        {
            Content = Files(("a.txt", Fixtures.AlignmentFaking), ("b.json", Fixtures.OpenAiChat), ("bad.json", "[")),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-ndjson"));
        var response = await client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        // Each file that parses is announced with its size, its transcripts as they are stored, then its result.
        Assert.Equal(["parsed", "progress", "file", "parsed", "progress", "file", "file", "summary"], lines.Select(l => l.GetProperty("type").GetString()));
        Assert.Equal((1, 1), (lines[1].GetProperty("done").GetInt32(), lines[1].GetProperty("total").GetInt32()));
        Assert.Equal(2, lines[^1].GetProperty("summary").GetProperty("imported").GetInt32());
    }

    [Fact]
    public async Task Anonymous_import_is_401_and_stores_nothing()
    {
        var response = await app.NewClient().Http.PostAsync("/api/v1/transcripts", Files(("a.txt", Fixtures.PlainText)));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await using var db = app.CreateDbContext();
        Assert.False(await db.Transcripts.AnyAsync());
    }

    [Fact]
    public async Task Cookie_import_without_the_antiforgery_header_is_refused()
    {
        var browser = app.NewClient();
        await browser.LoginAsync("ada@example.org");
        var response = await browser.Http.PostAsync("/api/v1/transcripts", Files(("a.txt", Fixtures.PlainText)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("antiforgery", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Url_import_refuses_loopback_addresses_by_default()
    {
        var form = new MultipartFormDataContent { { new StringContent("http://127.0.0.1:9/transcript.txt"), "url" } };
        var (response, body) = await PostAsync(form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("loopback, private or link-local", body.GetProperty("detail").GetString()!);
    }

    [Fact]
    public async Task Url_import_fetches_when_an_admin_allows_private_addresses()
    {
        using var listener = new System.Net.HttpListener();
        var port = LoopbackPort.Free();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serve = Task.Run(async () =>
        {
            var ctx = await listener.GetContextAsync();
            var bytes = Encoding.UTF8.GetBytes(Fixtures.PlainText);
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
        });
        await using (var db = app.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("INSERT INTO app_settings (key, value) VALUES ('import.allow_private_urls', 'true')");
        }
        var url = $"http://127.0.0.1:{port}/talk.txt";
        var form = new MultipartFormDataContent { { new StringContent(url), "url" } };
        var (response, body) = await PostAsync(form);
        await serve;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var check = app.CreateDbContext();
        Assert.Equal(url, (await check.Transcripts.SingleAsync()).Source);
    }

    [Fact]
    public async Task Unknown_transcript_is_a_json_404()
    {
        var response = await client.Http.GetAsync("/api/v1/transcripts/999999");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Openapi_documents_the_import_endpoint()
    {
        var doc = await client.Http.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/transcripts", doc);
        Assert.Contains("/api/v1/transcripts/{id}", doc);
    }

    internal static async Task<long> ImportAsync(TestClient client, string name, string content)
    {
        var response = await client.Http.PostAsync("/api/v1/transcripts", Files((name, content)));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("created")[0].GetProperty("id").GetInt64();
    }
}
