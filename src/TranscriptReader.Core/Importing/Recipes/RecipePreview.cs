using System.Text.Json.Nodes;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Importing.Recipes;

/// <summary>One block of a previewed transcript; <paramref name="Truncated"/> when its text was cut for the preview.</summary>
/// <param name="Kind">A <see cref="BlockKinds"/> value.</param>
/// <param name="Caption">Function name, call id, media type or summary heading, as stored.</param>
/// <param name="Text">The text, at most <see cref="RecipePreview.MaxBlockChars"/> characters (an image's is its placeholder).</param>
/// <param name="Truncated">Whether the text was longer.</param>
public sealed record PreviewBlock(string Kind, string? Caption, string Text, bool Truncated);

/// <param name="Role">A <see cref="MessageRoles"/> value.</param>
/// <param name="Speaker">The name shown next to the role, if any.</param>
/// <param name="Blocks">The message's blocks.</param>
public sealed record PreviewMessage(string Role, string? Speaker, IReadOnlyList<PreviewBlock> Blocks);

/// <summary>
/// A transcript as a recipe would import it, as plain JSON for the import page: texts cut to a readable
/// length and images as their placeholder (never their bytes), so a preview stays small whatever the file holds.
/// </summary>
/// <param name="Title">The title it would get.</param>
/// <param name="Model">The model, if the recipe finds one.</param>
/// <param name="Locator">Where in the file it is ("line 4 results.with_cot").</param>
/// <param name="Metadata">The metadata it would get.</param>
/// <param name="Messages">Its messages.</param>
public sealed record PreviewTranscript(string Title, string? Model, string? Locator, JsonObject Metadata, IReadOnlyList<PreviewMessage> Messages);

public static class RecipePreview
{
    public const int MaxBlockChars = 2000;

    public static PreviewTranscript From(ParsedTranscript transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        return new PreviewTranscript(
            transcript.Title,
            transcript.Model,
            transcript.SourceLocator,
            (JsonObject)transcript.Metadata.DeepClone(),
            [.. transcript.Messages.Select(m => new PreviewMessage(m.Role, m.Speaker, [.. m.Blocks.Select(Block)]))]);
    }

    private static PreviewBlock Block(ParsedBlock block) =>
        block.Text.Length <= MaxBlockChars
            ? new PreviewBlock(block.Kind, block.Caption, block.Text, false)
            : new PreviewBlock(block.Kind, block.Caption, block.Text[..MaxBlockChars] + "…", true);
}
