namespace TranscriptReader.Core.Data;

/// <summary>
/// Names the app and its SQL share outside the schema: PostgreSQL settings and advisory-lock keys, in one
/// place so no two features pick the same key and a renamed setting cannot leave a reader behind.
/// </summary>
/// <remarks>
/// SQL files under <c>migrations/TranscriptReader.Migrations/Sql</c> spell the setting names as literals;
/// a test checks that every <c>transcriptreader.*</c> setting they use is listed here and the other way round.
/// </remarks>
public static class DatabaseNames
{
    /// <summary>
    /// When <c>on</c>, the page-version triggers (<c>touch_transcript_pages</c>) leave transcripts' versions
    /// alone. Only <c>label_merge_apply</c> and <c>label_merge_undo</c> set it (in their <c>SET</c> clauses, so
    /// no C# code has to): they move the page epoch, which outdates every cached page at once.
    /// </summary>
    public const string SkipPageVersionsSetting = "transcriptreader.skip_page_versions";

    /// <summary>Every <c>transcriptreader.*</c> setting.</summary>
    public static IReadOnlyList<string> Settings { get; } = [SkipPageVersionsSetting];

    /// <summary>Keys for <c>pg_advisory_xact_lock</c>; each serializes one decision across app instances.</summary>
    public static class AdvisoryLocks
    {
        /// <summary>Account creation: the first account of an empty instance becomes admin, exactly once.</summary>
        public const long FirstAccount = 727001;

        /// <summary>Shortcut-key changes: no two live labels get the same key.</summary>
        public const long LabelShortcuts = 727006;

        /// <summary>Every key, so a test can prove them distinct.</summary>
        public static IReadOnlyList<long> All { get; } = [FirstAccount, LabelShortcuts];
    }
}
