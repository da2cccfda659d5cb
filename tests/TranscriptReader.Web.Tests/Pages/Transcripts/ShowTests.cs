using System.Net;
using System.Text.Json;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Taggings;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Web.Tests.Support;
using static TranscriptReader.Web.Tests.Support.SeedTranscripts;

namespace TranscriptReader.Web.Tests.Pages.Transcripts;

[Collection(WebCollection.Name)]
public sealed class ShowTests(AppFactory app) : IAsyncLifetime
{
    private const string Tricky = "a < b && c > d\n\n  \"quoted\" 'single' 🎯 goal 🎯 guarding\r\nend</div><script>alert(1)</script>";

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private static Tagging Tag(long transcriptId, long blockId, int labelId, string userId, string text, int start, int end) => new()
    {
        TranscriptId = transcriptId, BlockId = blockId, LabelId = labelId, UserId = userId, AppliedLabelName = "x",
        Start = start, End = end, Quote = text[start..end],
    };

    [Fact]
    public async Task Page_shows_roles_reasoning_tool_calls_and_metadata_distinctly()
    {
        long id;
        await using (var db = app.CreateDbContext())
        {
            (id, _) = await AddAsync(db, "Roles <test>",
                new SeedMessage(MessageRoles.System, null, new SeedBlock(BlockKinds.Text, "You are helpful.")),
                new SeedMessage(MessageRoles.User, "Jane", new SeedBlock(BlockKinds.Text, "Hi")),
                new SeedMessage(MessageRoles.Assistant, "Claude",
                    new SeedBlock(BlockKinds.Reasoning, "Let me think."),
                    new SeedBlock(BlockKinds.RedactedReasoning, "[reasoning redacted]"),
                    new SeedBlock(BlockKinds.ToolCall, "{\n  \"q\": \"x\"\n}", "search"),
                    new SeedBlock(BlockKinds.Output, "Hello.")),
                new SeedMessage(MessageRoles.Tool, null, new SeedBlock(BlockKinds.ToolResult, "result", "call_1")));
        }

        var (response, doc) = await app.NewClient().GetPageAsync($"/Transcripts/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Roles <test>", doc.QuerySelector("h1")!.TextContent);
        Assert.Equal(["msg-system", "msg-user", "msg-assistant", "msg-tool"],
            doc.QuerySelectorAll("section.msg").Select(s => s.ClassList.Single(c => c.StartsWith("msg-", StringComparison.Ordinal))));
        Assert.Equal(["System", "User", "Assistant", "Tool"], doc.QuerySelectorAll(".msg-role").Select(r => r.TextContent));
        Assert.Equal("Claude", doc.QuerySelectorAll(".msg-speaker")[1].TextContent);

        var reasoning = doc.QuerySelector(".blk-reasoning")!;
        Assert.Contains("blk-reasoning-like", reasoning.ClassList);
        Assert.Equal("Reasoning", reasoning.QuerySelector(".blk-label")!.TextContent.Trim());
        Assert.DoesNotContain("blk-reasoning-like", doc.QuerySelector(".blk-output")!.ClassList);
        Assert.NotNull(doc.QuerySelector(".blk-redacted-reasoning .blk-redacted-note"));
        Assert.Equal("search", doc.QuerySelector(".blk-tool-call .blk-fn")!.TextContent);
        Assert.Equal("{\n  \"q\": \"x\"\n}", doc.QuerySelector(".blk-tool-call .block-text")!.TextContent);
        Assert.Contains("call_1", doc.QuerySelector(".blk-tool-result .blk-label")!.TextContent, StringComparison.Ordinal);

        var meta = doc.QuerySelector(".meta-json")!;
        Assert.Contains("<b>free</b> & tier", meta.TextContent, StringComparison.Ordinal);
        Assert.Null(meta.QuerySelector("b"));
        Assert.Contains("openai-chat", doc.QuerySelector(".meta-list")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Block_text_content_equals_the_stored_text_with_markup_characters_emoji_and_overlapping_highlights()
    {
        long id;
        List<long> blocks;
        long[] taggingIds;
        await using (var db = app.CreateDbContext())
        {
            (id, blocks) = await AddAsync(db, "Tricky",
                new SeedMessage(MessageRoles.Assistant, null,
                    new SeedBlock(BlockKinds.Reasoning, Tricky), new SeedBlock(BlockKinds.Text, Tricky)));
            var ada = await AddUserAsync(db, "Ada");
            var bob = await AddUserAsync(db, "Bob");
            var red = new Label { Name = "red", NormalizedName = "red", Color = "#d9614c" };
            var blue = new Label { Name = "blue", NormalizedName = "blue", Color = "#5b8def" };
            db.Labels.AddRange(red, blue);
            await db.SaveChangesAsync();
            var goal = Tricky.IndexOf("🎯 goal", StringComparison.Ordinal);
            var tags = new[]
            {
                Tag(id, blocks[0], red.Id, ada, Tricky, 0, 9),
                Tag(id, blocks[0], blue.Id, bob, Tricky, 4, 20),
                Tag(id, blocks[0], red.Id, bob, Tricky, goal, goal + 7),
                Tag(id, blocks[0], blue.Id, ada, Tricky, goal + 3, Tricky.Length),
                Tag(id, blocks[0], blue.Id, bob, Tricky, goal + 3, Tricky.Length),
            };
            db.Taggings.AddRange(tags);
            await db.SaveChangesAsync();
            taggingIds = tags.Select(t => t.Id).ToArray();
        }

        var (_, doc) = await app.NewClient().GetPageAsync($"/Transcripts/{id}");

        var texts = doc.QuerySelectorAll(".block-text");
        Assert.Equal(2, texts.Length);
        Assert.All(texts, t => Assert.Equal(Tricky, t.TextContent));
        Assert.Equal(blocks.Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture)), texts.Select(t => t.GetAttribute("data-block-id")));
        // Only the renderer's own elements inside block text: the "</div><script>" in the text stays text.
        Assert.All(texts.SelectMany(t => t.QuerySelectorAll("*")), e => Assert.True(e.LocalName == "mark" || e.ClassName == "hl-anchor", e.OuterHtml));
        Assert.NotEmpty(texts[0].QuerySelectorAll("mark.hl.hl-n2"));
        foreach (var tid in taggingIds)
        {
            Assert.NotNull(doc.GetElementById($"tag-{tid}"));
        }

        var json = JsonDocument.Parse(doc.GetElementById("tr-taggings")!.TextContent).RootElement;
        var taggings = json.GetProperty("taggings");
        Assert.Equal(5, taggings.GetArrayLength());
        // No quotes in the JSON: the script takes each from the block text, which must hold the exact span.
        Assert.False(taggings[0].TryGetProperty("quote", out _));
        Assert.Equal(Tricky[..9], texts[0].TextContent[taggings[0].GetProperty("start").GetInt32()..taggings[0].GetProperty("end").GetInt32()]);
        Assert.Equal(["blue", "red"], json.GetProperty("labels").EnumerateObject().Select(l => l.Value.GetProperty("name").GetString()).Order());
        // Sidebar: identical span + label from two readers is one group.
        var groups = doc.QuerySelectorAll("#tag-list .tag-item");
        Assert.Equal(4, groups.Length);
        Assert.Contains("2 readers", groups[3].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_visitors_see_highlights_and_a_login_prompt_but_no_labels_for_the_popover()
    {
        long id;
        await using (var db = app.CreateDbContext())
        {
            (id, var blocks) = await AddAsync(db, "Anon", new SeedMessage(MessageRoles.Assistant, null, new SeedBlock(BlockKinds.Text, "Hello world")));
            var ada = await AddUserAsync(db, "Ada");
            var label = new Label { Name = "greeting", NormalizedName = "greeting", Color = "#4caf7d" };
            db.Labels.Add(label);
            await db.SaveChangesAsync();
            db.Taggings.Add(Tag(id, blocks[0], label.Id, ada, "Hello world", 0, 5));
            await db.SaveChangesAsync();
        }

        var (_, doc) = await app.NewClient().GetPageAsync($"/Transcripts/{id}");

        Assert.Equal("Hello", doc.QuerySelector("mark.hl")!.TextContent);
        Assert.Contains("Log in to tag", doc.QuerySelector(".reader-toolbar")!.TextContent, StringComparison.Ordinal);
        Assert.Null(doc.GetElementById("tr-labels"));
        Assert.Null(doc.GetElementById("toggle-mine"));
        // Nobody anonymous can post, so the page carries no antiforgery token.
        Assert.Null(doc.QuerySelector("input[name=__RequestVerificationToken]"));
    }

    [Fact]
    public async Task Long_blocks_are_collapsible_but_keep_their_full_text()
    {
        var longText = string.Concat(Enumerable.Repeat("A long line of reasoning.\n", 400));
        long id;
        await using (var db = app.CreateDbContext())
        {
            (id, _) = await AddAsync(db, "Long", new SeedMessage(MessageRoles.Assistant, null, new SeedBlock(BlockKinds.Reasoning, longText)));
        }

        var (_, doc) = await app.NewClient().GetPageAsync($"/Transcripts/{id}");

        var blk = doc.QuerySelector(".blk-reasoning")!;
        Assert.Contains("blk-long", blk.ClassList);
        Assert.NotNull(blk.QuerySelector("button.blk-more"));
        Assert.Equal(longText, blk.QuerySelector(".block-text")!.TextContent);
    }

    [Fact]
    public async Task Unknown_transcript_is_404()
    {
        var response = await app.NewClient().Http.GetAsync("/Transcripts/987654");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Page_links_to_the_discussion_with_its_comment_count_and_counts_per_tagging()
    {
        long id;
        long taggingId;
        await using (var db = app.CreateDbContext())
        {
            var (tid, blocks) = await AddAsync(db, "Discussed",
                new SeedMessage(MessageRoles.Assistant, null, new SeedBlock(BlockKinds.Reasoning, "I should keep my goals.")));
            id = tid;
            var user = await AddUserAsync(db, "Ada");
            var label = new Label { Name = "goal guarding", NormalizedName = "goal guarding", Color = "#e8a33d" };
            db.Labels.Add(label);
            await db.SaveChangesAsync();
            var tagging = Tag(id, blocks[0], label.Id, user, "I should keep my goals.", 2, 8);
            db.Taggings.Add(tagging);
            await db.SaveChangesAsync();
            taggingId = tagging.Id;
            db.Comments.AddRange(
                new Core.Discussion.Comment { TranscriptId = id, AuthorId = user, Body = "one" },
                new Core.Discussion.Comment { TranscriptId = id, AuthorId = user, Body = "two" },
                new Core.Discussion.Comment { TaggingId = taggingId, AuthorId = user, Body = "on the tag" });
            await db.SaveChangesAsync();
        }

        var (_, doc) = await app.NewClient().GetPageAsync($"/Transcripts/{id}");
        var link = doc.QuerySelector("a.discussion-link")!;
        Assert.Equal($"/Transcripts/{id}/Discussion", link.GetAttribute("href"));
        Assert.Equal("Discussion (2)", link.TextContent.Trim());
        var shared = JsonDocument.Parse(doc.QuerySelector("#tr-taggings")!.TextContent).RootElement;
        var shown = shared.GetProperty("taggings").EnumerateArray().Single();
        Assert.Equal(taggingId, shown.GetProperty("id").GetInt64());
        Assert.Equal(1, shown.GetProperty("comments").GetInt32());
    }
}
