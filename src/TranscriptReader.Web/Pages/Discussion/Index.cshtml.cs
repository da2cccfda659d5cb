using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Paging;

namespace TranscriptReader.Web.Pages.Discussion;

/// <summary>Recent discussion across the instance: the newest comments with links to their threads.</summary>
/// <remarks>
/// Pages are keyset pages (<c>?before=</c> and <c>?after=</c> a <see cref="FeedCursor"/>), one index range each
/// however far back a reader goes. <c>?page=N</c>, the feed's earlier links, still works (by OFFSET).
/// </remarks>
public sealed class IndexModel(ThreadReader threads) : PageModel
{
    public const int PageSize = 30;

    public RecentCommentsPage Recent { get; private set; } = null!;

    /// <param name="pageNumber">The page by number (earlier links); "page" is also the route value naming the Razor page, so it is bound explicitly.</param>
    /// <param name="before">Older comments than this cursor.</param>
    /// <param name="after">Newer comments than this cursor.</param>
    /// <param name="ct">Cancels the queries.</param>
    public async Task OnGetAsync([FromQuery(Name = "page")] int? pageNumber, [FromQuery] string? before, [FromQuery] string? after,
        CancellationToken ct = default)
    {
        var keyset = FeedCursor.TryParse(before, out var older) | FeedCursor.TryParse(after, out var newer);
        Recent = !keyset && pageNumber > 1
            ? await threads.RecentAsync(Math.Min(pageNumber.Value, 100_000), PageSize, ct)
            : await threads.RecentAsync(older, newer, PageSize, ct);
    }
}
