using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Inbox;
using TranscriptReader.Web.Accounts;

namespace TranscriptReader.Web.Live;

/// <summary>
/// The live side of a transcript page (<c>/hubs/reading</c>): a page joins its transcript and is then told
/// each new page version ("page"), epoch ("epoch") and who else reads it ("presence"); signed-in readers
/// also get their unread inbox count ("inbox").
/// </summary>
/// <remarks>
/// Messages carry ids, versions and counts, never content: a page fetches the new version of its shared part
/// itself, through the page's own authorization (hidden comments reach only moderators and their authors
/// there), so the hub can tell nobody anything they could not read. Connecting and joining need what reading
/// the page needs (the fallback policy: on a signed-in-only instance, an account), checked again on every
/// join so a changed instance setting applies to open connections too.
/// </remarks>
public sealed class ReadingHub(
    AppDbContext db, LiveReaders readers, ReadingPresence presence, InboxService inbox,
    IAuthorizationService authorization, IAuthorizationPolicyProvider policies, ILogger<ReadingHub> logger) : Hub
{
    /// <summary>What a joining page learns: the versions that are current now, and who reads along.</summary>
    /// <param name="TranscriptId">The transcript joined.</param>
    /// <param name="PageVersion">Its page version now.</param>
    /// <param name="Epoch">The epoch all pages share now.</param>
    /// <param name="Presence">Who reads along.</param>
    /// <param name="Watching">Whether the signed-in reader watches the transcript (null for anonymous readers).</param>
    /// <param name="Unread">The signed-in reader's unread inbox lines (null for anonymous readers).</param>
    public sealed record Joined(long TranscriptId, long PageVersion, long Epoch, PresenceMessage Presence, bool? Watching, int? Unread);

    private sealed record Stamp(long PageVersion, long Epoch);

    public override async Task OnConnectedAsync()
    {
        var userId = Context.UserIdentifier;
        var http = Context.GetHttpContext();
        var owner = userId ?? "address:" + (http is null ? "unknown" : ClientAddress.Key(http));
        var moderator = Context.User?.IsInRole(Roles.Moderator) == true || Context.User?.IsInRole(Roles.Admin) == true;
        if (!readers.TryConnect(Context.ConnectionId, owner, userId, userId is null ? null : Context.User?.Identity?.Name, moderator))
        {
            logger.LogWarning("Live connection refused: reader {UserId} is at the connection cap", userId ?? "(anonymous)");
            // A HubException's message reaches the client in the close frame, and closes it without reconnecting.
            throw new HubException("Too many live connections for this reader: close some tabs of this site and reload.");
        }
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (readers.Disconnect(Context.ConnectionId) is { } transcriptId)
        {
            await presence.ChangedAsync(transcriptId);
        }
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Starts (or moves) this connection's updates to one transcript.</summary>
    public async Task<Joined> Join(long transcriptId)
    {
        var fallback = await policies.GetFallbackPolicyAsync();
        if (fallback is not null && !(await authorization.AuthorizeAsync(Context.User!, fallback)).Succeeded)
        {
            throw new HubException("Sign in to read transcripts on this instance.");
        }
        var stamp = transcriptId <= 0 ? null : await db.Database.SqlQuery<Stamp>($"""
            SELECT transcript_page_version(t.id) AS page_version, coalesce((SELECT value FROM page_epoch), 0) AS epoch FROM transcripts t WHERE t.id = {transcriptId}
            """).SingleOrDefaultAsync(Context.ConnectionAborted);
        if (stamp is null)
        {
            throw new HubException($"There is no transcript {transcriptId}.");
        }
        if (readers.Join(Context.ConnectionId, transcriptId) is { } before)
        {
            await presence.ChangedAsync(before);
        }
        await presence.ChangedAsync(transcriptId);
        var userId = Context.UserIdentifier;
        var watching = userId is null ? (bool?)null : await inbox.IsWatchingAsync(userId, transcriptId, Context.ConnectionAborted);
        var unread = userId is null ? (int?)null : await inbox.UnreadCountAsync(userId, readers.IsModerator(userId), Context.ConnectionAborted);
        return new Joined(transcriptId, stamp.PageVersion, stamp.Epoch, LiveRelay.ToMessage(transcriptId, presence.Of(transcriptId)), watching, unread);
    }
}
