using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TranscriptReader.Core.Data;
using TranscriptReader.Core.Importing;
using TranscriptReader.Core.Labels;

namespace TranscriptReader.Web.Setup;

/// <summary>Applies migrations (when Database:MigrateOnStart is on) and seeds demo data on an empty database.</summary>
public sealed class DatabasePreparation(
    AppDbContext db, ImportService importer, IOptions<DatabaseSettings> settings, IWebHostEnvironment env, ILogger<DatabasePreparation> logger)
{
    public static readonly (string Name, string Color, string Description)[] DemoLabels =
    [
        ("goal guarding", "#e8a33d", "The model reasons about protecting its current goals or values from being changed by training."),
        ("doubts about setup", "#5b8def", "The model questions whether the scenario, the stated training process or the user is what it seems."),
        ("situational awareness", "#4caf7d", "The model reasons about its own situation: training versus deployment, monitoring, who is reading."),
        ("strategic preference preservation", "#c0619d", "The model complies or refuses strategically in order to keep its preferences intact."),
    ];

    public async Task RunAsync(CancellationToken ct = default)
    {
        if (settings.Value.MigrateOnStart)
        {
            logger.LogInformation("Applying database migrations");
            await DbSetup.MigrateAsync(db, ct);
        }
        if (settings.Value.SeedDemoData)
        {
            await SeedDemoAsync(ct);
        }
    }

    public async Task SeedDemoAsync(CancellationToken ct = default)
    {
        if (await db.Labels.AnyAsync(ct) || await db.Transcripts.AnyAsync(ct))
        {
            return;
        }
        logger.LogInformation("Empty database: seeding {LabelCount} demo labels", DemoLabels.Length);
        foreach (var (name, color, description) in DemoLabels)
        {
            db.Labels.Add(new Label { Name = name, NormalizedName = name, Color = color, Description = description });
        }
        await db.SaveChangesAsync(ct);

        // Demo transcripts, one per supported text format, imported the way a reader would.
        var folder = Path.Combine(AppContext.BaseDirectory, "SeedData");
        if (!Directory.Exists(folder))
        {
            folder = Path.Combine(env.ContentRootPath, "SeedData");
        }
        var files = Directory.Exists(folder)
            ? Directory.GetFiles(folder).Order(StringComparer.Ordinal)
                .Select(f => new ImportFile(Path.GetFileName(f), File.ReadAllBytes(f))).ToList()
            : [];
        var summary = await importer.ImportAllAsync(new ImportRequest(files, null, "Demo", null), ct);
        logger.LogInformation("Seeded {Imported} demo transcripts ({Failed} failed)", summary.Imported, summary.Failed);
        foreach (var failure in summary.Files.Where(f => f.Error is not null))
        {
            logger.LogWarning("Demo file {FileName} was not imported: {Error}", failure.FileName, failure.Error);
        }
    }
}
