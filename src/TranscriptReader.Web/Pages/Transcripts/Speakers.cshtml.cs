using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Web.Outcomes;

namespace TranscriptReader.Web.Pages.Transcripts;

/// <summary>
/// Reassigns roles per speaker (the importer or a moderator): one select per speaker, saved together, so two
/// speakers' roles can be swapped. Post/Redirect/Get; the change is audited and shows on the transcript at once.
/// </summary>
[Authorize]
public sealed class SpeakersModel(SpeakerRoles roles, UserManager<AppUser> users) : PageModel
{
    /// <summary>One speaker as the form shows and posts it.</summary>
    /// <param name="Role">The role the reader saw.</param>
    /// <param name="Speaker">The speaker name the reader saw; empty for none.</param>
    /// <param name="NewRole">The role chosen.</param>
    public sealed record Row(string Role, string? Speaker, string NewRole);

    public SpeakerSheet Sheet { get; private set; } = null!;

    [BindProperty]
    public List<Row> Rows { get; set; } = [];

    public static IReadOnlyList<string> RoleChoices { get; } = [MessageRoles.User, MessageRoles.Assistant, MessageRoles.System, MessageRoles.Tool];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct) is { } failure ? this.Show(failure) : Page();

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var changes = Rows.Select(r => new RoleChange(r.Role, r.Speaker, r.NewRole)).ToList();
        var outcome = await roles.ReassignAsync(id, users.GetUserId(User)!, IsModerator, changes, ct);
        if (!outcome.TryGet(out var moved, out var failure))
        {
            // Shown with the roles as they are now, which is what a conflict is about.
            ModelState.Clear();
            return await LoadAsync(id, ct) is { } missing ? this.Show(missing) : this.Show(failure);
        }
        TempData["Flash"] = moved == 0 ? "No role changed." : $"Roles saved: {moved} {(moved == 1 ? "message" : "messages")} changed.";
        return RedirectToPage(new { id });
    }

    private bool IsModerator => User.IsInRole(Roles.Moderator) || User.IsInRole(Roles.Admin);

    private async Task<Core.Outcomes.Failure?> LoadAsync(long id, CancellationToken ct)
    {
        if (!(await roles.GetAsync(id, users.GetUserId(User)!, IsModerator, ct)).TryGet(out var sheet, out var failure))
        {
            return failure;
        }
        Sheet = sheet;
        Rows = [.. sheet.Groups.Select(g => new Row(g.Role, g.Speaker, g.Role))];
        return null;
    }

    public static string RoleLabel(string role) => role switch
    {
        MessageRoles.User => "User",
        MessageRoles.Assistant => "Assistant (the model)",
        MessageRoles.System => "System",
        MessageRoles.Tool => "Tool",
        _ => role,
    };
}
