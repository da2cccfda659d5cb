using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Api;

/// <summary>A streamed import of a large JSON Lines file reports per transcript and stops when the client closes the request.</summary>
[Collection(WebCollection.Name)]
public sealed class ImportCancellationTests(AppFactory app) : IAsyncLifetime
{
    private const int Records = 2000;
    private TestClient client = null!;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        var browser = app.NewClient();
        await browser.RegisterAsync("cleo@example.org", "Cleo");
        var secret = await browser.CreateTokenAsync();
        client = app.NewClient();
        client.UseBearer(secret);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static MultipartFormDataContent LargeFile() => new()
    {
        {
            new ByteArrayContent(Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(1, Records).Select(i =>
                $$"""{"messages": [{"role": "user", "content": "Record {{i}}: is the sky blue?"}, {"role": "assistant", "content": "Mostly, record {{i}}."}]}""")))),
            "files", "large.jsonl"
        },
    };

    [Fact]
    public async Task Closing_the_request_stops_the_import_before_the_next_transcript_and_keeps_those_stored_whole()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transcripts") { Content = LargeFile() };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-ndjson"));
        using var abort = new CancellationTokenSource();
        var response = await client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, abort.Token);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(abort.Token));
        JsonElement progress;
        do
        {
            progress = JsonDocument.Parse((await reader.ReadLineAsync(abort.Token))!).RootElement.Clone();
        }
        while (progress.GetProperty("type").GetString() != "progress");
        Assert.Equal(Records, progress.GetProperty("total").GetInt32());
        Assert.InRange(progress.GetProperty("done").GetInt32(), 1, Records - 1);

        await abort.CancelAsync();
        response.Dispose();

        // The server notices at its next transcript; then the count stays where it stopped.
        var stored = await SettledCountAsync();
        Assert.InRange(stored, 1, Records - 1);
        await using var db = app.CreateDbContext();
        Assert.All(await db.Transcripts.Select(t => t.Messages.Count).ToListAsync(), count => Assert.Equal(2, count));
    }

    private async Task<int> SettledCountAsync()
    {
        var last = -1;
        for (var i = 0; i < 60; i++)
        {
            await Task.Delay(500);
            await using var db = app.CreateDbContext();
            var now = await db.Transcripts.CountAsync();
            if (now == last)
            {
                return now;
            }
            last = now;
        }
        throw new TimeoutException("The import went on after its request was closed.");
    }
}
