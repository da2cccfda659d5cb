using TranscriptReader.Web.Cli;
using TranscriptReader.Web.Setup;

var builder = WebApplication.CreateBuilder(args);
builder.AddTranscriptReader();
var app = builder.Build();

if (AdminCli.IsAdminCommand(args))
{
    await app.PrepareDatabaseAsync();
    return await AdminCli.RunAsync(app.Services, args[1..]);
}

app.UseTranscriptReader();
await app.PrepareDatabaseAsync();
await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
