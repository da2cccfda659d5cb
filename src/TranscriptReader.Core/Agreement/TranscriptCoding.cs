namespace TranscriptReader.Core.Agreement;

/// <summary>One tagging as agreement reads it: who applied which label (as applied, before merges) where.</summary>
public readonly record struct CodedSpan(string UserId, int LabelId, long BlockId, int Start, int End);

/// <summary>
/// The reading of one transcript as agreement sees it, independent of label merges: its done readers (the
/// coders), how many tokens each block has, and for each reader and applied label the tokens their taggings
/// cover, as merged intervals of token indices numbered through the whole transcript (blocks in id order).
/// Built once per <see cref="Version"/> (the transcript's page version), so block text is read and split into
/// tokens only when the transcript's taggings or done marks change.
/// </summary>
public sealed class TranscriptCoding
{
    private TranscriptCoding(long transcriptId, long version, string[] readers, long[] blockIds, int[] blockStarts, Coverage[] coverages)
    {
        TranscriptId = transcriptId;
        Version = version;
        Readers = readers;
        BlockIds = blockIds;
        BlockStarts = blockStarts;
        Coverages = coverages;
    }

    /// <summary>Token intervals [start, end) (pairs in one array) covered by one reader's taggings of one applied label.</summary>
    public sealed record Coverage(int Reader, int LabelId, int[] Intervals);

    public long TranscriptId { get; }
    public long Version { get; }
    /// <summary>User ids of the done readers, in ordinal order; coverages refer to them by index.</summary>
    public string[] Readers { get; }
    public long[] BlockIds { get; }
    /// <summary>The transcript-wide index of each block's first token, plus the total token count at the end.</summary>
    public int[] BlockStarts { get; }
    public IReadOnlyList<Coverage> Coverages { get; }
    public int Tokens => BlockStarts[^1];

    /// <summary>The block (index into <see cref="BlockIds"/>) holding a transcript-wide token index.</summary>
    public int BlockOf(int token)
    {
        var i = Array.BinarySearch(BlockStarts, token);
        if (i < 0)
        {
            return ~i - 1;
        }
        // Empty blocks share a start with the next one: take the last block starting here.
        while (i + 1 < BlockStarts.Length - 1 && BlockStarts[i + 1] == token)
        {
            i++;
        }
        return i;
    }

    /// <summary>Collects one transcript's parts: readers and spans first, then every block's text once.</summary>
    public sealed class Builder(long transcriptId, long version, IEnumerable<string> doneReaders)
    {
        private readonly string[] readers = doneReaders.Distinct().Order(StringComparer.Ordinal).ToArray();
        private readonly Dictionary<long, List<CodedSpan>> spansByBlock = [];
        private readonly List<(long Id, int Tokens)> blocks = [];
        private readonly Dictionary<(int Reader, int Label), List<(int Start, int End)>> covered = [];
        private int tokenCount;

        /// <summary>A tagging of a done reader; spans of other readers are ignored.</summary>
        public void AddSpan(CodedSpan span)
        {
            if (!spansByBlock.TryGetValue(span.BlockId, out var list))
            {
                spansByBlock[span.BlockId] = list = [];
            }
            list.Add(span);
        }

        /// <summary>Each block of the transcript, in ascending id order.</summary>
        public void AddBlock(long blockId, string text)
        {
            if (blocks.Count > 0 && blocks[^1].Id >= blockId)
            {
                throw new ArgumentException("Blocks must come in ascending id order.", nameof(blockId));
            }
            var offset = tokenCount;
            if (!spansByBlock.TryGetValue(blockId, out var spans))
            {
                blocks.Add((blockId, BlockTokens.CountOf(text)));
                tokenCount += blocks[^1].Tokens;
                return;
            }
            var tokens = BlockTokens.Of(text);
            blocks.Add((blockId, tokens.Count));
            tokenCount += tokens.Count;
            foreach (var span in spans)
            {
                var reader = Array.BinarySearch(readers, span.UserId, StringComparer.Ordinal);
                var (first, last) = tokens.Overlapped(span.Start, span.End);
                if (reader < 0 || first == last)
                {
                    continue;
                }
                if (!covered.TryGetValue((reader, span.LabelId), out var list))
                {
                    covered[(reader, span.LabelId)] = list = [];
                }
                list.Add((offset + first, offset + last));
            }
        }

        public TranscriptCoding Build()
        {
            var starts = new int[blocks.Count + 1];
            for (var i = 0; i < blocks.Count; i++)
            {
                starts[i + 1] = starts[i] + blocks[i].Tokens;
            }
            var coverages = covered
                .OrderBy(kv => kv.Key.Reader).ThenBy(kv => kv.Key.Label)
                .Select(kv => new Coverage(kv.Key.Reader, kv.Key.Label, Intervals.Merge(kv.Value)))
                .ToArray();
            return new TranscriptCoding(transcriptId, version, readers, blocks.Select(b => b.Id).ToArray(), starts, coverages);
        }
    }
}

/// <summary>Sorted, disjoint token intervals stored as [start0, end0, start1, end1, …].</summary>
public static class Intervals
{
    /// <summary>The union of intervals; touching intervals become one.</summary>
    public static int[] Merge(IEnumerable<(int Start, int End)> intervals)
    {
        var merged = new List<int>();
        foreach (var (start, end) in intervals.Where(i => i.End > i.Start).OrderBy(i => i.Start))
        {
            if (merged.Count > 0 && start <= merged[^1])
            {
                merged[^1] = Math.Max(merged[^1], end);
            }
            else
            {
                merged.Add(start);
                merged.Add(end);
            }
        }
        return [.. merged];
    }

    /// <summary>The union of several interval arrays.</summary>
    public static int[] Union(IReadOnlyList<int[]> arrays) => arrays.Count == 1 ? arrays[0] : Merge(arrays.SelectMany(Pairs));

    public static long Length(int[] intervals)
    {
        long total = 0;
        for (var i = 0; i < intervals.Length; i += 2)
        {
            total += intervals[i + 1] - intervals[i];
        }
        return total;
    }

    /// <summary>Tokens in both.</summary>
    public static long Overlap(int[] a, int[] b)
    {
        long total = 0;
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            var start = Math.Max(a[i], b[j]);
            var end = Math.Min(a[i + 1], b[j + 1]);
            if (end > start)
            {
                total += end - start;
            }
            if (a[i + 1] < b[j + 1])
            {
                i += 2;
            }
            else
            {
                j += 2;
            }
        }
        return total;
    }

    private static IEnumerable<(int Start, int End)> Pairs(int[] intervals)
    {
        for (var i = 0; i < intervals.Length; i += 2)
        {
            yield return (intervals[i], intervals[i + 1]);
        }
    }
}
