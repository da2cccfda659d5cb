using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime;

/// <summary>
/// Loaded by the runtime before the app's Main when DOTNET_STARTUP_HOOKS names this assembly (the runtime requires
/// this class name, in no namespace, and a static Initialize). With TR_BENCH_HEAP_PROBE_PORT set it answers each
/// loopback connection on that port with one line: the managed heap's size in bytes after full, blocking,
/// compacting collections. That is what the objects still reachable — such as an idle live connection's —
/// occupy, independent of how much the garbage collector has chosen to keep committed, which is what the resident
/// set measures.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        var port = Environment.GetEnvironmentVariable("TR_BENCH_HEAP_PROBE_PORT");
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return;
        }
        var listener = new TcpListener(IPAddress.Loopback, number);
        listener.Start();
        new Thread(() => Serve(listener)) { IsBackground = true, Name = "bench heap probe" }.Start();
    }

    private static void Serve(TcpListener listener)
    {
        while (true)
        {
            using var client = listener.AcceptTcpClient();
            using var writer = new StreamWriter(client.GetStream());
            writer.WriteLine(LiveBytesAfterFullCollection().ToString(CultureInfo.InvariantCulture));
        }
    }

    private static long LiveBytesAfterFullCollection()
    {
        // Twice, with finalizers run between: objects a finalizer releases are only collectable the second time.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }
}
