using TranscriptReader.Testing;

namespace TranscriptReader.Core.Tests;

/// <summary>Tests that touch the database share one migrated database and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class DatabaseCollection : ICollectionFixture<TestDatabase>
{
    public const string Name = "database";
}
