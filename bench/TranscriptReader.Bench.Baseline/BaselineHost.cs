using TranscriptReader.Web.Setup;

namespace TranscriptReader.Bench.Baseline;

/// <summary>
/// The page-throughput baseline of scripts/bench: the app's own services and middleware
/// (<see cref="ServiceSetup.AddTranscriptReader"/>, <see cref="PipelineSetup.UseTranscriptReader"/>) serving one
/// more page, <c>/bench/fortunes</c>, so the baseline pays what every page of the app pays while the product
/// itself carries no benchmark page.
/// </summary>
/// <remarks>
/// Published and started by the bench like the app (<c>TR_BENCH_BASELINE</c>), in a process of its own with the
/// same settings. It serves the app's pages too: they are discovered from the referenced assembly.
/// </remarks>
public sealed class BaselineHost
{
    private BaselineHost()
    {
    }

    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddTranscriptReader();
        var app = builder.Build();
        app.UseTranscriptReader();
        await app.RunAsync();
    }
}
