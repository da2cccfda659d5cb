using System.Reflection;

namespace TranscriptReader.Migrations;

/// <summary>One database function, trigger or view: its folder, its name (the file's) and its current definition.</summary>
/// <param name="Kind">The folder under <c>Sql/</c>: <c>Functions</c>, <c>Triggers</c> or <c>Views</c>.</param>
/// <param name="Name">The object's name in the database, which is also the file's name.</param>
/// <param name="Sql">The file's text: a <c>CREATE OR REPLACE</c> statement, safe to run again.</param>
public sealed record SqlObject(string Kind, string Name, string Sql)
{
    public string Path => $"{Kind}/{Name}.sql";
}

/// <summary>
/// The current definition of every database function, trigger and view, one <c>.sql</c> file each under
/// <c>Sql/{Functions,Triggers,Views}/</c> (embedded in this assembly), like bitwarden/server's <c>src/Sql</c>.
/// </summary>
/// <remarks>
/// <para>The files are the truth: a test compares the database after all migrations with them, object by
/// object, and fails on an object without a file or a file without an object.</para>
/// <para>To change an object: edit its file and add a migration whose <c>Up</c> calls
/// <c>migrationBuilder.Sql(SqlObjects.Read("Functions/name.sql"))</c>. The migration that applied the file
/// until then must keep producing the definition it produced in its day, so replace its
/// <c>SqlObjects.Read</c> call with that earlier text as a literal (from git); a test checks that exactly
/// one migration applies each file's current text. Reading a file from an older migration would run
/// today's definition before the columns it needs exist.</para>
/// </remarks>
public static class SqlObjects
{
    private static readonly Assembly Assembly = typeof(SqlObjects).Assembly;

    /// <summary>The text of <paramref name="path"/>, relative to <c>Sql/</c> (e.g. <c>Views/label_canonical.sql</c>).</summary>
    public static string Read(string path)
    {
        var name = Assembly.GetManifestResourceNames().SingleOrDefault(n => Normalize(n) == path)
            ?? throw new ArgumentException($"There is no embedded SQL file '{path}' (Sql/{path} in the migrations project).", nameof(path));
        using var stream = Assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Every file, ordered by path.</summary>
    public static IReadOnlyList<SqlObject> All() =>
        Assembly.GetManifestResourceNames().Select(Normalize).Where(n => n.EndsWith(".sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(path => new SqlObject(path[..path.IndexOf('/', StringComparison.Ordinal)], System.IO.Path.GetFileNameWithoutExtension(path), Read(path)))
            .ToList();

    // MSBuild's RecursiveDir uses the build machine's separator.
    private static string Normalize(string resourceName) => resourceName.Replace('\\', '/');
}
