using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace TranscriptReader.Core.Importing;

/// <summary>
/// One block of a parsed message. Kind is one of <see cref="Transcripts.BlockKinds"/>; Caption is
/// the function name for a tool_call, the tool call id for a tool_result, the media type for an image
/// and the provider's heading for a reasoning summary. Image is set exactly when Kind is image; its
/// Text is then a placeholder, not content to tag.
/// </summary>
public sealed record ParsedBlock(string Kind, string Text, string? Caption = null, ParsedImage? Image = null);

/// <summary>
/// Role is one of <see cref="Transcripts.MessageRoles"/>; Speaker is a name shown next to the role
/// ("Claude", "JK", a tool's function name), null when the role says it all.
/// </summary>
public sealed record ParsedMessage(string Role, string? Speaker, IReadOnlyList<ParsedBlock> Blocks);

/// <summary>
/// A transcript ready to be stored. Block texts are final: line endings are LF (CRLF and lone CR
/// are converted), so span offsets computed against them are offsets into the stored text.
/// SourceLocator says where in the file it came from ("line 12", "[3]", "samples[0]",
/// "samples/3_epoch_1.json"); null for a whole file.
/// </summary>
public sealed record ParsedTranscript(
    string Title,
    string Format,
    string? Model,
    string? SourceLocator,
    JsonObject Metadata,
    IReadOnlyList<ParsedMessage> Messages)
{
    // The hash and count follow Messages through `with` expressions, so they can never go stale.
    public IReadOnlyList<ParsedMessage> Messages
    {
        get;
        init
        {
            field = value;
            ContentHash = ComputeContentHash(value);
            CharCount = CountChars(value);
        }
    } = Messages;

    /// <summary>
    /// Lowercase hex SHA-256 over roles, speakers, block kinds, captions, texts and image bytes (not
    /// title, format or metadata), so the same conversation imported from two formats is a duplicate.
    /// </summary>
    public string ContentHash { get; private init; } = ComputeContentHash(Messages);

    /// <summary>Sum of the block text lengths in UTF-16 code units.</summary>
    public int CharCount { get; private init; } = CountChars(Messages);

    private static int CountChars(IReadOnlyList<ParsedMessage> messages) =>
        messages.Sum(m => m.Blocks.Sum(b => b.Text.Length));

    private static string ComputeContentHash(IReadOnlyList<ParsedMessage> messages)
    {
        // Every field is length-prefixed (and nulls flagged) so that no two different
        // transcripts can serialize to the same byte sequence.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendString(hash, "transcript-content-v1");
        AppendInt(hash, messages.Count);
        foreach (var message in messages)
        {
            AppendString(hash, message.Role);
            AppendNullable(hash, message.Speaker);
            AppendInt(hash, message.Blocks.Count);
            foreach (var block in message.Blocks)
            {
                AppendString(hash, block.Kind);
                AppendNullable(hash, block.Caption);
                AppendString(hash, block.Text);
                // Only image blocks carry bytes, and their kind is hashed first, so no text-only
                // transcript hashes as before it could collide with one that has an image.
                if (block.Image is { } image)
                {
                    AppendString(hash, image.Sha256);
                }
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void AppendInt(IncrementalHash hash, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        hash.AppendData(bytes);
    }

    private static void AppendString(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        AppendInt(hash, bytes.Length);
        hash.AppendData(bytes);
    }

    private static void AppendNullable(IncrementalHash hash, string? value)
    {
        hash.AppendData(value is null ? [0] : [1]);
        if (value is not null)
        {
            AppendString(hash, value);
        }
    }
}
