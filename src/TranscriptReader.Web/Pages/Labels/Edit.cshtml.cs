using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Web.Outcomes;
using TranscriptReader.Web.Setup;

namespace TranscriptReader.Web.Pages.Labels;

/// <summary>One form per change, so each is one transaction and one audit entry.</summary>
[Authorize(Policy = AuthSetup.ModeratorPolicy)]
public sealed class EditModel(AppDbContext db, LabelCatalog catalog, UserManager<AppUser> users) : PageModel
{
    public Label Label { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostRenameAsync(int id, string? name, CancellationToken ct) =>
        ApplyAsync(id, catalog.RenameAsync(Actor, id, name ?? "", ct), "Renamed; the old name is now an alias.", ct);

    public Task<IActionResult> OnPostColorAsync(int id, string? color, CancellationToken ct) =>
        ApplyAsync(id, catalog.RecolorAsync(Actor, id, color ?? "", ct), "Color changed.", ct);

    public Task<IActionResult> OnPostShortcutAsync(int id, string? shortcut, CancellationToken ct) =>
        ApplyAsync(id, catalog.SetShortcutAsync(Actor, id, shortcut, ct), "Shortcut key saved.", ct);

    public Task<IActionResult> OnPostDescriptionAsync(int id, string? description, CancellationToken ct) =>
        ApplyAsync(id, catalog.SetDescriptionAsync(Actor, id, description, ct), "Description saved.", ct);

    private string Actor => users.GetUserId(User)!;

    private async Task<IActionResult> ApplyAsync(int id, Task<Outcome<SavedLabel>> change, string done, CancellationToken ct)
    {
        if ((await change).Failure is { } failure)
        {
            // The form is shown again with the label as it is now.
            await LoadAsync(id, ct);
            return this.Show(failure);
        }
        TempData["Flash"] = done;
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var label = await db.Labels.AsNoTracking().Include(l => l.Aliases).SingleOrDefaultAsync(l => l.Id == id, ct);
        if (label is null)
        {
            return false;
        }
        Label = label;
        return true;
    }
}
