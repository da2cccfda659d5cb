using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TranscriptReader.Core.Outcomes;
using TranscriptReader.Web.Outcomes;

namespace TranscriptReader.Web.Tests.Outcomes;

/// <summary>
/// The one failure → status map, pinned for both front doors: every <see cref="FailureKind"/> has its status,
/// and the API and the pages answer the same status for the same kind.
/// </summary>
public sealed class OutcomeMappingTests
{
    public static TheoryData<FailureKind, HttpStatusCode> Statuses => new()
    {
        { FailureKind.Invalid, HttpStatusCode.BadRequest },
        { FailureKind.NotFound, HttpStatusCode.NotFound },
        { FailureKind.Forbidden, HttpStatusCode.Forbidden },
        { FailureKind.Conflict, HttpStatusCode.Conflict },
        { FailureKind.Unprocessable, HttpStatusCode.UnprocessableEntity },
        { FailureKind.LimitReached, HttpStatusCode.TooManyRequests },
    };

    [Fact]
    public void Every_failure_kind_is_in_the_table()
    {
        Assert.Equal(Enum.GetValues<FailureKind>().Order(), Statuses.Select(row => (FailureKind)row[0]).Order());
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public void The_api_answers_a_problem_with_the_kinds_status_and_the_message(FailureKind kind, HttpStatusCode status)
    {
        var problem = Assert.IsType<ProblemHttpResult>(new Failure(kind, "Why it failed.").ToProblem());

        Assert.Equal((int)status, problem.StatusCode);
        Assert.Equal("Why it failed.", problem.ProblemDetails.Detail);
        Assert.Equal((int)status, OutcomeHttp.StatusOf(kind));
    }

    [Fact]
    public void Problem_extensions_travel_with_the_failure()
    {
        var failure = new Failure(FailureKind.Conflict, "Not now.", new Dictionary<string, object?> { ["imported"] = new[] { 1L } });
        var problem = Assert.IsType<ProblemHttpResult>(failure.ToProblem());
        Assert.Equal(new[] { 1L }, problem.ProblemDetails.Extensions["imported"]);
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public void A_page_answers_the_same_status_and_shows_the_message_on_its_form(FailureKind kind, HttpStatusCode status)
    {
        var page = new FormPage();

        var result = page.Show(new Failure(kind, "Why it failed."));

        switch (result)
        {
            case PageResult:
                Assert.Equal((int)status, page.HttpContext.Response.StatusCode);
                Assert.Equal("Why it failed.", Assert.Single(page.ModelState[""]!.Errors).ErrorMessage);
                Assert.True(kind is FailureKind.Invalid or FailureKind.Conflict or FailureKind.Unprocessable or FailureKind.LimitReached, $"{kind} re-shows the form");
                break;
            case IStatusCodeActionResult { StatusCode: { } code }:
                Assert.Equal((int)status, code);
                Assert.True(kind is FailureKind.NotFound or FailureKind.Forbidden, $"{kind} answers the status page");
                break;
            default:
                Assert.Fail($"{kind} gave {result.GetType().Name}");
                break;
        }
    }

    private sealed class FormPage : PageModel
    {
        public FormPage() =>
            PageContext = new PageContext { HttpContext = new DefaultHttpContext() };
    }
}
