using System.Net;
using System.Net.Sockets;
using System.Text;
using TranscriptReader.Core.Importing;

namespace TranscriptReader.Core.Tests.Importing;

/// <summary>
/// The URL import's address check: internal IPv4 addresses written in IPv6 forms (IPv4-mapped, IPv4-compatible,
/// NAT64, 6to4, Teredo) are internal too, and a proxy from the environment is never used (it would connect to the
/// internal address on the fetcher's behalf, after the check saw only the proxy's address).
/// </summary>
public sealed class UrlFetcherTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("169.254.169.254")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::127.0.0.1")]
    [InlineData("::10.0.0.1")]
    [InlineData("::169.254.169.254")]
    [InlineData("64:ff9b::127.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("64:ff9b::192.168.1.1")]
    [InlineData("64:ff9b:1::10.0.0.1")]
    [InlineData("2002:7f00:1::")]
    [InlineData("2002:a9fe:a9fe::1")]
    [InlineData("2002:c0a8:0101:5::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("100::1")]
    public void Internal_addresses_in_every_notation_are_internal(string address)
    {
        Assert.True(UrlFetcher.IsInternal(IPAddress.Parse(address)), address);
    }

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:2800:21f:cb07:6820:80da:af6b:8b2c")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    [InlineData("2001:4860:4860::8888")]
    public void Public_addresses_are_not_internal(string address)
    {
        Assert.False(UrlFetcher.IsInternal(IPAddress.Parse(address)), address);
    }

    /// <summary>A proxy that would take every request: with it in use, the fetch never reaches the server.</summary>
    private sealed class EverythingProxy(Uri address) : IWebProxy
    {
        public ICredentials? Credentials { get; set; }

        public Uri GetProxy(Uri destination) => address;

        public bool IsBypassed(Uri host) => false;
    }

    [Fact]
    public async Task A_proxy_from_the_environment_is_not_used()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        using var proxy = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        proxy.Start();
        var proxied = false;
        var proxyTask = Task.Run(async () =>
        {
            using var client = await proxy.AcceptTcpClientAsync();
            proxied = true;
        });
        var serverTask = Task.Run(async () =>
        {
            using var client = await server.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var buffer = new byte[4096];
            _ = await stream.ReadAsync(buffer);
            var body = "Human: hi\n\nAssistant: hello\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"));
        });
        var previous = HttpClient.DefaultProxy;
        HttpClient.DefaultProxy = new EverythingProxy(new Uri($"http://127.0.0.1:{((IPEndPoint)proxy.LocalEndpoint).Port}"));
        try
        {
            var url = $"http://127.0.0.1:{((IPEndPoint)server.LocalEndpoint).Port}/talk.txt";
            var fetched = await new UrlFetcher(1_000_000, TimeSpan.FromSeconds(10)).FetchAsync(url, allowPrivateAddresses: true);

            Assert.True(fetched.Ok, fetched.Failure?.Message);
            Assert.False(proxied);
            await serverTask;
        }
        finally
        {
            HttpClient.DefaultProxy = previous;
        }
    }
}
