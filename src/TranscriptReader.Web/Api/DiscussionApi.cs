using System.Security.Claims;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Web.Outcomes;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Api;

/// <summary>Threads and comments: read a thread as a tree, post, edit and delete one's own comments.</summary>
public static class DiscussionApi
{
    /// <summary>
    /// Replies nest in the JSON up to this depth; deeper replies are listed, in thread order, in the
    /// replies of their ancestor at this depth (their parentId still names the true parent). This
    /// keeps any stored depth within the JSON writer's nesting limit.
    /// </summary>
    public const int MaxJsonNesting = 24;

    public sealed record AuthorDto(string Id, string Name);

    public sealed record CommentDto(
        long Id, long? ParentId, int Depth, AuthorDto Author, string? Markdown, string? Html,
        DateTimeOffset CreatedAt, DateTimeOffset? EditedAt, bool Edited, bool Deleted, bool Hidden, string? HiddenReason,
        IReadOnlyList<CommentDto> Replies);

    /// <summary>TranscriptId is the transcript the thread belongs to, also for a tagging's thread.</summary>
    public sealed record ThreadDto(
        string Kind, long TranscriptId, long? TaggingId, bool Locked, int CommentCount,
        IReadOnlyList<CommentDto> Comments);

    public sealed record PostCommentRequest(long? TaggingId, long? TranscriptId, long? ParentId, string? Body);

    public sealed record EditCommentRequest(string? Body);

    public sealed record CommentCreated(long Id, long? TranscriptId, long? TaggingId, string Permalink);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/threads", GetThreadAsync)
            .WithName("GetThread")
            .WithSummary("A discussion thread as a tree: give exactly one of taggingId or transcriptId. Each comment has its Markdown source and the safe rendered HTML.")
            .Produces<ThreadDto>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/comments", PostAsync)
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitSetup.Comments)
            .WithName("PostComment")
            .WithSummary("Post a comment or reply in the thread of a tagging or a transcript (exactly one of taggingId, transcriptId). Body: Markdown, at most 10,000 characters. A locked thread answers 409.")
            .Produces<CommentCreated>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapPatch("/comments/{id:long}", EditAsync)
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitSetup.Comments)
            .WithName("EditComment")
            .WithSummary("Edit your own comment; the previous body is kept for moderators.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapDelete("/comments/{id:long}", DeleteAsync)
            .RequireAuthorization()
            .WithName("DeleteComment")
            .WithSummary("Delete your own comment (soft: it shows as [deleted] and its replies stay).")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> GetThreadAsync(long? taggingId, long? transcriptId, ClaimsPrincipal user,
        ThreadReader threads, CancellationToken ct)
    {
        if ((taggingId is null) == (transcriptId is null))
        {
            return Failure.Invalid("Give exactly one of the query parameters taggingId and transcriptId.").ToProblem();
        }
        var key = new ThreadKey(transcriptId, taggingId);
        var thread = await threads.LoadAsync(key, user.ToViewer(), ct);
        if (thread is null)
        {
            return Failure.NotFound(key.IsTagging ? $"No tagging {taggingId}." : $"No transcript {transcriptId}.").ToProblem();
        }
        return Results.Ok(new ThreadDto(key.IsTagging ? "tagging" : "transcript", thread.TranscriptId, key.TaggingId,
            thread.Locked, thread.VisibleCount, thread.Roots.Select(ToDto).ToList()));
    }

    private static async Task<IResult> PostAsync(PostCommentRequest? request, ClaimsPrincipal user, CommentWriter writer, CancellationToken ct)
    {
        if (request is null)
        {
            return Failure.Invalid("Send a JSON body: {\"taggingId\" or \"transcriptId\", \"parentId\"?, \"body\"}.").ToProblem();
        }
        if ((request.TaggingId is null) == (request.TranscriptId is null))
        {
            return Failure.Invalid("Give exactly one of taggingId and transcriptId.").ToProblem();
        }
        var key = new ThreadKey(request.TranscriptId, request.TaggingId);
        var result = await writer.PostAsync(key, request.ParentId, user.ToViewer().UserId!, request.Body, ct);
        return result.ToResult(c => Results.Created($"/Comments/{c.Id}",
            new CommentCreated(c.Id, key.TranscriptId, key.TaggingId, key.PermalinkTo(c.Id))));
    }

    private static async Task<IResult> EditAsync(long id, EditCommentRequest? request, ClaimsPrincipal user, CommentWriter writer, CancellationToken ct)
    {
        if (request is null)
        {
            return Failure.Invalid("Send a JSON body: {\"body\": \"...\"}.").ToProblem();
        }
        var result = await writer.EditAsync(id, user.ToViewer().UserId!, request.Body, ct);
        return result.ToResult(_ => Results.NoContent());
    }

    private static async Task<IResult> DeleteAsync(long id, ClaimsPrincipal user, CommentWriter writer, CancellationToken ct)
    {
        var result = await writer.DeleteAsync(id, user.ToViewer().UserId!, ct);
        return result.ToResult(_ => Results.NoContent());
    }

    /// <summary>Builds the nested DTOs; replies below <see cref="MaxJsonNesting"/> are listed flat under their ancestor.</summary>
    private static CommentDto ToDto(CommentView c)
    {
        IReadOnlyList<CommentDto> replies = c.Depth >= MaxJsonNesting
            ? c.Descendants().Select(d => Leaf(d)).ToList()
            : c.Replies.Select(ToDto).ToList();
        return Leaf(c, replies);
    }

    private static CommentDto Leaf(CommentView c, IReadOnlyList<CommentDto>? replies = null) =>
        new(c.Id, c.ParentId, c.Depth, new AuthorDto(c.AuthorId, c.AuthorName), c.Markdown, c.BodyVisible ? c.Html : null,
            c.CreatedAt, c.EditedAt, c.IsEdited, c.IsDeleted, c.IsHidden, c.HiddenReason, replies ?? []);
}
