using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Agreement;
using TranscriptReader.Core.Auditing;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Importing.Recipes;
using TranscriptReader.Core.Inbox;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Taggings;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Data;

/// <summary>The one database context of TranscriptReader.</summary>
/// <remarks>
/// Migrations live in <c>migrations/TranscriptReader.Migrations</c>. To add one, from the repo root:
/// <c>dotnet ef migrations add Name --project migrations/TranscriptReader.Migrations</c>
/// (the design-time factory there needs no running database).
/// </remarks>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<InvitationUse> InvitationUses => Set<InvitationUse>();
    public DbSet<PasswordReset> PasswordResets => Set<PasswordReset>();
    public DbSet<Collection> Collections => Set<Collection>();
    public DbSet<SourceFile> SourceFiles => Set<SourceFile>();
    public DbSet<Transcript> Transcripts => Set<Transcript>();
    public DbSet<PageEpoch> PageEpochs => Set<PageEpoch>();
    public DbSet<PageVersionSlot> PageVersionSlots => Set<PageVersionSlot>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<Block> Blocks => Set<Block>();
    public DbSet<StoredImage> Images => Set<StoredImage>();
    public DbSet<CollectionMember> CollectionMembers => Set<CollectionMember>();
    public DbSet<SavedRecipe> ImportRecipes => Set<SavedRecipe>();
    public DbSet<Label> Labels => Set<Label>();
    public DbSet<LabelAlias> LabelAliases => Set<LabelAlias>();
    public DbSet<LabelMerge> LabelMerges => Set<LabelMerge>();
    public DbSet<LabelCanonical> LabelCanonicals => Set<LabelCanonical>();
    public DbSet<LabelCount> LabelCounts => Set<LabelCount>();
    public DbSet<LabelTranscriptCount> LabelTranscriptCounts => Set<LabelTranscriptCount>();
    public DbSet<LabelReaderCount> LabelReaderCounts => Set<LabelReaderCount>();
    public DbSet<Tagging> Taggings => Set<Tagging>();
    public DbSet<Vote> Votes => Set<Vote>();
    public DbSet<DoneMark> DoneMarks => Set<DoneMark>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<CommentRevision> CommentRevisions => Set<CommentRevision>();
    public DbSet<TranscriptCommentCount> TranscriptCommentCounts => Set<TranscriptCommentCount>();
    public DbSet<TaggingCommentCount> TaggingCommentCounts => Set<TaggingCommentCount>();
    public DbSet<InboxItem> InboxItems => Set<InboxItem>();
    public DbSet<TranscriptWatch> TranscriptWatches => Set<TranscriptWatch>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AppSetting> AppSettings => Set<AppSetting>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Trigram indexes: the transcript list's title substring search (TranscriptConfiguration).
        builder.HasPostgresExtension("pg_trgm");
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        builder.HasDbFunction(typeof(AppDbContext).GetMethod(nameof(TranscriptPageVersion))!).HasName("transcript_page_version");
    }

    /// <summary>
    /// <c>transcript_page_version(id)</c> (Sql/Functions/transcript_page_version.sql) inside a LINQ query: the version a
    /// transcript's page and list figures are cached under.
    /// </summary>
    public static long TranscriptPageVersion(long transcriptId) =>
        throw new InvalidOperationException($"{nameof(TranscriptPageVersion)} ({transcriptId}) only runs inside a database query.");
}
