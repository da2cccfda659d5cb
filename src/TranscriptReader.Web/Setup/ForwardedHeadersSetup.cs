using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace TranscriptReader.Web.Setup;

/// <summary>
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are honoured only from the reverse proxies named in
/// <c>ForwardedHeaders:KnownProxies</c> (addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR ranges),
/// comma-separated or as lists. With neither set (the default) the headers are ignored: trusting them from any
/// peer would let every client pick its own address, and with it its own rate-limit bucket.
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string Section = "ForwardedHeaders";

    /// <summary>The options for the configured proxies, or null when none are configured (then the middleware is left out).</summary>
    public static ForwardedHeadersOptions? Options(IConfiguration configuration)
    {
        var proxies = Values(configuration.GetSection(Section + ":KnownProxies"));
        var networks = Values(configuration.GetSection(Section + ":KnownNetworks"));
        if (proxies.Count == 0 && networks.Count == 0)
        {
            return null;
        }
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var proxy in proxies)
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"{Section}:KnownProxies: '{proxy}' is not an IP address."));
        }
        foreach (var network in networks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"{Section}:KnownNetworks: '{network}' is not a network in CIDR form (e.g. 10.0.0.0/8)."));
        }
        return options;
    }

    private static List<string> Values(IConfigurationSection section)
    {
        var items = section.Value is { } single ? single.Split(',') : section.GetChildren().Select(c => c.Value ?? "");
        return items.Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
    }
}
