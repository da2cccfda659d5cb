using Microsoft.AspNetCore.Identity;
using TranscriptReader.Core.Accounts;

namespace TranscriptReader.Web.Api;

public static class MeApi
{
    public sealed record MeResponse(string Id, string Name, string? Email, IReadOnlyList<string> Roles);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/me", async (HttpContext http, UserManager<AppUser> users) =>
            {
                var user = await users.GetUserAsync(http.User);
                if (user is null)
                {
                    return ApiProblems.Result(StatusCodes.Status401Unauthorized, "Unknown user.");
                }
                var roles = (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal).ToList();
                return Results.Ok(new MeResponse(user.Id, user.UserName ?? "", user.Email, roles));
            })
            .RequireAuthorization()
            .WithName("GetMe")
            .WithSummary("The signed-in user (cookie or personal access token): name and roles.")
            .Produces<MeResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
