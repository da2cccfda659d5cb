using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using TranscriptReader.Core.Importing;
using TranscriptReader.Core.Importing.Recipes;

namespace TranscriptReader.Web.Importing;

public static class ImportSetup
{
    /// <summary>The import page, whose request size limits come from <see cref="ImportSettings"/>.</summary>
    public const string ImportPage = "/Transcripts/Import";

    /// <summary>
    /// The import services and their settings (section <c>Import</c>, validated at start-up). The upload limits
    /// cannot be attribute arguments (they are settings), so the import page gets the attributes through a
    /// convention (as filters and endpoint metadata, which is what the attributes on its class would give) and the
    /// API endpoint through its metadata.
    /// </summary>
    public static void AddImporting(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ImportSettings>().Bind(configuration.GetSection(ImportSettings.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ImportService>();
        services.AddScoped<ImportRun>();
        services.AddScoped<RecipeLibrary>();
        services.AddOptions<RazorPagesOptions>().Configure<IOptions<ImportSettings>>((pages, import) =>
            pages.Conventions.AddPageApplicationModelConvention(ImportPage, page =>
            {
                var size = new RequestSizeLimitAttribute(import.Value.MaxUploadBytes);
                var form = new RequestFormLimitsAttribute { MultipartBodyLengthLimit = import.Value.MaxUploadBytes };
                page.Filters.Add(size);
                page.Filters.Add(form);
                page.EndpointMetadata.Add(size);
                page.EndpointMetadata.Add(form);
            }));
    }
}
