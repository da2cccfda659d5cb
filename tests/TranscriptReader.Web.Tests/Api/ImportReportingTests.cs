using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Api;

/// <summary>
/// What an import tells the importer (defects from the reading-room issue): an empty import is a 400 with a
/// message, a streamed import names each transcript as it is stored, and duplicates skipped while importing
/// into a collection are in that collection afterwards.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ImportReportingTests(AppFactory app) : IAsyncLifetime
{
    private TestClient client = null!;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        client = app.NewClient();
        await client.RegisterAsync("ida@example.org", "Ida");
        var secret = await client.CreateTokenAsync();
        client = app.NewClient();
        client.UseBearer(secret);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>What the import page's script sends with nothing chosen: the empty file input and empty fields.</summary>
    private static MultipartFormDataContent EmptyPageForm()
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent([]);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        // A browser names no file as filename="", which HttpClient's helpers refuse to write.
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"files\"", FileName = "\"\"" };
        form.Add(file);
        foreach (var field in new[] { "title", "text", "url", "collection", "format" })
        {
            form.Add(new StringContent(""), field);
        }
        return form;
    }

    [Theory]
    [InlineData("application/x-ndjson")]
    [InlineData("application/json")]
    [InlineData(null)]
    public async Task An_empty_import_is_a_400_with_a_message_whatever_the_client_accepts(string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transcripts") { Content = EmptyPageForm() };
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        using var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("Nothing to import", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("multipart/form-data; boundary=nothing-follows", "application/x-ndjson")]
    [InlineData("multipart/form-data; boundary=nothing-follows", null)]
    [InlineData("multipart/form-data", "application/x-ndjson")]
    [InlineData("multipart/form-data", null)]
    public async Task An_empty_multipart_body_is_a_400_with_a_message(string contentType, string? accept)
    {
        // What `curl -H "Content-Type: multipart/form-data" -X POST` sends: a form announced, no length and nothing in it.
        var content = new NoLengthContent();
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transcripts") { Content = content };
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        using var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("not readable", problem.GetProperty("detail").GetString());
    }

    /// <summary>A body of unknown length (sent chunked), so the server cannot tell it is empty before reading it.</summary>
    private sealed class NoLengthContent : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => Task.CompletedTask;

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task An_empty_raw_body_is_a_400_with_a_message()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transcripts?filename=x.json") { Content = new ByteArrayContent([]) };
        request.Headers.Accept.ParseAdd("application/x-ndjson");

        using var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Nothing to import", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_streamed_import_names_each_transcript_before_its_file_is_done()
    {
        var jsonl = string.Join("\n", Enumerable.Range(1, 3).Select(i =>
            $$"""{"messages": [{"role": "user", "content": "Question {{i}}"}, {"role": "assistant", "content": "Answer {{i}}"}], "title": "Streamed {{i}}"}"""));
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(jsonl)), "files", "three.jsonl" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transcripts") { Content = form };
        request.Headers.Accept.ParseAdd("application/x-ndjson");

        using var response = await client.Http.SendAsync(request);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

        var fileLine = lines.FindIndex(l => l.GetProperty("type").GetString() == "file");
        Assert.True(fileLine > 0, "the file's result line comes after lines about its transcripts");
        var named = lines.Take(fileLine).SelectMany(l => l.TryGetProperty("transcripts", out var t) ? t.EnumerateArray() : [])
            .Select(t => (t.GetProperty("id").GetInt64(), t.GetProperty("title").GetString())).ToList();
        var imported = lines[fileLine].GetProperty("imported").EnumerateArray().Select(e => e.GetInt64()).ToList();
        Assert.Equal(imported, named.Select(n => n.Item1));
        Assert.Equal(["Streamed 1", "Streamed 2", "Streamed 3"], named.Select(n => n.Item2));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Earlier group")]
    public async Task Duplicates_skipped_while_importing_into_a_collection_are_in_that_collection(string? firstCollection)
    {
        var first = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(Fixtures.PlainText)), "files", "talk.txt" } };
        if (firstCollection is not null)
        {
            first.Add(new StringContent(firstCollection), "collection");
        }
        Assert.Equal(HttpStatusCode.Created, (await client.Http.PostAsync("/api/v1/transcripts", first)).StatusCode);

        var again = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(Fixtures.PlainText)), "files", "talk.txt" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(Fixtures.AlignmentFaking)), "files", "af.txt" },
            { new StringContent("Reading room"), "collection" },
        };
        var response = await client.Http.PostAsync("/api/v1/transcripts", again);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("\"duplicates\":1", await response.Content.ReadAsStringAsync());

        await using var db = app.CreateDbContext();
        var reading = await db.Collections.Where(c => c.Name == "Reading room").Select(c => c.Id).SingleAsync();
        var (_, doc) = await app.NewClient().GetPageAsync($"/Transcripts?collection={reading}");
        var listed = doc.QuerySelectorAll("table.transcript-table tbody td:first-child a").Select(a => a.TextContent.Trim()).Order().ToList();
        Assert.Equal(2, listed.Count);
        if (firstCollection is not null)
        {
            // It stays in the collection it was imported into as well.
            var earlier = await db.Collections.Where(c => c.Name == firstCollection).Select(c => c.Id).SingleAsync();
            var (_, earlierDoc) = await app.NewClient().GetPageAsync($"/Transcripts?collection={earlier}");
            Assert.Single(earlierDoc.QuerySelectorAll("table.transcript-table tbody td:first-child a"));
        }
    }

    [Fact]
    public async Task An_import_of_only_a_duplicate_and_a_bad_file_into_a_new_collection_puts_the_duplicate_there()
    {
        var first = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(Fixtures.PlainText)), "files", "talk.txt" } };
        Assert.Equal(HttpStatusCode.Created, (await client.Http.PostAsync("/api/v1/transcripts", first)).StatusCode);

        var again = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes(Fixtures.PlainText)), "files", "talk.txt" },
            { new ByteArrayContent("{\"not\": \"a transcript\"}"u8.ToArray()), "files", "broken.json" },
            { new StringContent("Only duplicates"), "collection" },
        };
        var response = await client.Http.PostAsync("/api/v1/transcripts", again);

        // The request did something (the duplicate joined the collection), so it is not a failed request.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = app.CreateDbContext();
        var collection = await db.Collections.Where(c => c.Name == "Only duplicates").Select(c => c.Id).SingleAsync();
        var (_, doc) = await app.NewClient().GetPageAsync($"/Transcripts?collection={collection}");
        Assert.Single(doc.QuerySelectorAll("table.transcript-table tbody td:first-child a"));
    }
}
