using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace TranscriptReader.Web.Live;

/// <summary>
/// Live updates: SignalR (WebSockets, then server-sent events, then long polling) at <see cref="HubPath"/>,
/// fanned out between app nodes by PostgreSQL LISTEN/NOTIFY (<see cref="LiveListener"/>), optionally with a
/// Redis backplane for SignalR's own messages (<c>Live:Redis</c>).
/// </summary>
public static class LiveSetup
{
    public const string HubPath = "/hubs/reading";

    public static void AddLive(IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.AddOptions<LiveSettings>().Bind(configuration.GetSection(LiveSettings.Section)).ValidateDataAnnotations().ValidateOnStart();
        var signalR = services.AddSignalR(o =>
        {
            // A page sends a transcript id; anything much larger is not a page talking.
            o.MaximumReceiveMessageSize = 4096;
            o.MaximumParallelInvocationsPerClient = 1;
            o.AddFilter<HubFloodFilter>();
        });
        var redis = configuration[$"{LiveSettings.Section}:Redis"];
        if (!string.IsNullOrWhiteSpace(redis))
        {
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = RedisChannel.Literal("transcriptreader"));
        }
        services.AddSingleton(new LiveDatabase(connectionString));
        services.AddSingleton<HubFloodFilter>();
        services.AddSingleton<LiveReaders>();
        services.AddSingleton<LiveRelay>();
        services.AddSingleton<ReadingPresence>();
        services.AddSingleton<InboxRelay>();
        services.AddSingleton<LiveListener>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveListener>());
    }

    public static void MapLive(IEndpointRouteBuilder app) =>
        app.MapHub<ReadingHub>(HubPath, o =>
            o.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling);
}
