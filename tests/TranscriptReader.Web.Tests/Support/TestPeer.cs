using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace TranscriptReader.Web.Tests.Support;

/// <summary>
/// The test server has no TCP peer; a request with <c>X-Test-Peer: 203.0.113.7</c> comes from that address, as
/// if it had connected from there. Runs before the app's pipeline, so forwarded-header handling sees it as
/// the peer.
/// </summary>
public sealed class TestPeer : IStartupFilter
{
    public const string Header = "X-Test-Peer";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var value) && IPAddress.TryParse(value.ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }
            return nextMiddleware(context);
        });
        next(app);
    };

    public static void Register(IServiceCollection services) => services.AddSingleton<IStartupFilter, TestPeer>();

    /// <summary>Makes every request of <paramref name="client"/> come from <paramref name="address"/>.</summary>
    public static TestClient From(TestClient client, string address)
    {
        client.Http.DefaultRequestHeaders.Remove(Header);
        client.Http.DefaultRequestHeaders.Add(Header, address);
        return client;
    }
}
