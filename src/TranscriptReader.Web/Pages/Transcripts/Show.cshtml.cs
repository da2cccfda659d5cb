using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Agreement;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Web.Compression;

namespace TranscriptReader.Web.Pages.Transcripts;

/// <summary>
/// The reading page: one transcript with everyone's highlights rendered server-side, and the data the
/// tagging script needs embedded as JSON.
/// </summary>
/// <remarks>
/// One direction: the stamp (<see cref="TranscriptPageQuery.StampAsync"/>: title, versions, the reader's own
/// votes) names the version of what readers share; <see cref="RenderedPageCache"/> holds that version rendered
/// as UTF-8, and only when it does not is the snapshot read (<see cref="TranscriptPageQuery.LoadAsync"/>) and
/// rendered (<see cref="ReaderPartRenderer"/>). With the part cached, a request costs the stamp's one query.
/// The view then writes the bytes this model holds and the JSON particular to the request; gzip clients get the
/// part as it was compressed once per version, with the rest of the page in uncompressed blocks around it.
/// An Inspect sample's previous/next navigation (<see cref="InspectSamples"/>) is outside the cached part: samples
/// imported later do not move this transcript's version; it costs a second (indexed) query, for Inspect samples only.
/// </remarks>
[SplicedGzip]
public sealed class ShowModel(TranscriptPageQuery query, ReaderPartRenderer renderer, RenderedPageCache pages,
    InspectSamples inspectSamples) : PageModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public long Id { get; private set; }
    public string Title { get; private set; } = "";
    public string? UserId { get; private set; }
    public bool CanModerate { get; private set; }
    /// <summary>The reader's votes on this transcript's taggings, as a JSON object of tagging id to +1 or -1.</summary>
    public string MyVotesJson { get; private set; } = "{}";
    /// <summary>The versions the shared part shows, for live updates (js/live) to compare with announced ones.</summary>
    public long PageVersion { get; private set; }
    public long Epoch { get; private set; }
    /// <summary>The part every reader of this version of the page shares (<c>_Reader.cshtml</c>), as UTF-8.</summary>
    public PrecompressedHtml Shared { get; private set; } = null!;
    /// <summary>The signed-in reader's done mark on this transcript (the "mark done" button), else null.</summary>
    public DoneState? Done { get; private set; }
    /// <summary>For a sample of an Inspect eval with other samples here: its place among them.</summary>
    public SampleNavigation? Samples { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        UserId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = await query.StampAsync(id, UserId, ct);
        if (stamp is null)
        {
            return NotFound();
        }
        Id = id;
        Title = stamp.Title;
        MyVotesJson = stamp.MyVotes;
        PageVersion = stamp.PageVersion;
        Epoch = stamp.Epoch;
        CanModerate = User.IsInRole(Roles.Moderator) || User.IsInRole(Roles.Admin);
        var signedIn = UserId is not null;
        // Signed-in readers get a slightly different shared part (hints, tab stops, the popover's labels).
        var page = $"{id}:{(signedIn ? "reader" : "anonymous")}";
        Shared = await pages.GetOrRenderAsync(page, $"{page}:{stamp.PageVersion}:{stamp.Epoch}", async () =>
        {
            // Not this request's abort token: other requests may be waiting for the same rendering.
            var snapshot = await query.LoadAsync(id, CancellationToken.None)
                ?? throw new InvalidOperationException($"Transcript {id} was deleted while its page was rendered.");
            return PrecompressedHtml.Compress(await renderer.RenderAsync(snapshot, signedIn));
        });
        if (signedIn)
        {
            Done = new DoneState(id, stamp.Title, stamp.DoneAt is not null, stamp.DoneAt, stamp.DoneReaders);
        }
        if (stamp.EvalId is { } evalId)
        {
            Samples = await inspectSamples.NavigationAsync(id, evalId, ct);
        }
        return Page();
    }

    /// <summary>What is particular to this request: who is reading, and their own votes.</summary>
    public string PageJson() => JsonSerializer.Serialize(new
    {
        transcriptId = Id,
        userId = UserId,
        canModerate = CanModerate,
        myVotes = JsonSerializer.Deserialize<JsonElement>(MyVotesJson),
        pageVersion = PageVersion,
        epoch = Epoch,
        loginUrl = "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(Request.Path + Request.QueryString),
    }, Json);
}
