using System.Text;

namespace TranscriptReader.Core.Importing;

/// <summary>
/// Bytes to text for every importer: UTF-8 (a BOM is stripped) or UTF-16 with a BOM, decoded strictly,
/// so a binary file is refused with the offset of its first bad byte instead of imported as garbage.
/// </summary>
internal static class TextDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(byte[] bytes)
    {
        string text;
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            var encoding = bytes[0] == 0xFF
                ? new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true)
                : new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true);
            text = DecodeStrict(encoding, bytes, 2);
        }
        else
        {
            var nul = Array.IndexOf(bytes, (byte)0);
            if (nul >= 0)
            {
                throw new ImportException($"is a binary file, not text (NUL byte at offset {nul:N0})");
            }
            var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            text = DecodeStrict(StrictUtf8, bytes, bom);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ImportException("is empty");
        }
        return text;
    }

    private static string DecodeStrict(Encoding encoding, byte[] bytes, int skip)
    {
        try
        {
            return encoding.GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ImportException($"is not valid UTF-8 text (invalid byte at offset {skip + ex.Index:N0}); binary files cannot be imported");
        }
    }
}
