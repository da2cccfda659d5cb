using System.Net;
using System.Net.Sockets;

namespace TranscriptReader.Testing;

/// <summary>Ports on 127.0.0.1 for test and benchmark servers.</summary>
public static class LoopbackPort
{
    /// <summary>A port nothing listens on right now (the OS picks it; it is free once this returns).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
