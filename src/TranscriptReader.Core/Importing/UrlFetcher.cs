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

    /// <summary>True for addresses that must not be fetched from without the admin setting.</summary>
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
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal;
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
