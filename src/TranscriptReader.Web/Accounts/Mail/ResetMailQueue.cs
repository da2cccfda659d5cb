using System.Threading.Channels;
using Microsoft.Extensions.Options;
using TranscriptReader.Core.Accounts;

namespace TranscriptReader.Web.Accounts.Mail;

/// <summary>
/// "Forgot password" requests, handled after the page has answered: looking the email up, making the link and
/// talking to the SMTP server all happen here, so the page takes the same time whether or not the address
/// has an account, and tells nothing either way.
/// </summary>
public sealed class ResetMailQueue(
    IServiceScopeFactory scopes, IOptions<MailSettings> settings, ILogger<ResetMailQueue> logger) : BackgroundService
{
    /// <summary>Requests beyond this wait nowhere: they are dropped (and logged), like mail to a full mailbox.</summary>
    private readonly Channel<string> requests = Channel.CreateBounded<string>(new BoundedChannelOptions(200) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Enqueue(string email)
    {
        if (!requests.Writer.TryWrite(email))
        {
            logger.LogWarning("Password-reset mail queue is full; a request was dropped");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var email in requests.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(email, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Could not send a password-reset mail");
            }
        }
    }

    private async Task SendAsync(string email, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<PasswordResets>().CreateForEmailAsync(email, ct);
        if (created is not { } found)
        {
            return;
        }
        var link = new Uri(new Uri(settings.Value.PublicUrl!), "/Account/ResetPassword?token=" + Uri.EscapeDataString(found.Secret));
        var body = $"""
            Hello {found.User.UserName},

            someone (hopefully you) asked to reset the password of your TranscriptReader account.
            To choose a new password, open this link within {(int)PasswordResets.EmailLinkLifetime.TotalMinutes} minutes:

            {link}

            If you did not ask for this, ignore this mail: your password stays as it is.
            """;
        await scope.ServiceProvider.GetRequiredService<MailSender>().SendAsync(found.User.Email!, "Reset your TranscriptReader password", body, ct);
        logger.LogInformation("Sent a password-reset link to user {UserId}", found.User.Id);
    }
}
