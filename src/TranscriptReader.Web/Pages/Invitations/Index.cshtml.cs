using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Web.Accounts;
using TranscriptReader.Web.Accounts.Mail;
using TranscriptReader.Web.Outcomes;

namespace TranscriptReader.Web.Pages.Invitations;

/// <summary>Moderators and admins make invite links (role, uses, days), see who used each, and revoke them.</summary>
public sealed class IndexModel(
    Core.Accounts.Invitations invitations, AccessPolicyCache access, UserManager<AppUser> users, IOptions<MailSettings> mail) : PageModel
{
    public sealed class Input
    {
        public string Role { get; set; } = Roles.Member;
        public int MaxUses { get; set; } = 10;
        public int ValidDays { get; set; } = 14;
        public string? Note { get; set; }
    }

    [BindProperty]
    public Input Data { get; set; } = new();

    public List<InvitationRow> Rows { get; private set; } = [];
    public string? NewLink { get; private set; }
    public Registration Rule { get; private set; }
    public bool CanInviteAdmins => User.IsInRole(Roles.Admin);
    public DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await invitations.CreateAsync(users.GetUserId(User)!, CanInviteAdmins,
            new InvitationRequest(Data.Role, Data.MaxUses, Data.ValidDays, Data.Note), ct);
        if (!outcome.TryGet(out var created, out var failure))
        {
            await LoadAsync(ct);
            return this.ShowOnPage(failure);
        }
        var site = mail.Value.PublicUrl is { Length: > 0 } publicUrl ? publicUrl.TrimEnd('/') : $"{Request.Scheme}://{Request.Host}";
        NewLink = $"{site}/Account/Register?invite={Uri.EscapeDataString(created.Secret)}";
        Data = new Input();
        ModelState.Clear();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken ct)
    {
        var outcome = await invitations.RevokeAsync(users.GetUserId(User)!, id, ct);
        if (outcome.Failure is { } failure)
        {
            await LoadAsync(ct);
            return this.Show(failure);
        }
        TempData["Flash"] = "The invitation was revoked; accounts made with it stay.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Rows = await invitations.ListAsync(ct);
        Rule = (await access.GetAsync(ct)).Registration;
    }
}
