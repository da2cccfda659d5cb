namespace TranscriptReader.Core.Labels;

public sealed class Label
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Case- and whitespace-insensitive key (see LabelNames.Key); unique among labels.</summary>
    public required string NormalizedName { get; set; }
    /// <summary>CSS hex color, e.g. "#e8a33d".</summary>
    public required string Color { get; set; }
    public string Description { get; set; } = "";
    public char? ShortcutKey { get; set; }
    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    /// <summary>Set while the label is merged away; undoing the merge clears it.</summary>
    public int? MergedIntoId { get; set; }
    public long? MergedByMergeId { get; set; }
    public List<LabelAlias> Aliases { get; set; } = [];
}

/// <summary>Another name that resolves to a label (old names after a rename, merged labels' names).</summary>
public sealed class LabelAlias
{
    public long Id { get; set; }
    public int LabelId { get; set; }
    public Label? Label { get; set; }
    public required string Alias { get; set; }
    public required string NormalizedAlias { get; set; }
    /// <summary>The merge that created this alias; undoing that merge removes it.</summary>
    public long? MergeId { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}

/// <summary>A merge of source labels into a target, with what it changed so it can be undone.</summary>
public sealed class LabelMerge
{
    public long Id { get; set; }
    public int TargetLabelId { get; set; }
    public int[] SourceLabelIds { get; set; } = [];
    public string? ModeratorId { get; set; }
    public DateTimeOffset At { get; set; } = DateTimeOffset.UtcNow;
    /// <summary>JSON record of moved and collapsed rows (see the merge service).</summary>
    public string DetailsJson { get; set; } = "{}";
    public DateTimeOffset? UndoneAt { get; set; }
    public string? UndoneById { get; set; }
}

/// <summary>
/// Row of the <c>label_canonical</c> view: every label with the live label its taggings count under
/// (itself unless merged; follows chains of merges).
/// </summary>
/// <remarks>
/// A merge does not rewrite its source's taggings (on 100,000 rows that alone costs seconds); they keep
/// the label they were applied with and every read resolves it through this view. Undoing a merge
/// therefore needs to move nothing back.
/// </remarks>
public sealed class LabelCanonical
{
    public int Id { get; set; }
    public int CanonicalId { get; set; }
}
