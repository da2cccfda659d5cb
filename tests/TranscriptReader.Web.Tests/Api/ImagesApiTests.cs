using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Api;

/// <summary>Images in transcripts: stored by their bytes, served with the type the bytes prove and nosniff, never taggable.</summary>
[Collection(WebCollection.Name)]
public sealed class ImagesApiTests(AppFactory app) : IAsyncLifetime
{
    private static readonly byte[] Gif = "GIF89a\u0001\0\u0001\0\u0080\0\0\0\0\0\u00ff\u00ff\u00ff!\u00f9\u0004\u0001\0\0\0\0,\0\0\0\0\u0001\0\u0001\0\0\u0002\u0002D\u0001\0;"u8.ToArray();
    private TestClient client = null!;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        var browser = app.NewClient();
        await browser.RegisterAsync("ivy@example.org", "Ivy");
        var secret = await browser.CreateTokenAsync();
        client = app.NewClient();
        client.UseBearer(secret);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>An Inspect-style message with text and an image, declared as PNG (the bytes decide: GIF).</summary>
    private static string Chat(string image) => $$"""
        {"messages": [
          {"role": "user", "content": [{"type": "text", "text": "What does the chart show?"}, {"type": "image", "image": "{{image}}"}]},
          {"role": "assistant", "content": "A rising line."}]}
        """;

    private async Task<JsonElement> ImportAsync(string json)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(json)), "files", "chart.json" } };
        var response = await client.Http.PostAsync("/api/v1/transcripts", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created")[0].GetProperty("id").GetInt64();
        return await client.GetJsonAsync<JsonElement>($"/api/v1/transcripts/{id}");
    }

    private static List<JsonElement> Blocks(JsonElement transcript) =>
        transcript.GetProperty("messages").EnumerateArray().SelectMany(m => m.GetProperty("blocks").EnumerateArray()).ToList();

    [Fact]
    public async Task An_image_is_served_as_the_type_its_bytes_prove_with_nosniff_and_a_long_cache()
    {
        var transcript = await ImportAsync(Chat("data:image/png;base64," + Convert.ToBase64String(Gif)));
        var image = Assert.Single(Blocks(transcript), b => b.GetProperty("kind").GetString() == "image");
        var url = image.GetProperty("imageUrl").GetString()!;
        Assert.Equal("image/gif", image.GetProperty("caption").GetString());
        Assert.All(Blocks(transcript).Where(b => b.GetProperty("kind").GetString() != "image"),
            b => Assert.Equal(JsonValueKind.Null, b.GetProperty("imageUrl").ValueKind));

        var response = await app.NewClient().Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/gif", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("sandbox", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.True(response.Headers.CacheControl?.MaxAge > TimeSpan.FromDays(300));
        Assert.Equal(Gif, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_svg_is_never_stored_or_served_as_an_image()
    {
        var svg = Convert.ToBase64String("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"u8.ToArray());

        var transcript = await ImportAsync(Chat("data:image/svg+xml;base64," + svg));

        Assert.DoesNotContain(Blocks(transcript), b => b.GetProperty("kind").GetString() == "image");
        await using var db = app.CreateDbContext();
        Assert.Empty(db.Images);
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", HttpStatusCode.NotFound)]
    [InlineData("not-a-hash", HttpStatusCode.NotFound)]
    public async Task An_unknown_image_is_a_404(string sha, HttpStatusCode status)
    {
        Assert.Equal(status, (await app.NewClient().Http.GetAsync($"/api/v1/images/{sha}")).StatusCode);
    }

    [Fact]
    public async Task An_image_block_cannot_be_tagged()
    {
        var transcript = await ImportAsync(Chat("data:image/gif;base64," + Convert.ToBase64String(Gif)));
        var image = Blocks(transcript).Single(b => b.GetProperty("kind").GetString() == "image");

        var response = await client.Http.PostAsJsonAsync("/api/v1/taggings",
            new { blockId = image.GetProperty("id").GetInt64(), start = 0, end = 3, label = "chart" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("image cannot be tagged", await response.Content.ReadAsStringAsync());
    }
}
