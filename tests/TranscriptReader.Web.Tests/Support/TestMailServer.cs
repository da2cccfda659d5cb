using System.Buffers;
using System.Net;
using System.Threading.Channels;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using TranscriptReader.Testing;

namespace TranscriptReader.Web.Tests.Support;

/// <summary>A real SMTP server (the SmtpServer package) on a free loopback port; received messages are parsed with MimeKit.</summary>
public sealed class TestMailServer : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Channel<MimeMessage> received = Channel.CreateUnbounded<MimeMessage>();
    private readonly Task running;

    public TestMailServer()
    {
        Port = LoopbackPort.Free();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(received.Writer));
        running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
    }

    public int Port { get; }

    /// <summary>The next message, or null when none arrives within <paramref name="timeout"/>.</summary>
    public async Task<MimeMessage?> NextAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            return await received.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // Stopping is how it ends.
        }
        stop.Dispose();
    }

    private sealed class Store(ChannelWriter<MimeMessage> writer) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            await writer.WriteAsync(await MimeMessage.LoadAsync(stream, cancellationToken), cancellationToken);
            return SmtpResponse.Ok;
        }
    }
}
