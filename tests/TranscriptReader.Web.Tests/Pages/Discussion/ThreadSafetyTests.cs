using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Web.Tests.Support;

namespace TranscriptReader.Web.Tests.Pages.Discussion;

/// <summary>Hostile comment bodies end up on the thread page and the recent page without anything that can run.</summary>
[Collection(WebCollection.Name)]
public sealed class ThreadSafetyTests(AppFactory app) : IAsyncLifetime
{
    private static readonly string[] Payloads =
    [
        "<script>alert(1)</script>",
        "hello <img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "[y](JaVaScRiPt:alert(1))",
        "[z](javascript&#58;alert(1))",
        "<javascript:alert(1)>",
        "![img](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "hello {onclick=alert(1)}",
        "# heading {#id .class onclick=\"alert(1)\"}",
        "<a href=\"javascript:alert(1)\">raw link</a>",
        "`code` <style>body{display:none}</style> <form action=/x><input name=a></form>",
        "\"><svg onload=alert(1)>",
        "[ok](https://example.org/safe \"title\")",
    ];

    public Task InitializeAsync() => app.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Script_javascript_links_and_attribute_syntax_in_comments_render_without_executable_markup()
    {
        var ada = app.NewClient();
        await ada.RegisterAsync("ada@example.org", "Ada");
        var adaId = await DiscussionData.UserIdAsync(app.CreateDbContext, "ada@example.org");
        var (_, taggingId) = await DiscussionData.SeedAsync(app.CreateDbContext, adaId, "<script>alert('title')</script>");
        var key = ThreadKey.ForTagging(taggingId);
        // Two through the real form; the rest through the service, as the form allows 10 posts a minute.
        foreach (var payload in Payloads.Take(2))
        {
            DiscussionData.CommentIdFrom(await DiscussionData.PostCommentAsync(ada, key, payload));
        }
        foreach (var payload in Payloads.Skip(2))
        {
            var result = await app.WithScopeAsync(sp => sp.GetRequiredService<CommentWriter>().PostAsync(key, null, adaId, payload));
            Assert.True(result.Ok, result.Failure?.Message);
        }

        foreach (var url in new[] { key.PagePath, "/Discussion" })
        {
            var (_, doc) = await app.NewClient().GetPageAsync(url);
            var bodies = doc.QuerySelectorAll(".comment-body").ToList();
            Assert.Equal(Payloads.Length, bodies.Count);
            foreach (var body in bodies)
            {
                Assert.Empty(body.QuerySelectorAll("script, style, img, svg, iframe, form, input, object, embed"));
                foreach (var element in body.QuerySelectorAll("*"))
                {
                    AssertHarmless(element);
                }
            }
            // The only scripts on the page are the app's own files.
            Assert.All(doc.QuerySelectorAll("script"), s => Assert.StartsWith("/js/", s.GetAttribute("src")));
            Assert.All(doc.All, AssertHarmless);
            Assert.Contains("<script>alert(1)</script>", doc.Body!.TextContent);
            Assert.NotNull(doc.QuerySelector(".comment-body a[href='https://example.org/safe'][rel='nofollow ugc noopener']"));
        }
    }

    private static void AssertHarmless(IElement element)
    {
        foreach (var attribute in element.Attributes)
        {
            Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase),
                $"<{element.LocalName} {attribute.Name}=...> carries an event handler");
            if (attribute.Name is "href" or "src" or "action" or "formaction")
            {
                var value = new string(attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
                Assert.False(value.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)
                    || value.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
                    || value.StartsWith("vbscript:", StringComparison.OrdinalIgnoreCase),
                    $"<{element.LocalName} {attribute.Name}=\"{attribute.Value}\"> is executable");
            }
        }
    }
}
