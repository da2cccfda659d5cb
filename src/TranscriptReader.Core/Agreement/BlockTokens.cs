namespace TranscriptReader.Core.Agreement;

/// <summary>
/// The units of agreement in one block of text: tokens, each a maximal run of characters that are not white
/// space by <see cref="char.IsWhiteSpace(char)"/>, as UTF-16 offsets [start, end) like tagging spans.
/// </summary>
public sealed class BlockTokens
{
    private readonly int[] starts;
    private readonly int[] ends;

    private BlockTokens(int[] starts, int[] ends)
    {
        this.starts = starts;
        this.ends = ends;
    }

    public int Count => starts.Length;

    public static BlockTokens Of(string text)
    {
        var starts = new List<int>();
        var ends = new List<int>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            if (i == text.Length)
            {
                break;
            }
            starts.Add(i);
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            ends.Add(i);
        }
        return new BlockTokens([.. starts], [.. ends]);
    }

    /// <summary>Tokens of a text without keeping their offsets.</summary>
    public static int CountOf(string text)
    {
        var count = 0;
        var inToken = false;
        foreach (var c in text)
        {
            var white = char.IsWhiteSpace(c);
            if (!white && !inToken)
            {
                count++;
            }
            inToken = !white;
        }
        return count;
    }

    public int StartOf(int token) => starts[token];

    public int EndOf(int token) => ends[token];

    /// <summary>
    /// The tokens a span [start, end) overlaps (<c>start &lt; tokenEnd &amp;&amp; end &gt; tokenStart</c>), as token
    /// indices [first, last); empty (first == last) when the span holds only white space.
    /// </summary>
    public (int First, int Last) Overlapped(int start, int end)
    {
        // First token ending after start; first token starting at or after end.
        var first = LowerBound(ends, start + 1);
        var last = LowerBound(starts, end);
        return first < last ? (first, last) : (first, first);
    }

    private static int LowerBound(int[] sorted, int value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
