using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace TranscriptReader.Web.Accounts.Mail;

/// <summary>Sends one plain-text message through the configured SMTP server (MailKit).</summary>
public sealed class MailSender(IOptions<MailSettings> options)
{
    public async Task SendAsync(string to, string subject, string body, CancellationToken ct)
    {
        var settings = options.Value;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From!));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };

        using var smtp = new SmtpClient();
        var security = settings.Security.ToLowerInvariant() switch
        {
            "none" => SecureSocketOptions.None,
            "starttls" => SecureSocketOptions.StartTls,
            "tls" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTlsWhenAvailable,
        };
        await smtp.ConnectAsync(settings.SmtpHost!, settings.SmtpPort, security, ct);
        if (!string.IsNullOrEmpty(settings.Username))
        {
            await smtp.AuthenticateAsync(settings.Username, settings.Password ?? "", ct);
        }
        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(true, ct);
    }
}
