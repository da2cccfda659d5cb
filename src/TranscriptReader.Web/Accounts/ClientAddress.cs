using System.Net;
using System.Net.Sockets;

namespace TranscriptReader.Web.Accounts;

/// <summary>The client's address as a rate-limit partition key.</summary>
/// <remarks>
/// The address is the TCP peer's, or the one a configured proxy forwarded (see <c>ForwardedHeadersSetup</c>);
/// an unconfigured peer's <c>X-Forwarded-For</c> is ignored, so rotating that header does not open new buckets.
/// IPv6 clients are keyed by their /64 network: one host is routinely given a whole /64, so per-address keys
/// would be free for the asking.
/// </remarks>
public static class ClientAddress
{
    public static string Key(HttpContext http) => Key(http.Connection.RemoteIpAddress);

    public static string Key(IPAddress? address)
    {
        if (address is null)
        {
            return "none";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
