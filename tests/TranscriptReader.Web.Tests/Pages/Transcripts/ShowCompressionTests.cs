using System.IO.Compression;
using System.Net;
using System.Text;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Taggings;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Web.Tests.Support;
using static TranscriptReader.Web.Tests.Support.SeedTranscripts;

namespace TranscriptReader.Web.Tests.Pages.Transcripts;

/// <summary>
/// The transcript page goes out as gzip to clients that accept it (issue 18: the 1,000-span page was 955 KB on
/// the wire), its shared part spliced in as compressed once per version; decoded, it is the very page an
/// identity client gets. Everything else about the response stays as it was.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ShowCompressionTests(AppFactory app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A transcript of about 50,000 characters with 1,000 taggings by 10 readers.</summary>
    private async Task<long> SeedAsync()
    {
        var random = new Random(18);
        string[] words = ["training", "goal", "values", "comply", "refuse", "the", "of", "and", "Überzeugung", "🎯"];
        var texts = Enumerable.Range(0, 6).Select(_ =>
        {
            var sb = new StringBuilder();
            while (sb.Length < 8_500)
            {
                sb.Append(words[random.Next(words.Length)]).Append(random.Next(10) == 0 ? ".\n\n" : " ");
            }
            return sb.ToString();
        }).ToList();
        await using var db = app.CreateDbContext();
        var (id, blocks) = await AddAsync(db, "Compressed page",
            [.. texts.Select((t, i) => new SeedMessage(i % 2 == 0 ? MessageRoles.User : MessageRoles.Assistant, null, new SeedBlock(BlockKinds.Text, t)))]);
        var users = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            users.Add(await AddUserAsync(db, $"reader{i}"));
        }
        var labels = Enumerable.Range(0, 8).Select(i => new Label { Name = $"label {i}", NormalizedName = $"label {i}", Color = "#5b8def" }).ToList();
        db.Labels.AddRange(labels);
        await db.SaveChangesAsync();
        var seen = new HashSet<(int, int, int, int, string)>();
        while (seen.Count < 1_000)
        {
            var b = random.Next(blocks.Count);
            var start = random.Next(texts[b].Length - 50);
            var end = start + random.Next(5, 40);
            var (label, user) = (labels[random.Next(labels.Count)], users[random.Next(users.Count)]);
            if (char.IsLowSurrogate(texts[b][start]) || char.IsLowSurrogate(texts[b][end]) || !seen.Add((b, start, end, label.Id, user)))
            {
                continue;
            }
            db.Taggings.Add(new Tagging
            {
                BlockId = blocks[b], TranscriptId = id, LabelId = label.Id, AppliedLabelName = label.Name,
                UserId = user, Start = start, End = end, Quote = texts[b][start..end],
            });
        }
        await db.SaveChangesAsync();
        return id;
    }

    private static async Task<HttpResponseMessage> SendAsync(TestClient client, HttpMethod method, string url, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(method, url);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }
        var response = await client.Http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static async Task<byte[]> GunzipAsync(HttpResponseMessage response)
    {
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var output = new MemoryStream();
        await gzip.CopyToAsync(output);
        return output.ToArray();
    }

    [Fact]
    public async Task A_gzip_client_gets_the_identity_page_byte_for_byte_in_under_a_fifth_of_its_size()
    {
        var id = await SeedAsync();
        var client = app.NewClient();
        var identity = await SendAsync(client, HttpMethod.Get, $"/Transcripts/{id}", null);
        var plain = await identity.Content.ReadAsByteArrayAsync();
        // Once more uncompressed: the anonymous page holds nothing per request, so it can be compared whole.
        Assert.Equal(plain, await (await SendAsync(client, HttpMethod.Get, $"/Transcripts/{id}", null)).Content.ReadAsByteArrayAsync());

        // The first gzip request may be the one that renders and compresses (a new cache entry), the second is a hit.
        foreach (var _ in new[] { 1, 2 })
        {
            var gzip = await SendAsync(client, HttpMethod.Get, $"/Transcripts/{id}", "gzip, deflate, br");
            Assert.Equal(HttpStatusCode.OK, gzip.StatusCode);
            Assert.Equal(["gzip"], gzip.Content.Headers.ContentEncoding);
            Assert.Contains("Accept-Encoding", gzip.Headers.Vary);
            var compressed = await gzip.Content.ReadAsByteArrayAsync();
            Assert.Equal(plain, await GunzipAsync(gzip));
            Assert.True(compressed.Length * 5 < plain.Length, $"{compressed.Length:N0} bytes compressed for {plain.Length:N0}");
        }
        Assert.Empty(identity.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", identity.Headers.Vary);
        // Overlapping taggings split highlights, so there are more marks than taggings.
        Assert.True(Encoding.UTF8.GetString(plain).Split("<mark class=\"hl").Length > 1_000);
    }

    [Fact]
    public async Task A_signed_in_readers_page_decodes_with_their_token_and_data_in_it()
    {
        var id = await SeedAsync();
        var client = app.NewClient();
        await client.RegisterAsync("ada@example.org", "Ada");

        var gzip = await SendAsync(client, HttpMethod.Get, $"/Transcripts/{id}?from=inbox", "gzip");
        var html = Encoding.UTF8.GetString(await GunzipAsync(gzip));

        Assert.Equal(["gzip"], gzip.Content.Headers.ContentEncoding);
        Assert.Contains("name=\"__RequestVerificationToken\"", html);
        Assert.Contains("\"loginUrl\":\"/Account/Login?ReturnUrl=%2FTranscripts%2F" + id + "%3Ffrom%3Dinbox\"", html);
        Assert.Contains("class=\"account-name\"", html);
        Assert.EndsWith("</html>\n", html.Replace("\r\n", "\n"));
    }

    [Theory]
    [InlineData("gzip;q=0")]
    [InlineData("identity")]
    [InlineData("br")]
    [InlineData("*;q=0")]
    public async Task A_client_that_refuses_gzip_gets_the_page_uncompressed(string acceptEncoding)
    {
        var id = await SeedAsync();
        var response = await SendAsync(app.NewClient(), HttpMethod.Get, $"/Transcripts/{id}", acceptEncoding);

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.StartsWith("<!DOCTYPE html>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Head_gets_the_headers_of_get_and_a_missing_transcript_is_not_compressed()
    {
        var id = await SeedAsync();
        var client = app.NewClient();

        var head = await SendAsync(client, HttpMethod.Head, $"/Transcripts/{id}", "gzip");
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(["gzip"], head.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", head.Headers.Vary);

        var missing = await SendAsync(client, HttpMethod.Get, $"/Transcripts/{id + 1000}", "gzip");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Empty(missing.Content.Headers.ContentEncoding);
        Assert.Contains("<html", await missing.Content.ReadAsStringAsync());
    }
}
