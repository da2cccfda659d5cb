using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Web.Pages.Transcripts;

/// <summary>
/// Renders the shared part of a transcript page (<c>_Reader.cshtml</c>) from a <see cref="TranscriptPage"/>
/// snapshot to UTF-8, for <see cref="RenderedPageCache"/>.
/// </summary>
/// <remarks>
/// The part is shared by every reader of one version of the page, so it is rendered in a view context of its
/// own — no user, no request path, no cookies — rather than in the context of whichever request missed the
/// cache: the partial cannot depend on anything but its model, even by accident. It is rendered as a partial
/// (into Razor's buffer, then written out in one synchronous pass): rendering it as a view of its own writes
/// through an asynchronous flush after every encoded value, which made a 1,000-tagging part about a quarter slower.
/// </remarks>
public sealed class ReaderPartRenderer(
    IRazorViewEngine viewEngine, IHtmlHelper html, IModelMetadataProvider metadataProvider, ITempDataProvider tempDataProvider,
    HtmlEncoder htmlEncoder, IServiceProvider services)
{
    private const string ViewPath = "/Pages/Transcripts/_Reader.cshtml";

    /// <summary>The shared part of <paramref name="page"/>, in the signed-in readers' variant when <paramref name="signedIn"/>.</summary>
    public async Task<byte[]> RenderAsync(TranscriptPage page, bool signedIn)
    {
        // The view context needs a view; the partial itself serves (nothing reads it but the helper's path lookups).
        var view = viewEngine.GetView(executingFilePath: null, ViewPath, isMainPage: false).EnsureSuccessful(originalLocations: null).View!;
        // Razor takes its per-render services (view buffers, HTML helpers) from the request's services.
        var http = new DefaultHttpContext { RequestServices = services };
        var action = new ActionContext(http, new RouteData(), new ActionDescriptor());
        var model = new ReaderPart(page, signedIn);
        var viewData = new ViewDataDictionary<ReaderPart>(metadataProvider, new ModelStateDictionary()) { Model = model };
        await using var writer = new StringWriter(new StringBuilder(256 * 1024), CultureInfo.InvariantCulture);
        var context = new ViewContext(action, view, viewData, new TempDataDictionary(http, tempDataProvider), writer, new HtmlHelperOptions());
        ((IViewContextAware)html).Contextualize(context);
        var content = await html.PartialAsync(ViewPath, model, viewData);
        content.WriteTo(writer, htmlEncoder);
        return Encoding.UTF8.GetBytes(writer.ToString());
    }
}
