using System.Reflection;
using System.Security.Cryptography;
using System.Text;

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
/// <para>A migration applies a file with <c>migrationBuilder.Sql(SqlObjects.Read("Functions/name.sql", pin))</c>,
/// where the pin is the <see cref="Pin"/> of the statement it applied. Editing the statement (the header
/// comment is free) therefore stops every migration that read it, instead of silently giving new databases a
/// definition that existing ones never get. To change an object: edit its file, add a migration that reads
/// it with the new pin (the error names it), and give the migration that read it until then the text it
/// applied in its day as a literal (from git). A test checks that exactly one migration applies each file's
/// current text: reading today's file from an older migration would also run it before the schema it needs.</para>
/// </remarks>
public static class SqlObjects
{
    private static readonly Assembly Assembly = typeof(SqlObjects).Assembly;

    /// <summary>
    /// The text of <paramref name="path"/> (relative to <c>Sql/</c>, e.g. <c>Views/label_canonical.sql</c>),
    /// for the migration that applies it, provided its statement still has the <paramref name="pin"/> that
    /// migration was written with.
    /// </summary>
    public static string Read(string path, string pin)
    {
        var sql = Text(path);
        var actual = Pin(sql);
        return actual == pin
            ? sql
            : throw new InvalidOperationException(
                $"Sql/{path} has changed since a migration applied it (pinned {pin}, now {actual}). Existing databases will not "
                + "see the change: add a migration that applies it with SqlObjects.Read(\"" + path + "\", \"" + actual + "\") and give "
                + "the migration that pinned " + pin + " its previous text as a literal (git show).");
    }

    /// <summary>Every file, ordered by path.</summary>
    public static IReadOnlyList<SqlObject> All() =>
        Assembly.GetManifestResourceNames().Select(Normalize).Where(n => n.EndsWith(".sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(path => new SqlObject(path[..path.IndexOf('/', StringComparison.Ordinal)], Path.GetFileNameWithoutExtension(path), Text(path)))
            .ToList();

    /// <summary>The first 16 hex digits of the SHA-256 of the statement: the text after the header comment lines.</summary>
    public static string Pin(string sql)
    {
        var lines = sql.Split('\n');
        var statement = string.Join('\n', lines.SkipWhile(l => l.StartsWith("--", StringComparison.Ordinal)));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(statement)))[..16];
    }

    /// <summary>The file's text with LF line ends, so function bodies are the same whatever git checked out.</summary>
    private static string Text(string path)
    {
        var name = Assembly.GetManifestResourceNames().SingleOrDefault(n => Normalize(n) == path)
            ?? throw new ArgumentException($"There is no embedded SQL file '{path}' (Sql/{path} in the migrations project).", nameof(path));
        using var stream = Assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    // MSBuild's RecursiveDir uses the build machine's separator.
    private static string Normalize(string resourceName) => resourceName.Replace('\\', '/');
}
