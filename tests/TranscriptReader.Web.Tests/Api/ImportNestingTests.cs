using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Api;

/// <summary>
/// JSON nested deeper than System.Text.Json's default limit of 64, through the API, a ZIP dataset and the NDJSON
/// stream: a clear 400 naming the file when nothing could be read, the rest of a ZIP imported, the stream ending
/// with its summary, and never an internal message.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ImportNestingTests(AppFactory app) : IAsyncLifetime
{
    private TestClient api = null!;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        var owner = app.NewClient();
        await owner.RegisterAsync("ada@example.org", "Ada");
        api = app.NewClient();
        api.UseBearer(await owner.CreateTokenAsync());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Nested(int depth) => new string('[', depth) + "1" + new string(']', depth);

    private static string Conversation(string extra, string answer = "\"y\"") =>
        "{\"model\": \"m\", \"conversation\": [{\"role\": \"user\", \"content\": \"x\"}, {\"role\": \"assistant\", \"content\": " + answer + "}]"
        + extra + "}";

    /// <summary>Files whose nesting once escaped the parser's error handling; each must import or fail with a message.</summary>
    public static TheoryData<string, string> DeepFiles() => new()
    {
        { "metadata 100 deep", Conversation(", \"extra\": " + Nested(100)) },
        { "metadata 200 deep", Conversation(", \"extra\": {\"a\": " + Nested(200) + "}") },
        { "tool arguments 100 deep", Conversation("", "\"y\", \"tool_calls\": [{\"function\": {\"name\": \"f\", \"arguments\": {\"a\": " + Nested(100) + "}}}]") },
        { "tool arguments as text 200 deep", Conversation("", "\"y\", \"tool_calls\": [{\"function\": {\"name\": \"f\", \"arguments\": " + JsonSerializer.Serialize("{\"a\": " + Nested(200) + "}") + "}}]") },
        { "content 100 deep", Conversation("", Nested(100)) },
        { "messages 10,000 deep", "{\"messages\": " + Nested(10_000) + "}" },
        { "metadata 10,000 deep", Conversation(", \"extra\": " + Nested(10_000)) },
        { "openai chat 300 deep", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\", \"content\": \"ok\"}], \"meta\": " + Nested(300) + "}" },
        { "jsonl record 300 deep", "{\"text\": \"Human: hi\\n\\nAssistant: ok\", \"label\": " + Nested(300) + "}\n" },
    };

    private static void AssertNoInternalMessage(string body)
    {
        Assert.DoesNotContain("maximum configured depth", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("JsonSerializerOptions", body, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error", body, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(DeepFiles))]
    public async Task A_deeply_nested_file_imports_or_fails_with_a_400_naming_it(string name, string content)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(content)), "files", "deep.json" } };
        var response = await api.Http.PostAsync("/api/v1/transcripts", form);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {body}");
        AssertNoInternalMessage(body);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.Contains("deep.json", body);
            return;
        }
        // What was stored reads back through the API and the page.
        var id = JsonDocument.Parse(body).RootElement.GetProperty("created")[0].GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync($"/api/v1/transcripts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync($"/Transcripts/{id}")).StatusCode);
    }

    private static byte[] Zip(IEnumerable<(string Name, string Content)> entries)
    {
        using var bytes = new MemoryStream();
        using (var zip = new ZipArchive(bytes, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open());
                w.Write(content);
            }
        }
        return bytes.ToArray();
    }

    private static IEnumerable<(string, string)> DatasetWithDeepEntries()
    {
        yield return ("a-first.txt", Fixtures.AlignmentFaking);
        var i = 0;
        foreach (var row in DeepFiles())
        {
            yield return ($"deep-{i++}.json", (string)row[1]);
        }
        yield return ("z-last.json", Fixtures.OpenAiChat);
    }

    [Fact]
    public async Task A_zip_with_deeply_nested_entries_imports_the_rest_and_lists_what_was_imported()
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(Zip(DatasetWithDeepEntries())), "files", "dataset.zip" } };
        var response = await api.Http.PostAsync("/api/v1/transcripts", form);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        AssertNoInternalMessage(body);
        var created = JsonDocument.Parse(body).RootElement.GetProperty("created").EnumerateArray().Select(c => c.GetProperty("file").GetString()).ToList();
        Assert.Contains("dataset.zip/a-first.txt", created);
        Assert.Contains("dataset.zip/z-last.json", created);
        await using var db = app.CreateDbContext();
        Assert.Equal(created.Count, await db.Transcripts.CountAsync());
    }

    [Fact]
    public async Task A_streamed_zip_with_deeply_nested_entries_ends_with_its_summary_line()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transcripts")
        {
            Content = new MultipartFormDataContent { { new ByteArrayContent(Zip(DatasetWithDeepEntries())), "files", "dataset.zip" } },
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-ndjson"));
        var response = await api.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertNoInternalMessage(text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Equal("summary", lines[^1].GetProperty("type").GetString());
        // One file line per entry; parsed and progress lines come between them.
        Assert.Equal(DeepFiles().Count() + 2, lines.Count(l => l.GetProperty("type").GetString() == "file"));
        Assert.True(lines[^1].GetProperty("summary").GetProperty("imported").GetInt32() >= 2);
    }
}
