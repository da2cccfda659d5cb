using Microsoft.Playwright;

namespace TranscriptReader.Browser.Tests;

/// <summary>Driving the transcript page: where phrases are on screen, mouse selections, highlight text.</summary>
internal static class ReaderDriver
{
    /// <summary>Finds a phrase in a block and returns viewport points just inside its first and last characters.</summary>
    public const string PhrasePointsJs = """
        ([blockId, phrase]) => {
          const el = document.querySelector(`.block-text[data-block-id="${blockId}"]`);
          const start = el.textContent.indexOf(phrase);
          if (start < 0) { throw new Error("phrase not found"); }
          const end = start + phrase.length;
          function at(offset) {
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            let n, seen = 0;
            while ((n = walker.nextNode())) {
              if (offset <= seen + n.data.length) { return [n, offset - seen]; }
              seen += n.data.length;
            }
            throw new Error("offset out of range");
          }
          function rect(a, b) {
            const r = document.createRange();
            const [n1, o1] = at(a); const [n2, o2] = at(b);
            r.setStart(n1, o1); r.setEnd(n2, o2);
            const rects = r.getClientRects();
            return rects[rects.length - 1];
          }
          el.scrollIntoView({ block: "center" });
          const firstLen = phrase.codePointAt(0) > 0xffff ? 2 : 1;
          const lastLen = phrase.codePointAt(phrase.length - 2) > 0xffff ? 2 : 1;
          const first = rect(start, start + firstLen);
          const last = rect(end - lastLen, end);
          return [first.left + 1, first.top + first.height / 2, last.right - 1, last.top + last.height / 2];
        }
        """;

    /// <summary>The text of every highlight fragment carrying a tagging id, in document order.</summary>
    public const string HighlightTextJs = """
        (id) => Array.from(document.querySelectorAll("mark.hl"))
          .filter(m => m.getAttribute("data-t").split(" ").includes(String(id)))
          .map(m => m.textContent).join("")
        """;

    /// <summary>Drags the mouse from just inside the first character of a phrase to just inside its last (or another block's phrase).</summary>
    public static async Task DragAsync(IPage page, long blockId, string phrase, long? endBlockId = null, string? endPhrase = null)
    {
        // The page may still move under the pointer (the live bar fills in, a live update swaps the reader part):
        // drag only once the phrase has kept its place for a moment, or a drag lands a few characters short.
        double[] from = [], to = [];
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var (wasFrom, wasTo) = (from, to);
            from = await page.EvaluateAsync<double[]>(PhrasePointsJs, new object[] { blockId, phrase });
            to = endBlockId is null ? from : await page.EvaluateAsync<double[]>(PhrasePointsJs, new object[] { endBlockId, endPhrase! });
            if (from.SequenceEqual(wasFrom) && to.SequenceEqual(wasTo))
            {
                break;
            }
            await page.WaitForTimeoutAsync(100);
        }
        await page.Mouse.MoveAsync((float)from[0], (float)from[1]);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((float)to[2], (float)to[3], new MouseMoveOptions { Steps = 8 });
        await page.Mouse.UpAsync();
    }
}
