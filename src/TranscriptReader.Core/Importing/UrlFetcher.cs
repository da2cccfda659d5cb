using System.Net;
using System.Net.Sockets;
using TranscriptReader.Core.Outcomes;

namespace TranscriptReader.Core.Importing;

/// <summary>
/// Downloads a transcript for import from an http(s) URL with a size cap and a timeout. Unless
/// private addresses are allowed (an admin setting), it refuses loopback, private, link-local and
/// other internal addresses — checked on the address actually connected to, after DNS resolution
/// and on every redirect, so a hostname cannot smuggle a request into the internal network. A URL that
/// cannot be imported from is an invalid outcome whose message names the URL and the reason.
/// </summary>
public sealed class UrlFetcher(long maxBytes, TimeSpan timeout)
{
    public async Task<Outcome<ImportFile>> FetchAsync(string url, bool allowPrivateAddresses, CancellationToken ct = default)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return Failure.Invalid($"'{url}' is not an http or https URL.");
        }
        using var handler = new SocketsHttpHandler
        {
            // A proxy (HTTP_PROXY in the environment) would be connected to instead, so the check below would see
            // the proxy's address while the proxy fetched the internal one.
            UseProxy = false,
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
            ConnectTimeout = timeout,
            ConnectCallback = (context, token) => ConnectAsync(context, allowPrivateAddresses, token),
        };
        using var http = new HttpClient(handler) { Timeout = timeout };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("TranscriptReader/1.0 (+transcript import)");
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
            {
                return Failure.Invalid($"{uri}: the server answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
            if (response.Content.Headers.ContentLength > maxBytes)
            {
                return Failure.Invalid($"{uri}: is {response.Content.Headers.ContentLength:N0} bytes, over the limit of {maxBytes:N0} bytes.");
            }
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return Failure.Invalid($"{uri}: is over the limit of {maxBytes:N0} bytes.");
                }
                buffer.Write(chunk, 0, read);
            }
            return new ImportFile(FileNameOf(response.RequestMessage?.RequestUri ?? uri), buffer.ToArray());
        }
        catch (HttpRequestException e) when (e.InnerException is RefusedAddressException refused)
        {
            return Failure.Invalid($"{uri}: {refused.Message}");
        }
        catch (HttpRequestException e)
        {
            return Failure.Invalid($"{uri}: could not be downloaded ({e.Message}).");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return Failure.Invalid($"{uri}: timed out after {timeout.TotalSeconds:0} seconds.");
        }
    }

    /// <summary>
    /// True for addresses that must not be fetched from without the admin setting. IPv6 forms that carry an IPv4
    /// address (IPv4-mapped and -compatible, NAT64 64:ff9b::/96, 6to4 2002::/16, Teredo 2001::/32) are judged by
    /// the IPv4 address they lead to, so <c>::127.0.0.1</c> is loopback.
    /// </summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or 10 or 127 => true,
                100 => b[1] >= 64 && b[1] <= 127,        // carrier-grade NAT
                169 => b[1] == 254,                      // link-local, cloud metadata
                172 => b[1] >= 16 && b[1] <= 31,
                192 => (b[1] == 168) || (b[1] == 0 && b[2] == 0),
                198 => b[1] == 18 || b[1] == 19,         // benchmarking
                >= 224 => true,                          // multicast and reserved
                _ => false,
            };
        }
        if (EmbeddedIPv4(address.GetAddressBytes()) is { } embedded)
        {
            return IsInternal(embedded);
        }
        var v6 = address.GetAddressBytes();
        // 64:ff9b:1::/48 is NAT64 for local use (RFC 8215); 100::/64 discards traffic (RFC 6666).
        var localNat64 = v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b && v6[4] == 0x00 && v6[5] == 0x01;
        var discard = v6[0] == 0x01 && v6.AsSpan(1, 7).IndexOfAnyExcept((byte)0) < 0;
        return localNat64 || discard
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal;
    }

    /// <summary>The IPv4 address inside an IPv4-compatible (::a.b.c.d), NAT64, 6to4 or Teredo address; null for others.</summary>
    private static IPAddress? EmbeddedIPv4(byte[] v6)
    {
        if (v6.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
        {
            return new IPAddress(v6.AsSpan(12, 4));                                  // ::a.b.c.d (:: and ::1 are handled above)
        }
        ReadOnlySpan<byte> nat64 = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];
        if (v6.AsSpan(0, 12).SequenceEqual(nat64))
        {
            return new IPAddress(v6.AsSpan(12, 4));                                  // 64:ff9b::a.b.c.d
        }
        if (v6[0] == 0x20 && v6[1] == 0x02)
        {
            return new IPAddress(v6.AsSpan(2, 4));                                   // 2002:AABB:CCDD::
        }
        if (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0 && v6[3] == 0)
        {
            byte[] client = [(byte)~v6[12], (byte)~v6[13], (byte)~v6[14], (byte)~v6[15]];
            return new IPAddress(client);                                             // Teredo: the client, bits inverted
        }
        return null;
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = addresses.Where(a => allowPrivate || !IsInternal(a)).ToList();
        if (allowed.Count == 0)
        {
            throw new RefusedAddressException(addresses.Length == 0
                ? $"the host '{host}' does not resolve."
                : $"the host '{host}' is a loopback, private or link-local address, which this instance does not fetch from (an admin can allow it).");
        }
        var socket = new Socket(allowed[0].AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(allowed[0], context.DnsEndPoint.Port), ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static string FileNameOf(Uri uri)
    {
        var last = Uri.UnescapeDataString(uri.Segments.LastOrDefault()?.Trim('/') ?? "");
        return last.Length > 0 ? last : uri.Host;
    }

    private sealed class RefusedAddressException(string message) : Exception(message);
}
