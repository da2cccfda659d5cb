using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Data;

namespace TranscriptReader.Web.Pages;

public sealed class IndexModel(AppDbContext db) : PageModel
{
    public int Transcripts { get; private set; }
    public int Labels { get; private set; }
    public int Taggings { get; private set; }
    public int Comments { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Transcripts = await db.Transcripts.CountAsync(ct);
        Labels = await db.Labels.CountAsync(l => l.MergedIntoId == null, ct);
        Taggings = await db.Taggings.CountAsync(ct);
        Comments = await db.Comments.CountAsync(c => c.DeletedAt == null, ct);
    }
}
