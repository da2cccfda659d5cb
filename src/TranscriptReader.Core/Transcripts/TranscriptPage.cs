using System.Collections.Frozen;
using System.Collections.Immutable;
using TranscriptReader.Core.Rendering;
using TranscriptReader.Core.Taggings;

namespace TranscriptReader.Core.Transcripts;

/// <summary>
/// Everything the readers of one version of a transcript page share, as read by
/// <see cref="TranscriptPageQuery.LoadAsync"/>. Nothing in it depends on who is reading: no votes of a viewer,
/// no session. Immutable, so one snapshot can be rendered for anonymous visitors and signed-in readers alike.
/// </summary>
/// <param name="Transcript">The transcript row with its collection and importer.</param>
/// <param name="Messages">Messages in reading order, each with its blocks and their highlight spans.</param>
/// <param name="Taggings">Every tagging in reading order (message, block, start, end), without a viewer's vote.</param>
/// <param name="Groups">Taggings with the same block, span and label, listed once in the sidebar, in reading order.</param>
/// <param name="Readers">Everyone with a tagging here, by name (current culture, ignoring case).</param>
/// <param name="UsedLabels">The canonical labels of these taggings, by name (current culture, ignoring case).</param>
/// <param name="Labels">Every canonical label with aliases and shortcut key, by name: the tagging popover's choices.</param>
/// <param name="DiscussionCount">Visible comments in the transcript's own thread.</param>
/// <param name="TaggingCommentCounts">Visible comments per tagging; taggings without comments are absent.</param>
public sealed record TranscriptPage(
    TranscriptDetails Transcript,
    ImmutableArray<PageMessage> Messages,
    ImmutableArray<TaggingView> Taggings,
    ImmutableArray<TaggingGroup> Groups,
    ImmutableArray<PageReader> Readers,
    ImmutableArray<PageLabel> UsedLabels,
    ImmutableArray<LabelOption> Labels,
    int DiscussionCount,
    FrozenDictionary<long, int> TaggingCommentCounts);

/// <summary>The transcript row as its page shows it.</summary>
/// <param name="Id">The transcript id.</param>
/// <param name="Title">The title.</param>
/// <param name="Model">The model that produced it, when known.</param>
/// <param name="Format">The import format, e.g. <see cref="Importing.TranscriptFormats.AlignmentFaking"/>.</param>
/// <param name="Source">File name or URL it came from.</param>
/// <param name="SourceLocator">Where in the source, e.g. "line 12".</param>
/// <param name="CharCount">Characters of block text.</param>
/// <param name="CollectionId">Its collection, if any.</param>
/// <param name="CollectionName">That collection's name.</param>
/// <param name="ImportedAt">When it was imported.</param>
/// <param name="ImportedBy">The importer's user name, when known.</param>
/// <param name="Metadata">The metadata object's members, in the order jsonb keeps keys (shorter first).</param>
public sealed record TranscriptDetails(
    long Id,
    string Title,
    string? Model,
    string Format,
    string Source,
    string? SourceLocator,
    int CharCount,
    int? CollectionId,
    string? CollectionName,
    DateTimeOffset ImportedAt,
    string? ImportedBy,
    ImmutableArray<MetadataEntry> Metadata);

/// <summary>One member of a transcript's metadata; <paramref name="IsJson"/> when the value is JSON text (object, array, or unparseable metadata).</summary>
/// <param name="Key">The member name.</param>
/// <param name="Value">A string member's value, otherwise the JSON text.</param>
/// <param name="IsJson">Whether <paramref name="Value"/> is JSON to show as code.</param>
public sealed record MetadataEntry(string Key, string Value, bool IsJson);

/// <summary>A message with its blocks in order.</summary>
/// <param name="Ordinal">Position in the transcript, from 0.</param>
/// <param name="Role">One of <see cref="MessageRoles"/>, or whatever the source said.</param>
/// <param name="Speaker">A speaker name, when the source gives one.</param>
/// <param name="Blocks">The message's blocks in order.</param>
public sealed record PageMessage(int Ordinal, string Role, string? Speaker, ImmutableArray<PageBlock> Blocks);

/// <summary>A block's text with the spans of the taggings on it.</summary>
/// <param name="Id">The block id.</param>
/// <param name="Kind">One of <see cref="BlockKinds"/>.</param>
/// <param name="Caption">A tool call's function name, or the call id a tool result answers.</param>
/// <param name="Text">The stored text.</param>
/// <param name="Spans">The taggings on this block, in reading order.</param>
/// <param name="ImageSha256">For an image block, the stored image it shows (its text is only a placeholder).</param>
public sealed record PageBlock(long Id, string Kind, string? Caption, string Text, ImmutableArray<HighlightSpan> Spans, string? ImageSha256 = null);

/// <summary>Taggings with the same block, span and label, listed once in the sidebar.</summary>
/// <param name="FirstId">The first tagging's id, for the permalink.</param>
/// <param name="LabelId">The canonical label.</param>
/// <param name="Label">Its name.</param>
/// <param name="Color">Its color.</param>
/// <param name="Quote">The quoted text.</param>
/// <param name="Taggings">The group's taggings, one per reader.</param>
/// <remarks>
/// This is what the page calls a <em>tag</em> (docs/reading.md): the header counts groups, the tag list lists
/// them, and a group's votes are the sums of its taggings' votes (each leaving out its tagger's own), with the
/// status <see cref="TaggingStatus"/> gives those sums. The popover's summary of a tag shows the same numbers.
/// </remarks>
public sealed record TaggingGroup(long FirstId, int LabelId, string Label, string Color, string Quote, ImmutableArray<TaggingView> Taggings)
{
    /// <summary>Agree votes on the group's taggings, summed.</summary>
    public int Agrees => Taggings.Sum(t => t.Agrees);

    /// <summary>Dispute votes on the group's taggings, summed.</summary>
    public int Disputes => Taggings.Sum(t => t.Disputes);

    /// <summary>The status of the summed votes: proposed, accepted or contested.</summary>
    public string Status => TaggingStatus.SqlName(TaggingStatus.Of(Agrees, Disputes));
}

/// <summary>A reader with taggings on the page.</summary>
/// <param name="Id">The user id.</param>
/// <param name="Name">The user name.</param>
public sealed record PageReader(string Id, string Name);

/// <summary>A canonical label used on the page.</summary>
/// <param name="Id">The label id.</param>
/// <param name="Name">The label name.</param>
public sealed record PageLabel(int Id, string Name);

/// <summary>A label the tagging popover offers.</summary>
/// <param name="Id">The label id.</param>
/// <param name="Name">The label name.</param>
/// <param name="Color">Its color.</param>
/// <param name="Key">Its single-key shortcut, if any.</param>
/// <param name="Aliases">Other names that resolve to it.</param>
public sealed record LabelOption(int Id, string Name, string Color, string? Key, ImmutableArray<string> Aliases);

/// <summary>What a request needs before it knows whether the shared part of the page is cached.</summary>
/// <param name="Title">The transcript title.</param>
/// <param name="PageVersion">The transcript's page version (<c>transcript_page_version</c>: its row's version and its slots).</param>
/// <param name="Epoch">The site-wide <see cref="PageEpoch"/>.</param>
/// <param name="MyVotes">The reader's votes on the transcript's taggings, as a JSON object of tagging id to +1 or -1.</param>
/// <param name="EvalId">The Inspect eval the transcript is a sample of (metadata <c>eval_id</c>), else null: its
/// sibling samples (<see cref="InspectSamples"/>) are looked up only for such transcripts.</param>
/// <param name="DoneAt">When the reader marked the transcript done, else null (always null for a visitor).</param>
/// <param name="DoneReaders">How many readers marked it done (0 for a visitor, whose page shows no done button).</param>
public sealed record PageStamp(string Title, long PageVersion, long Epoch, string MyVotes, string? EvalId, DateTimeOffset? DoneAt, int DoneReaders);
