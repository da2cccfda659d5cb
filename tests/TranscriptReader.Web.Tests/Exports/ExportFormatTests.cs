using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Taggings;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Web.Tests.Support;
using static TranscriptReader.Web.Tests.Exports.ExportTestSupport;

namespace TranscriptReader.Web.Tests.Exports;

/// <summary>What the files look like: headers, escaping, offsets that round-trip, JSON-LD shape.</summary>
[Collection(WebCollection.Name)]
public sealed class ExportFormatTests(AppFactory app) : IAsyncLifetime
{
    // The documented column order (docs/exports.md).
    public static readonly string[] LabelCountsHeader =
        ["label_id", "label", "aliases", "taggings", "transcripts", "readers", "agree_votes", "dispute_votes", "accepted", "contested", "proposed"];
    public static readonly string[] LabelTranscriptsHeader =
        ["transcript_id", "title", "collection", "model", "label_id", "label", "taggings", "readers"];
    public static readonly string[] PivotHeader =
        ["key", "value", "label_id", "label", "transcripts", "transcripts_tagged", "fraction", "wilson_low", "wilson_high"];
    public static readonly string[] TaggingsHeader =
        ["tagging_id", "transcript_id", "transcript_title", "collection", "model", "message_role", "block_id", "block_kind",
         "start", "end", "quote", "prefix", "suffix", "label_id", "label", "applied_label", "reader_id", "reader",
         "created_at", "agree_votes", "dispute_votes", "vote_score", "status"];

    private ExportSeed seed = null!;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await using var db = app.CreateDbContext();
        seed = await ExportSeed.CreateAsync(db);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_csv_export_parses_back_with_the_documented_header()
    {
        var client = await SignedInClientAsync(app);
        Assert.Equal(LabelCountsHeader, (await GetCsvAsync(client, "/api/v1/exports/label-counts.csv")).Header);
        Assert.Equal(LabelTranscriptsHeader, (await GetCsvAsync(client, "/api/v1/exports/label-transcripts.csv")).Header);
        var pivot = await GetCsvAsync(client, "/api/v1/exports/pivot.csv?key=is_free_tier_user");
        Assert.Equal(PivotHeader, pivot.Header);
        var row = pivot.Rows.Single(r => r["value"] == "true" && r["label"] == "goal guarding");
        Assert.Equal(("3", "2"), (row["transcripts"], row["transcripts_tagged"]));
        Assert.Equal(0.20766, double.Parse(row["wilson_low"], System.Globalization.CultureInfo.InvariantCulture), 1e-5);
        var taggings = await GetCsvAsync(client, "/api/v1/exports/taggings.csv");
        Assert.Equal(TaggingsHeader, taggings.Header);
        Assert.Equal(seed.Taggings.Count, taggings.Rows.Count);
        Assert.StartsWith(string.Join(',', TaggingsHeader) + "\r\n", taggings.Raw);
    }

    [Fact]
    public async Task Every_raw_quote_equals_the_block_text_at_its_utf16_offsets_including_an_emoji()
    {
        var client = await SignedInClientAsync(app);
        var csv = await GetCsvAsync(client, "/api/v1/exports/taggings.csv");
        await using var db = app.CreateDbContext();
        var blocks = await db.Blocks.ToDictionaryAsync(b => b.Id, b => b.Text);
        foreach (var row in csv.Rows)
        {
            var text = blocks[long.Parse(row["block_id"], System.Globalization.CultureInfo.InvariantCulture)];
            var start = int.Parse(row["start"], System.Globalization.CultureInfo.InvariantCulture);
            var end = int.Parse(row["end"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(text.Substring(start, end - start), row["quote"]);
        }
        var emoji = csv.Rows.Single(r => r["quote"].Contains("🙂", StringComparison.Ordinal));
        // "I must " is 7 code units, the emoji 2 (a surrogate pair), " protect" 8.
        Assert.Equal(("0", "17", "goal guarding", "Goal-guarding", "cy"), (emoji["start"], emoji["end"], emoji["label"], emoji["applied_label"], emoji["reader"]));
        var accepted = csv.Rows.Single(r => r["status"] == "accepted");
        Assert.Equal(("ada", "2", "0", "2", "reasoning", "assistant"),
            (accepted["reader"], accepted["agree_votes"], accepted["dispute_votes"], accepted["vote_score"], accepted["block_kind"], accepted["message_role"]));
    }

    [Fact]
    public async Task Cells_starting_with_formula_characters_are_escaped_and_a_negative_number_stays_a_number()
    {
        var dangerous = new[] { "=", "+", "-", "@", "\t", "\r", "\n" };
        await using (var db = app.CreateDbContext())
        {
            var block = await db.Blocks.FirstAsync(b => b.Kind == BlockKinds.Output && b.TranscriptId == seed.Transcripts["t5"].Id);
            block.Text = string.Concat(dangerous.Select(d => d + "x "));
            await db.SaveChangesAsync();
            for (var i = 0; i < dangerous.Length; i++)
            {
                var label = ExportSeed.NewLabel($"{dangerous[i]}cmd{i}");
                // Written directly: the label form would refuse control characters, an import might not.
                label.NormalizedName = $"{dangerous[i]}cmd{i}";
                db.Labels.Add(label);
                await db.SaveChangesAsync();
                var quote = dangerous[i] + "x";
                db.Taggings.Add(new Tagging
                {
                    TranscriptId = block.TranscriptId, BlockId = block.Id, LabelId = label.Id, AppliedLabelName = label.Name,
                    UserId = seed.Users["bo"].Id, Start = 3 * i, End = 3 * i + 2, Quote = quote,
                });
            }
            await db.SaveChangesAsync();
            var disputed = await db.Taggings.FirstAsync(t => t.Quote == "-x");
            db.Votes.Add(new Vote { TaggingId = disputed.Id, UserId = seed.Users["ada"].Id, Value = -1 });
            await db.SaveChangesAsync();
        }

        var client = await SignedInClientAsync(app);
        var csv = await GetCsvAsync(client, "/api/v1/exports/taggings.csv?reader=bo&block_kind=output");
        Assert.Equal(dangerous.Length, csv.Rows.Count);
        foreach (var d in dangerous)
        {
            var row = csv.Rows.Single(r => r["quote"].EndsWith(d + "x", StringComparison.Ordinal));
            Assert.Equal("'" + d + "x", row["quote"]);
            Assert.StartsWith("'" + d + "cmd", row["label"], StringComparison.Ordinal);
            Assert.StartsWith("'" + d + "cmd", row["applied_label"], StringComparison.Ordinal);
        }
        var negative = csv.Rows.Single(r => r["quote"] == "'-x");
        Assert.Equal("-1", negative["vote_score"]);
        Assert.Contains(",1,-1,contested", csv.Raw, StringComparison.Ordinal);

        var counts = await GetCsvAsync(client, "/api/v1/exports/label-counts.csv");
        Assert.All(counts.Rows.Where(r => r["label"].Contains("cmd", StringComparison.Ordinal)), r => Assert.StartsWith("'", r["label"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_ld_is_a_web_annotation_collection_with_quote_and_position_selectors()
    {
        var client = await SignedInClientAsync(app);
        var response = await client.Http.GetAsync("/api/v1/exports/annotations.jsonld");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        var root = doc.RootElement;
        Assert.Equal("http://www.w3.org/ns/anno.jsonld", root.GetProperty("@context").GetString());
        Assert.Equal("AnnotationCollection", root.GetProperty("type").GetString());
        var items = root.GetProperty("first").GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(seed.Taggings.Count, items.Count);

        await using var db = app.CreateDbContext();
        var blocks = await db.Blocks.ToDictionaryAsync(b => b.Id, b => b.Text);
        foreach (var item in items)
        {
            Assert.Equal("Annotation", item.GetProperty("type").GetString());
            Assert.False(string.IsNullOrEmpty(item.GetProperty("creator").GetProperty("nickname").GetString()));
            var source = item.GetProperty("target").GetProperty("source").GetString()!;
            Assert.Matches(@"^http://localhost/Transcripts/\d+#block-\d+$", source);
            var blockId = long.Parse(source[(source.IndexOf("#block-", StringComparison.Ordinal) + 7)..], System.Globalization.CultureInfo.InvariantCulture);
            var selectors = item.GetProperty("target").GetProperty("selector").EnumerateArray().ToDictionary(s => s.GetProperty("type").GetString()!);
            var quote = selectors["TextQuoteSelector"];
            var position = selectors["TextPositionSelector"];
            var (start, end) = (position.GetProperty("start").GetInt32(), position.GetProperty("end").GetInt32());
            var text = blocks[blockId];
            Assert.Equal(text[start..end], quote.GetProperty("exact").GetString());
            Assert.EndsWith(quote.GetProperty("prefix").GetString()!, text[..start], StringComparison.Ordinal);
            Assert.StartsWith(quote.GetProperty("suffix").GetString()!, text[end..], StringComparison.Ordinal);
        }
        Assert.Contains(items, i => i.GetProperty("body").GetProperty("value").GetString() == "goal guarding");
    }

    [Fact]
    public async Task Json_lines_has_one_object_per_tagging_and_honours_filters()
    {
        var client = await SignedInClientAsync(app);
        var response = await client.Http.GetAsync("/api/v1/exports/annotations.jsonl?status=accepted");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var only = JsonDocument.Parse(Assert.Single(lines)).RootElement;
        Assert.Equal(("accepted", "ada", "goal guarding"),
            (only.GetProperty("status").GetString(), only.GetProperty("reader").GetString(), only.GetProperty("label").GetString()));

        var all = (await (await client.Http.GetAsync("/api/v1/exports/annotations.jsonl")).Content.ReadAsStringAsync())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(seed.Taggings.Count, all.Length);
    }
}
