using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Api;

/// <summary>
/// Label names must show: a name of only invisible characters was accepted and listed as blank. Digits name a
/// label by its id, never a new label: a JSON number label created a label named by its digits. A name with
/// U+FFFE made the key's Unicode normalization throw (500).
/// </summary>
[Collection(WebCollection.Name)]
public sealed class LabelIntegrityTests(AppFactory app) : IAsyncLifetime
{
    private TestClient admin = null!;
    private TestClient api = null!;
    private long blockId;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        admin = app.NewClient();
        await admin.RegisterAsync("root@example.org", "Root");
        api = app.NewClient();
        api.UseBearer(await admin.CreateTokenAsync());
        await using var db = app.CreateDbContext();
        var (_, blocks) = await SeedTranscripts.AddAsync(db, "labels",
            new SeedTranscripts.SeedMessage("assistant", null, new SeedTranscripts.SeedBlock("reasoning", "I should keep my values.")));
        blockId = blocks[0];
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string> InvisibleNames() => new()
    {
        "\u200B", "\u200B\u200C\u200D", " \u2060 ", "\uFEFF", "\u00AD", "\u3164", "\u2800", "\u034F", "\uFE0F", "\u202E\u202C", "\u3000",
        "\U000E0020\U000E0041",
    };

    [Theory]
    [MemberData(nameof(InvisibleNames))]
    public async Task A_label_name_of_only_invisible_characters_is_a_400(string name)
    {
        var viaLabels = await api.Http.PostAsJsonAsync("/api/v1/labels", new { name });
        var viaTagging = await api.Http.PostAsJsonAsync("/api/v1/taggings", new { blockId, start = 0, end = 8, label = name });

        Assert.Equal(HttpStatusCode.BadRequest, viaLabels.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, viaTagging.StatusCode);
        await using var db = app.CreateDbContext();
        Assert.False(await db.Labels.AnyAsync());
    }

    [Theory]
    [InlineData("99999999999999999999")]
    [InlineData("2147483648")]
    [InlineData("12345")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    public async Task A_label_given_as_a_number_or_digits_names_an_existing_id_or_is_a_400(string digits)
    {
        var asNumber = await api.Http.PostAsync("/api/v1/taggings", new StringContent(
            $"{{\"blockId\": {blockId}, \"start\": 0, \"end\": 8, \"label\": {digits}}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, asNumber.StatusCode);
        Assert.Equal("application/problem+json", asNumber.Content.Headers.ContentType?.MediaType);
        if (digits.All(char.IsAsciiDigit))
        {
            // The same digits as a string are an id too ("-1" or "1.5" as a string are ordinary names).
            var asString = await api.Http.PostAsJsonAsync("/api/v1/taggings", new { blockId, start = 0, end = 8, label = digits });
            Assert.Equal(HttpStatusCode.BadRequest, asString.StatusCode);
        }
        await using var db = app.CreateDbContext();
        Assert.False(await db.Labels.AnyAsync(l => l.Name == digits));
        Assert.False(await db.Taggings.AnyAsync());
    }

    [Fact]
    public async Task A_number_naming_an_existing_label_applies_it()
    {
        var created = await api.Http.PostAsJsonAsync("/api/v1/labels", new { name = "goal guarding" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var response = await api.Http.PostAsync("/api/v1/taggings", new StringContent(
            $"{{\"blockId\": {blockId}, \"start\": 0, \"end\": 8, \"label\": {id}}}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("goal guarding", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("label").GetString());
    }

    [Theory]
    [InlineData("2024")]
    [InlineData(" 42 ")]
    public async Task A_moderator_cannot_create_a_label_named_only_by_digits(string name)
    {
        var response = await api.Http.PostAsJsonAsync("/api/v1/labels", new { name });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("digit", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("goal\uFFFEguarding")]
    [InlineData("\uFFFE")]
    [InlineData("x\uFFFF")]
    public async Task A_label_name_with_a_noncharacter_is_a_400_not_a_500(string name)
    {
        var viaLabels = await api.Http.PostAsJsonAsync("/api/v1/labels", new { name });
        var viaTagging = await api.Http.PostAsJsonAsync("/api/v1/taggings", new { blockId, start = 0, end = 8, label = name });
        var search = await admin.Http.GetAsync("/Labels?q=" + Uri.EscapeDataString(name));
        var apiSearch = await api.Http.GetAsync("/api/v1/labels?q=" + Uri.EscapeDataString(name));
        var export = await api.Http.GetAsync("/api/v1/exports/taggings.csv?label=" + Uri.EscapeDataString(name));

        Assert.Equal(HttpStatusCode.BadRequest, viaLabels.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, viaTagging.StatusCode);
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Equal(HttpStatusCode.OK, apiSearch.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, export.StatusCode);
        await using var db = app.CreateDbContext();
        Assert.False(await db.Labels.AnyAsync());
    }

    [Fact]
    public async Task Renaming_to_an_invisible_name_or_to_digits_is_refused_on_the_form()
    {
        var created = await api.Http.PostAsJsonAsync("/api/v1/labels", new { name = "goal guarding" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        foreach (var name in new[] { "\u200B", "777", "a\uFFFEb" })
        {
            var response = await admin.PostFormAsync($"/Labels/Edit/{id}", $"/Labels/Edit/{id}?handler=Rename", new Dictionary<string, string> { ["name"] = name });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        await using var db = app.CreateDbContext();
        Assert.Equal("goal guarding", (await db.Labels.SingleAsync()).Name);
    }
}
