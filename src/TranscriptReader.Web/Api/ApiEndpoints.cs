namespace TranscriptReader.Web.Api;

public static class ApiEndpoints
{
    /// <summary>All JSON endpoints live under /api/v1; each area adds its own group of routes.</summary>
    public static void MapApi(this WebApplication app)
    {
        var v1 = app.MapGroup("/api/v1").AddEndpointFilter<CookieAntiforgeryFilter>();
        MeApi.Map(v1);
        TranscriptsApi.Map(v1);
        LabelsApi.Map(v1);
        ExportsApi.Map(v1);
        TaggingApi.Map(v1);
        DiscussionApi.Map(v1);
        AgreementApi.Map(v1);
    }
}
