using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using TranscriptReader.Core.Rendering;

namespace TranscriptReader.Core.Tests.Rendering;

public sealed class HighlightRendererTests
{
    private const string Orange = "#e8a33d";
    private const string Blue = "#3d7be8";
    private const string Green = "#3de87b";

    private static readonly HtmlParser Parser = new();

    private static HighlightSpan Span(long id, int start, int end, string color = Orange, int labelId = 1) =>
        new(id, start, end, labelId, color);

    private static IElement Parse(string html) =>
        Parser.ParseDocument($"<!DOCTYPE html><html><head></head><body><div id=\"root\">{html}</div></body></html>")
            .GetElementById("root")!;

    private static IElement[] Marks(string html) => Parse(html).QuerySelectorAll("mark").ToArray();

    [Fact]
    public void Empty_span_list_renders_plain_encoded_text()
    {
        var text = "a < b && \"c\" > 'd'\nnext line 😀";

        var html = HighlightRenderer.Render(text, []);

        Assert.Equal("a &lt; b &amp;&amp; &quot;c&quot; &gt; &#39;d&#39;\nnext line 😀", html);
        Assert.Equal(html, HighlightRenderer.RenderPlain(text));
    }

    [Fact]
    public void Plain_text_without_special_characters_is_returned_unchanged()
    {
        Assert.Equal("plain 𝄞 text\n", HighlightRenderer.RenderPlain("plain 𝄞 text\n"));
    }

    [Fact]
    public void Single_span_gets_an_anchor_before_its_mark()
    {
        var html = HighlightRenderer.Render("I will guard my goal.", [Span(17, 7, 12)]);

        Assert.Equal(
            "I will <span class=\"hl-anchor\" id=\"tag-17\"></span>"
            + "<mark class=\"hl\" data-t=\"17\" style=\"--hl:#e8a33d\">guard</mark> my goal.",
            html);
    }

    [Fact]
    public void Overlapping_spans_split_into_three_segments_with_covering_ids()
    {
        // "abcdefghij": 1 covers cdef, 2 covers efgh.
        var html = HighlightRenderer.Render("abcdefghij", [Span(2, 4, 8, Blue), Span(1, 2, 6, Orange)]);

        var marks = Marks(html);
        Assert.Equal(["cd", "ef", "gh"], marks.Select(m => m.TextContent));
        Assert.Equal(["1", "1 2", "2"], marks.Select(m => m.GetAttribute("data-t")));
        Assert.Equal(["hl", "hl hl-n2", "hl"], marks.Select(m => m.GetAttribute("class")));
        // Equal lengths: the later tagging (id 2) wins the overlap.
        Assert.Equal([$"--hl:{Orange}", $"--hl:{Blue}", $"--hl:{Blue}"], marks.Select(m => m.GetAttribute("style")));
    }

    [Fact]
    public void Nested_span_takes_the_color_of_the_innermost_span()
    {
        var html = HighlightRenderer.Render("0123456789", [Span(5, 0, 10, Orange), Span(3, 3, 5, Blue)]);

        var marks = Marks(html);
        Assert.Equal(["012", "34", "56789"], marks.Select(m => m.TextContent));
        Assert.Equal(["5", "3 5", "5"], marks.Select(m => m.GetAttribute("data-t")));
        Assert.Equal([$"--hl:{Orange}", $"--hl:{Blue}", $"--hl:{Orange}"], marks.Select(m => m.GetAttribute("style")));
    }

    [Fact]
    public void Three_or_more_covering_spans_use_the_capped_depth_class()
    {
        var spans = new[] { Span(1, 0, 10), Span(2, 1, 9), Span(3, 2, 8), Span(4, 3, 7, Green) };

        var marks = Marks(HighlightRenderer.Render("0123456789", spans));

        Assert.Equal(
            ["hl", "hl hl-n2", "hl hl-n3", "hl hl-n3", "hl hl-n3", "hl hl-n2", "hl"],
            marks.Select(m => m.GetAttribute("class")));
        Assert.Equal("1 2 3 4", marks[3].GetAttribute("data-t"));
        Assert.Equal($"--hl:{Green}", marks[3].GetAttribute("style"));
    }

    [Fact]
    public void Adjacent_spans_produce_two_marks_with_no_gap_between_them()
    {
        var html = HighlightRenderer.Render("abcdef", [Span(1, 0, 3), Span(2, 3, 6, Blue)]);

        Assert.Equal(
            "<span class=\"hl-anchor\" id=\"tag-1\"></span><mark class=\"hl\" data-t=\"1\" style=\"--hl:#e8a33d\">abc</mark>"
            + "<span class=\"hl-anchor\" id=\"tag-2\"></span><mark class=\"hl\" data-t=\"2\" style=\"--hl:#3d7be8\">def</mark>",
            html);
    }

    [Fact]
    public void Spans_separated_by_one_character_leave_that_character_unmarked()
    {
        var root = Parse(HighlightRenderer.Render("ab cd", [Span(1, 0, 2), Span(2, 3, 5)]));

        Assert.Equal(["ab", "cd"], root.QuerySelectorAll("mark").Select(m => m.TextContent));
        Assert.Equal("ab cd", root.TextContent);
    }

    [Fact]
    public void Identical_spans_from_two_users_share_one_mark_and_keep_both_anchors()
    {
        var html = HighlightRenderer.Render("same words", [Span(9, 0, 4, Blue), Span(4, 0, 4, Orange)]);

        Assert.Equal(
            "<span class=\"hl-anchor\" id=\"tag-4\"></span><span class=\"hl-anchor\" id=\"tag-9\"></span>"
            + "<mark class=\"hl hl-n2\" data-t=\"4 9\" style=\"--hl:#3d7be8\">same</mark> words",
            html);
    }

    [Fact]
    public void Each_tagging_has_exactly_one_anchor_even_when_split_into_many_segments()
    {
        var spans = new[] { Span(1, 0, 20), Span(2, 2, 4), Span(3, 6, 8), Span(4, 10, 12) };

        var root = Parse(HighlightRenderer.Render("abcdefghijklmnopqrstuvwxyz", spans));

        var ids = root.QuerySelectorAll(".hl-anchor").Select(a => a.Id ?? "").ToArray();
        Assert.Equal(["tag-1", "tag-2", "tag-3", "tag-4"], ids);
        Assert.All(root.QuerySelectorAll(".hl-anchor"), a => Assert.Equal("mark", a.NextElementSibling?.LocalName));
    }

    [Fact]
    public void Duplicate_tagging_ids_keep_only_the_first_span()
    {
        var root = Parse(HighlightRenderer.Render("abcdef", [Span(1, 0, 2), Span(1, 3, 5)]));

        Assert.Single(root.QuerySelectorAll("#tag-1"));
        Assert.Equal(["ab"], root.QuerySelectorAll("mark").Select(m => m.TextContent));
    }

    [Fact]
    public void Spans_touching_block_start_and_end_are_rendered()
    {
        var text = "start middle end";

        var marks = Marks(HighlightRenderer.Render(text, [Span(1, 0, 5), Span(2, 13, text.Length), Span(3, 0, text.Length)]));

        Assert.Equal(["start", " middle ", "end"], marks.Select(m => m.TextContent));
        Assert.Equal(["1 3", "3", "2 3"], marks.Select(m => m.GetAttribute("data-t")));
    }

    [Fact]
    public void Emoji_at_span_edges_stay_whole()
    {
        var text = "😀ab😀cd😀";

        var marks = Marks(HighlightRenderer.Render(text, [Span(1, 0, 4), Span(2, 4, 8)]));

        Assert.Equal(["😀ab", "😀cd"], marks.Select(m => m.TextContent));
    }

    [Fact]
    public void Spans_that_split_a_surrogate_pair_are_ignored()
    {
        var text = "a😀b";

        var html = HighlightRenderer.Render(text, [Span(1, 0, 2), Span(2, 2, 4), Span(3, 1, 3)]);

        Assert.Equal(["😀"], Marks(html).Select(m => m.TextContent));
        Assert.DoesNotContain("tag-1", html);
        Assert.DoesNotContain("tag-2", html);
    }

    [Theory]
    [InlineData(-1, 2)]
    [InlineData(2, 99)]
    [InlineData(3, 3)]
    [InlineData(4, 2)]
    public void Invalid_spans_are_ignored_without_throwing(int start, int end)
    {
        var html = HighlightRenderer.Render("a<cdef", [Span(1, start, end)]);

        Assert.Equal("a&lt;cdef", html);
    }

    [Fact]
    public void Color_that_is_not_a_hex_color_is_left_out_of_the_style_attribute()
    {
        var html = HighlightRenderer.Render("abc", [Span(1, 0, 3, "red;background:url(x)")]);

        Assert.Equal("<span class=\"hl-anchor\" id=\"tag-1\"></span><mark class=\"hl\" data-t=\"1\">abc</mark>", html);
    }

    [Fact]
    public void Marked_text_is_encoded_inside_marks()
    {
        var marks = Marks(HighlightRenderer.Render("<script>&", [Span(1, 0, 9)]));

        Assert.Equal("<script>&", marks.Single().TextContent);
        Assert.Empty(marks.Single().Children);
    }

    [Fact]
    public void Text_content_equals_the_input_for_random_overlapping_span_sets()
    {
        var random = new Random(20240601);
        string[] pieces = ["a", "b", " ", "\n", "<", ">", "&", "\"", "'", "😀", "𝄞", "é", "&amp;", "<b>", "  "];
        for (var round = 0; round < 400; round++)
        {
            var sb = new System.Text.StringBuilder();
            var pieceCount = random.Next(0, 60);
            for (var i = 0; i < pieceCount; i++)
            {
                sb.Append(pieces[random.Next(pieces.Length)]);
            }
            var text = sb.ToString();
            var spans = new List<HighlightSpan>();
            var spanCount = random.Next(0, 12);
            for (var i = 0; i < spanCount; i++)
            {
                // Deliberately includes out-of-range, empty, reversed and surrogate-splitting spans.
                var start = random.Next(-2, text.Length + 3);
                var end = random.Next(-2, text.Length + 3);
                spans.Add(Span(random.Next(1, 20), start, end, i % 2 == 0 ? Orange : Blue));
            }

            var html = HighlightRenderer.Render(text, spans);
            var root = Parse(html);

            Assert.Equal(text, root.TextContent);
            var anchorIds = root.QuerySelectorAll(".hl-anchor").Select(a => a.Id).ToList();
            Assert.Equal(anchorIds.Count, anchorIds.Distinct().Count());
            Assert.All(root.QuerySelectorAll("mark"), m => Assert.Empty(m.Children));
            AssertMarksMatchNaiveCoverage(text, spans, root);
        }
    }

    [Fact]
    public void Large_block_with_many_spans_keeps_its_text()
    {
        var random = new Random(7);
        var text = string.Concat(Enumerable.Range(0, 12000).Select(i => i % 97 == 0 ? "😀 <&>\n" : "word "));
        Assert.True(text.Length >= 60000);
        var spans = Enumerable.Range(1, 500)
            .Select(id =>
            {
                var start = random.Next(0, text.Length - 1);
                return Span(id, start, Math.Min(text.Length, start + random.Next(1, 2000)));
            })
            .ToList();

        var root = Parse(HighlightRenderer.Render(text, spans));

        Assert.Equal(text, root.TextContent);
    }

    /// <summary>
    /// Checks every mark against a per-code-unit model: the ids of the valid spans covering each unit,
    /// and the color of the shortest (then latest) of them.
    /// </summary>
    private static void AssertMarksMatchNaiveCoverage(string text, IReadOnlyList<HighlightSpan> spans, IElement root)
    {
        var seen = new HashSet<long>();
        var valid = spans
            .Where(s => s.Start >= 0 && s.End <= text.Length && s.Start < s.End
                && !SplitsPair(text, s.Start) && !SplitsPair(text, s.End) && seen.Add(s.TaggingId))
            .ToList();
        var offset = 0;
        foreach (var node in root.ChildNodes)
        {
            var length = node.TextContent.Length;
            for (var i = offset; i < offset + length; i++)
            {
                var covering = valid.Where(s => s.Start <= i && i < s.End).ToList();
                if (node is IElement { LocalName: "mark" } mark)
                {
                    var ids = string.Join(' ', covering.Select(s => s.TaggingId).Order());
                    Assert.Equal(ids, mark.GetAttribute("data-t"));
                    var innermost = covering.OrderBy(s => s.End - s.Start).ThenByDescending(s => s.TaggingId).First();
                    Assert.Equal($"--hl:{innermost.Color}", mark.GetAttribute("style"));
                }
                else
                {
                    Assert.Empty(covering);
                }
            }
            offset += length;
        }
        Assert.Equal(text.Length, offset);
    }

    private static bool SplitsPair(string text, int i) =>
        i > 0 && i < text.Length && char.IsHighSurrogate(text[i - 1]) && char.IsLowSurrogate(text[i]);
}
