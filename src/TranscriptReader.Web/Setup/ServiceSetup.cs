using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.DataProtection;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Agreement;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Exports;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Rendering;
using TranscriptReader.Core.Taggings;
using TranscriptReader.Core.Transcripts;
using TranscriptReader.Web.Accounts;
using TranscriptReader.Web.Api;
using TranscriptReader.Web.Importing;
using TranscriptReader.Web.Live;
using TranscriptReader.Web.Pages.Transcripts;

namespace TranscriptReader.Web.Setup;

public static class ServiceSetup
{
    /// <summary>The same name on every instance, so app nodes behind one load balancer share logins.</summary>
    public const string DataProtectionApplicationName = "TranscriptReader";

    public static WebApplicationBuilder AddTranscriptReader(this WebApplicationBuilder builder)
    {
        LoggingSetup.AddLogging(builder);
        var services = builder.Services;
        var connectionString = ResolveConnectionString(builder.Configuration);

        services.AddDbContext<AppDbContext>(o => DbSetup.Configure(o, connectionString));
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<AuditLog>();
        services.AddScoped<ApiTokenService>();
        services.AddScoped<AccountService>();
        services.AddScoped<DatabasePreparation>();
        services.AddScoped<LabelDirectory>();
        services.AddScoped<InstanceSettings>();
        services.AddScoped<LabelCatalog>();
        services.AddScoped<LabelMerger>();
        services.AddScoped<LabelSummaries>();
        services.AddScoped<LabelTaggings>();
        services.AddScoped<ExportService>();
        services.AddScoped<ExportFilterParser>();
        services.AddScoped<TaggingService>();
        services.AddScoped<TaggingBatch>();
        services.AddSingleton<TaggingBatchLimiter>();
        services.AddScoped<TaggingQueries>();
        services.AddScoped<TaggingRevisions>();
        services.AddScoped<SpeakerRoles>();
        services.AddScoped<ThreadReader>();
        services.AddScoped<CommentWriter>();
        services.AddScoped<Moderation>();
        services.AddScoped<DiscussionCounts>();
        services.AddScoped<Core.Inbox.InboxService>();
        services.AddScoped<ReaderNames>();
        services.AddSingleton<SafeMarkdown>();
        services.AddSingleton<MarkdownCache>();
        services.AddScoped<TranscriptPageQuery>();
        services.AddScoped<TranscriptList>();
        services.AddSingleton<TranscriptListCache>();
        services.AddScoped<InspectSamples>();
        services.AddScoped<ReaderPartRenderer>();
        services.AddSingleton<RenderedPageCache>();
        services.AddSingleton(_ => new Pages.Help.HelpDocuments());
        services.AddScoped<DoneMarks>();
        services.AddScoped<AgreementService>();
        services.AddScoped<TranscriptComparison>();
        services.AddScoped<ReferenceComparison>();
        services.AddSingleton<AgreementCache>();

        SettingsSetup.AddSettings(services, builder.Configuration);
        ImportSetup.AddImporting(services, builder.Configuration);
        AuthSetup.AddAuth(services);
        AccountsSetup.AddAccounts(services, builder.Configuration);
        LiveSetup.AddLive(services, builder.Configuration, connectionString);
        // No "Server: Kestrel": it only helps someone looking for a known hole.
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        services.AddDataProtection()
            .PersistKeysToDbContext<AppDbContext>()
            .SetApplicationName(DataProtectionApplicationName);

        RateLimitSetup.AddRateLimits(services);
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database");
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddOpenApi("v1");
        // Transcripts are long and often not in English: write letters as they are (UTF-8) instead of as numeric
        // character references, which made non-Latin text several times larger. Markup characters (< > & " ')
        // are still encoded; characters outside the BMP (emoji) always are.
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Admin", AuthSetup.AdminPolicy);
            o.Conventions.AuthorizeFolder("/Account/Manage");
            o.Conventions.AllowAnonymousToPage("/Account/Login");
            o.Conventions.AllowAnonymousToPage("/Account/Register");
            o.Conventions.AllowAnonymousToPage("/Account/ForgotPassword");
            o.Conventions.AllowAnonymousToPage("/Account/ResetPassword");
            o.Conventions.AllowAnonymousToPage("/Account/AccessDenied");
            o.Conventions.AuthorizeFolder("/Invitations", AuthSetup.ModeratorPolicy);
        }).AddMvcOptions(o => o.Filters.Add<RequireAccountForWritesFilter>());
        return builder;
    }

    /// <summary>TR_DATABASE wins over ConnectionStrings:Default, as in scripts/run.</summary>
    public static string ResolveConnectionString(IConfiguration configuration)
    {
        var cs = configuration["TR_DATABASE"];
        if (string.IsNullOrWhiteSpace(cs))
        {
            cs = configuration.GetConnectionString("Default");
        }
        if (string.IsNullOrWhiteSpace(cs))
        {
            throw new InvalidOperationException(
                "No database configured: set TR_DATABASE or ConnectionStrings__Default to a PostgreSQL connection "
                + "string, or start the app with scripts/run, which provisions a local PostgreSQL.");
        }
        return cs;
    }
}
