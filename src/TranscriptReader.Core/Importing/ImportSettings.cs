using System.ComponentModel.DataAnnotations;

namespace TranscriptReader.Core.Importing;

/// <summary>
/// Import limits, from the <c>Import</c> configuration section (<c>Import__MaxUploadBytes</c> and so on);
/// the app refuses to start with a value out of range.
/// </summary>
public sealed class ImportSettings
{
    public const string Section = "Import";

    /// <summary>Largest request: several files or one ZIP dataset, all parts together.</summary>
    [Range(typeof(long), "1", "9223372036854775807", ErrorMessage = "Import:MaxUploadBytes must be a positive number of bytes.")]
    public long MaxUploadBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Largest single file, or ZIP entry once uncompressed.</summary>
    [Range(typeof(long), "1", "9223372036854775807", ErrorMessage = "Import:MaxFileBytes must be a positive number of bytes.")]
    public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>All entries of a ZIP (nested ones included) together, uncompressed.</summary>
    [Range(typeof(long), "1", "9223372036854775807", ErrorMessage = "Import:MaxZipTotalUncompressedBytes must be a positive number of bytes.")]
    public long MaxZipTotalUncompressedBytes { get; set; } = 500L * 1024 * 1024;

    [Range(1, int.MaxValue, ErrorMessage = "Import:MaxZipEntries must be at least 1.")]
    public int MaxZipEntries { get; set; } = 10_000;

    /// <summary>Largest download of a URL import.</summary>
    [Range(typeof(long), "1", "9223372036854775807", ErrorMessage = "Import:MaxUrlBytes must be a positive number of bytes.")]
    public long MaxUrlBytes { get; set; } = 50L * 1024 * 1024;

    [Range(1, 3600, ErrorMessage = "Import:UrlTimeoutSeconds must be between 1 and 3600.")]
    public int UrlTimeoutSeconds { get; set; } = 20;

    /// <summary>
    /// New transcripts one reader may import in 24 hours (duplicates do not count). Past it an import stops after the
    /// transcript that reached it, and a new one answers 429 until older imports are more than a day old.
    /// </summary>
    [Range(1, int.MaxValue, ErrorMessage = "Import:DailyTranscriptsPerUser must be at least 1.")]
    public int DailyTranscriptsPerUser { get; set; } = 2_000;

    /// <summary>The caps the parser applies while reading a file.</summary>
    public ImportLimits ParserLimits => new(MaxFileBytes, MaxZipTotalUncompressedBytes, MaxZipEntries);
}
