using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TranscriptReader.Web.Pages.Help;

/// <summary>One reference page of docs/ (<see cref="HelpDocuments"/>), e.g. the export columns at /Help/Exports.</summary>
public sealed class ShowModel(HelpDocuments documents) : PageModel
{
    public HelpDocument Document { get; private set; } = new("", "");

    /// <param name="name">The help page, e.g. Exports.</param>
    public IActionResult OnGet(string name)
    {
        if (documents.Find(name) is not { } document)
        {
            return NotFound();
        }
        Document = document;
        return Page();
    }
}
